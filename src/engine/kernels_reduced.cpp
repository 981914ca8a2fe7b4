// Reduced-arithmetic kernels (see kernels.hpp): bf16 weights times bf16
// inputs with vdpbf16ps (AVX-512 BF16), int8 weights times int8 inputs with
// vpdpbusd (AVX-512 VNNI). Same tiling as the f32 kernels: one chain per
// (row, input), so a row's sum does not depend on the other inputs.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include <algorithm>

#include "engine/kernels_internal.hpp"
#include "engine/numeric.hpp"

#define LIFEGUARD_BF16 __attribute__((target("avx512f,avx512bw,avx512bf16")))
#define LIFEGUARD_VNNI __attribute__((target("avx512f,avx512bw,avx512vnni")))

namespace lifeguard::engine::kernels {
namespace {

// Dispatches n (1..8) to Rows<N>::run with a compile-time N.
template <template <std::size_t> class Rows, typename... Args>
void with_batch(std::size_t n, Args&&... args) {
  switch (n) {
    case 1: return Rows<1>::run(args...);
    case 2: return Rows<2>::run(args...);
    case 3: return Rows<3>::run(args...);
    case 4: return Rows<4>::run(args...);
    case 5: return Rows<5>::run(args...);
    case 6: return Rows<6>::run(args...);
    case 7: return Rows<7>::run(args...);
    default: return Rows<8>::run(args...);
  }
}

// Rows per tile for N inputs with at most `budget` accumulators. One input
// (decode at batch 1, bound by memory) reads one row at a time: a single
// sequential stream is what the hardware prefetcher follows best (several
// rows at once measured a third slower). Tiling never changes a row's sum.
constexpr std::size_t tile_rows(std::size_t n, std::size_t budget) {
  if (n == 1) return 1;
  const std::size_t r = budget / n;
  return r >= 8 ? 8 : r >= 6 ? 6 : r < 1 ? 1 : (r == 5 ? 4 : r);  // a divisor of kBlockRows
}

// ---- bf16 x bf16 -----------------------------------------------------------

template <std::size_t R, std::size_t N>
LIFEGUARD_BF16 void bf16_tile(const std::uint16_t* w, std::size_t cols, std::size_t r0, const std::uint16_t* x, float* y,
                              std::size_t stride) {
  const std::size_t vector_end = cols & ~std::size_t{31};
  __m512 acc[R][N];
  for (std::size_t i = 0; i < R; ++i)
    for (std::size_t b = 0; b < N; ++b) acc[i][b] = _mm512_setzero_ps();
  for (std::size_t c = 0; c < vector_end; c += 32) {
    __m512bh wv[R];
    for (std::size_t i = 0; i < R; ++i) {
      if constexpr (R > 1) _mm_prefetch(reinterpret_cast<const char*>(w + (r0 + R + i) * cols + c), _MM_HINT_T0);  // as in q8_tile
      wv[i] = (__m512bh)_mm512_loadu_si512(w + (r0 + i) * cols + c);
    }
    for (std::size_t b = 0; b < N; ++b) {
      const __m512bh xv = (__m512bh)_mm512_loadu_si512(x + b * cols + c);
      for (std::size_t i = 0; i < R; ++i) acc[i][b] = _mm512_dpbf16_ps(acc[i][b], wv[i], xv);
    }
  }
  for (std::size_t i = 0; i < R; ++i) {
    for (std::size_t b = 0; b < N; ++b) {
      float sum = _mm512_reduce_add_ps(acc[i][b]);
      for (std::size_t c = vector_end; c < cols; ++c) sum += bf16_to_f32(w[(r0 + i) * cols + c]) * bf16_to_f32(x[b * cols + c]);
      y[b * stride + r0 + i] = sum;
    }
  }
}

template <std::size_t N>
struct Bf16Rows {
  LIFEGUARD_BF16 static void run(const std::uint16_t* w, std::size_t cols, std::size_t begin, std::size_t end,
                                 const std::uint16_t* x, float* y, std::size_t stride) {
    constexpr std::size_t R = tile_rows(N, 24);
    std::size_t r = begin;
    for (; r + R <= end; r += R) bf16_tile<R, N>(w, cols, r, x, y, stride);
    for (; r < end; ++r) bf16_tile<1, N>(w, cols, r, x, y, stride);
  }
};

// ---- int8 x int8 -----------------------------------------------------------
// vpdpbusd multiplies unsigned by signed bytes, so the input is stored as
// magnitudes with a sign mask, and each weight byte takes the input's sign
// (w -> -w where x < 0; weights are quantised to -127..127, so no overflow).
// Integer sums per 128-value block, then scaled by the block's input scale.

template <std::size_t R, std::size_t N>
LIFEGUARD_VNNI void q8_tile(const WeightRows& w, std::size_t r0, const MatmulInputs& in, std::size_t b0, float* y,
                            std::size_t stride) {
  const std::size_t cols = w.cols, padded = in.padded_cols, blocks = padded / kQ8Block;
  const std::size_t full_blocks = cols / kQ8Block;
  const auto* weights = static_cast<const std::int8_t*>(w.data);
  const __m512i zero = _mm512_setzero_si512();
  __m512 acc[R][N];
  for (std::size_t i = 0; i < R; ++i)
    for (std::size_t b = 0; b < N; ++b) acc[i][b] = _mm512_setzero_ps();
  for (std::size_t block = 0; block < full_blocks; ++block) {
    __m512i sums[R][N];
    for (std::size_t i = 0; i < R; ++i)
      for (std::size_t b = 0; b < N; ++b) sums[i][b] = zero;
    for (std::size_t half = 0; half < 2; ++half) {
      const std::size_t c = block * kQ8Block + half * 64;
      __m512i wv[R];
      for (std::size_t i = 0; i < R; ++i) {
        // The next tile's rows, one tile ahead: several rows are read at once,
        // which the hardware prefetcher follows less well than one stream.
        if constexpr (R > 1) _mm_prefetch(reinterpret_cast<const char*>(weights + (r0 + R + i) * cols + c), _MM_HINT_T0);
        wv[i] = _mm512_loadu_si512(weights + (r0 + i) * cols + c);
      }
      for (std::size_t b = 0; b < N; ++b) {
        const __m512i magnitude = _mm512_loadu_si512(in.q8_magnitude + (b0 + b) * padded + c);
        const __mmask64 negative = in.q8_negative[(b0 + b) * (padded / 64) + c / 64];
        for (std::size_t i = 0; i < R; ++i) {
          sums[i][b] = _mm512_dpbusd_epi32(sums[i][b], magnitude, _mm512_mask_sub_epi8(wv[i], negative, zero, wv[i]));
        }
      }
    }
    for (std::size_t b = 0; b < N; ++b) {
      const __m512 scale = _mm512_set1_ps(in.q8_scale[(b0 + b) * blocks + block]);
      for (std::size_t i = 0; i < R; ++i) acc[i][b] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums[i][b]), scale, acc[i][b]);
    }
  }
  for (std::size_t i = 0; i < R; ++i) {
    const std::size_t r = r0 + i;
    for (std::size_t b = 0; b < N; ++b) {
      float sum = _mm512_reduce_add_ps(acc[i][b]);
      if (full_blocks < blocks) {  // the last, partial block
        std::int32_t dot = 0;
        const std::size_t row = (b0 + b) * padded;
        for (std::size_t c = full_blocks * kQ8Block; c < cols; ++c) {
          const bool negative = (in.q8_negative[row / 64 + c / 64] >> (c % 64)) & 1u;
          const std::int32_t q = negative ? -std::int32_t{in.q8_magnitude[row + c]} : std::int32_t{in.q8_magnitude[row + c]};
          dot += q * weights[r * cols + c];
        }
        sum += static_cast<float>(dot) * in.q8_scale[(b0 + b) * blocks + full_blocks];
      }
      y[(b0 + b) * stride + r] = sum * w.row_scale[r];
    }
  }
}

template <std::size_t N>
struct Q8Rows {
  LIFEGUARD_VNNI static void run(const WeightRows& w, std::size_t begin, std::size_t end, const MatmulInputs& in,
                                 std::size_t b0, float* y, std::size_t stride) {
    // Integer and float accumulators both live in registers: 2*R*N <= 20.
    constexpr std::size_t R = tile_rows(N, 10);
    std::size_t r = begin;
    for (; r + R <= end; r += R) q8_tile<R, N>(w, r, in, b0, y, stride);
    for (; r < end; ++r) q8_tile<1, N>(w, r, in, b0, y, stride);
  }
};

}  // namespace

LIFEGUARD_BF16 void bf16_avx512(const WeightRows& w, std::size_t begin, std::size_t end, const MatmulInputs& in, float* y,
                                std::size_t stride) {
  const auto* weights = static_cast<const std::uint16_t*>(w.data);
  over_blocks(begin, end, in.batch, [&](std::size_t r, std::size_t r_end, std::size_t b0, std::size_t n) {
    with_batch<Bf16Rows>(n, weights, w.cols, r, r_end, in.bf16 + b0 * w.cols, y + b0 * stride, stride);
  });
}

LIFEGUARD_VNNI void q8_avx512(const WeightRows& w, std::size_t begin, std::size_t end, const MatmulInputs& in, float* y,
                              std::size_t stride) {
  over_blocks(begin, end, in.batch, [&](std::size_t r, std::size_t r_end, std::size_t b0, std::size_t n) {
    with_batch<Q8Rows>(n, w, r, r_end, in, b0, y, stride);
  });
}

}  // namespace lifeguard::engine::kernels
