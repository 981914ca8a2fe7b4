// Choice of kernel and preparation of the inputs (see kernels.hpp).
#include "engine/kernels.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/kernels_internal.hpp"
#include "engine/numeric.hpp"

namespace lifeguard::engine {
namespace kernels {

bool has_avx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
bool has_avx512() { return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"); }
bool has_avx512_bf16() { return has_avx512() && __builtin_cpu_supports("avx512bf16"); }
bool has_avx512_vnni() { return has_avx512() && __builtin_cpu_supports("avx512vnni"); }

}  // namespace kernels

namespace {

struct Chosen {
  kernels::Kernel f32;
  float (*dot)(const float*, const float*, std::size_t);
  void (*add_scaled)(float*, const float*, float, std::size_t);
  bool bf16_dot, q8_dot;
  std::string isa;
};

Chosen choose() {
  __builtin_cpu_init();
  Chosen c{kernels::f32_portable, kernels::dot_portable, kernels::add_scaled_portable, false, false, "portable"};
  if (kernels::has_avx512()) {
    c.f32 = kernels::f32_avx512;
    c.dot = kernels::dot_avx512;
    c.add_scaled = kernels::add_scaled_avx512;
    c.isa = "avx512";
    c.bf16_dot = kernels::has_avx512_bf16();
    c.q8_dot = kernels::has_avx512_vnni();
    if (c.bf16_dot) c.isa += "+bf16";
    if (c.q8_dot) c.isa += "+vnni";
  } else if (kernels::has_avx2()) {
    c.f32 = kernels::f32_avx2;
    c.dot = kernels::dot_avx2;
    c.add_scaled = kernels::add_scaled_avx2;
    c.isa = "avx2";
  }
  return c;
}

const Chosen& chosen() {
  static const Chosen instance = choose();
  return instance;
}

}  // namespace

PreparedInputs::PreparedInputs(const float* x, std::size_t batch, std::size_t cols, WeightFormat format,
                               Arithmetic arithmetic) {
  view_.batch = batch;
  view_.cols = cols;
  view_.f32 = x;
  if (arithmetic == Arithmetic::f32 || format == WeightFormat::f32) return;
  const std::size_t count = batch * cols;
  if (format == WeightFormat::bf16) {
    if (chosen().bf16_dot) {
      bf16_.resize(count);
      for (std::size_t i = 0; i < count; ++i) bf16_[i] = f32_to_bf16(x[i]);
      view_.bf16 = bf16_.data();
    } else {  // same rounding, multiplied by the f32 kernels
      rounded_.resize(count);
      for (std::size_t i = 0; i < count; ++i) rounded_[i] = bf16_to_f32(f32_to_bf16(x[i]));
      view_.f32 = rounded_.data();
    }
    return;
  }
  // int8: symmetric quantisation, one scale per block of kQ8Block values.
  const std::size_t padded = (cols + kQ8Block - 1) / kQ8Block * kQ8Block, blocks = padded / kQ8Block;
  const bool dot = chosen().q8_dot;
  scale_.assign(batch * blocks, 0.0f);
  if (dot) {
    magnitude_.assign(batch * padded, 0);
    negative_.assign(batch * padded / 64, 0);
  } else {
    rounded_.resize(count);
  }
  for (std::size_t b = 0; b < batch; ++b) {
    for (std::size_t block = 0; block < blocks; ++block) {
      const std::size_t from = block * kQ8Block, to = std::min(cols, from + kQ8Block);
      float largest = 0.0f;
      for (std::size_t c = from; c < to; ++c) largest = std::max(largest, std::fabs(x[b * cols + c]));
      const float scale = largest / 127.0f;
      scale_[b * blocks + block] = scale;
      for (std::size_t c = from; c < to; ++c) {
        const float q = scale > 0.0f ? std::clamp(std::nearbyint(x[b * cols + c] / scale), -127.0f, 127.0f) : 0.0f;
        if (dot) {
          magnitude_[b * padded + c] = static_cast<std::uint8_t>(std::fabs(q));
          if (q < 0.0f) negative_[(b * padded + c) / 64] |= std::uint64_t{1} << (c % 64);
        } else {
          rounded_[b * cols + c] = q * scale;
        }
      }
    }
  }
  if (dot) {
    view_.q8_magnitude = magnitude_.data();
    view_.q8_negative = negative_.data();
    view_.q8_scale = scale_.data();
    view_.padded_cols = padded;
  } else {
    view_.f32 = rounded_.data();
  }
}

void matmul_rows(const WeightRows& w, std::size_t row_begin, std::size_t row_end, const MatmulInputs& x, float* y,
                 std::size_t y_stride) {
  if (w.format == WeightFormat::bf16 && x.bf16) return kernels::bf16_avx512(w, row_begin, row_end, x, y, y_stride);
  if (w.format == WeightFormat::i8 && x.q8_magnitude) return kernels::q8_avx512(w, row_begin, row_end, x, y, y_stride);
  chosen().f32(w, row_begin, row_end, x, y, y_stride);
}

float dot(const float* a, const float* b, std::size_t n) { return chosen().dot(a, b, n); }
void add_scaled(float* out, const float* v, float p, std::size_t n) { chosen().add_scaled(out, v, p, n); }

std::string_view kernel_isa() { return chosen().isa; }

}  // namespace lifeguard::engine
