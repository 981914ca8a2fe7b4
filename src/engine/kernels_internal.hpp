// The kernels behind matmul_rows (kernels.hpp), one per instruction set, so
// that tests can hold each against the portable one on machines that have it.
#pragma once

#include <algorithm>

#include "engine/kernels.hpp"

namespace lifeguard::engine::kernels {

inline constexpr std::size_t kMaxBatch = 8;    // inputs per tile
// Rows whose weights stay in cache while every input passes: a multiple of
// every tile height (1, 2, 3, 4, 6, 8), so no block ends in a short tile.
inline constexpr std::size_t kBlockRows = 24;

// Calls tile(r, r_end, b0, n) over rows [begin, end) in blocks of kBlockRows
// and the inputs in groups of up to kMaxBatch: a block of weights is read
// from memory once, then from cache for every group.
template <typename Tile>
void over_blocks(std::size_t begin, std::size_t end, std::size_t batch, const Tile& tile) {
  for (std::size_t r = begin; r < end; r += kBlockRows) {
    const std::size_t r_end = std::min(end, r + kBlockRows);
    for (std::size_t b0 = 0; b0 < batch; b0 += kMaxBatch) tile(r, r_end, b0, std::min(kMaxBatch, batch - b0));
  }
}

// Plain f32 products over x.f32 (any weight format).
using Kernel = void (*)(const WeightRows&, std::size_t, std::size_t, const MatmulInputs&, float*, std::size_t);

void f32_portable(const WeightRows&, std::size_t, std::size_t, const MatmulInputs&, float*, std::size_t);
void f32_avx2(const WeightRows&, std::size_t, std::size_t, const MatmulInputs&, float*, std::size_t);
void f32_avx512(const WeightRows&, std::size_t, std::size_t, const MatmulInputs&, float*, std::size_t);
// bf16 weights times x.bf16 (vdpbf16ps).
void bf16_avx512(const WeightRows&, std::size_t, std::size_t, const MatmulInputs&, float*, std::size_t);
// int8 weights times the int8-quantised x (vpdpbusd).
void q8_avx512(const WeightRows&, std::size_t, std::size_t, const MatmulInputs&, float*, std::size_t);

float dot_portable(const float* a, const float* b, std::size_t n);
float dot_avx2(const float* a, const float* b, std::size_t n);
float dot_avx512(const float* a, const float* b, std::size_t n);
void add_scaled_portable(float* out, const float* v, float p, std::size_t n);
void add_scaled_avx2(float* out, const float* v, float p, std::size_t n);
void add_scaled_avx512(float* out, const float* v, float p, std::size_t n);

bool has_avx2();
bool has_avx512();
bool has_avx512_bf16();
bool has_avx512_vnni();

}  // namespace lifeguard::engine::kernels
