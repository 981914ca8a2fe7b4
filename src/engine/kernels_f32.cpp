// f32 kernels (see kernels.hpp): weights widened to f32, f32 inputs, one
// accumulator chain per (row, input) over the columns in order, so the sum
// for a row does not depend on which other inputs share the call.

// GCC 12's AVX-512 intrinsics start from deliberately undefined registers
// (_mm512_undefined_*), which -W(maybe-)uninitialized reports as bugs in the
// system header; nothing here reads an uninitialised value.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include <algorithm>

#include "engine/kernels_internal.hpp"
#include "engine/numeric.hpp"

namespace lifeguard::engine::kernels {
namespace {

float weight_at(const WeightRows& w, std::size_t r, std::size_t c) {
  switch (w.format) {
    case WeightFormat::bf16: return bf16_to_f32(static_cast<const std::uint16_t*>(w.data)[r * w.cols + c]);
    case WeightFormat::f32: return static_cast<const float*>(w.data)[r * w.cols + c];
    case WeightFormat::i8: return static_cast<float>(static_cast<const std::int8_t*>(w.data)[r * w.cols + c]);
  }
  return 0.0f;
}

float row_scale(const WeightRows& w, std::size_t r) { return w.format == WeightFormat::i8 ? w.row_scale[r] : 1.0f; }

__attribute__((target("avx2,fma"))) inline __m256 load8(const WeightRows& w, std::size_t r, std::size_t c) {
  switch (w.format) {
    case WeightFormat::bf16: {
      __m128i half = _mm_loadu_si128(reinterpret_cast<const __m128i*>(static_cast<const std::uint16_t*>(w.data) + r * w.cols + c));
      return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(half), 16));
    }
    case WeightFormat::f32:
      return _mm256_loadu_ps(static_cast<const float*>(w.data) + r * w.cols + c);
    case WeightFormat::i8: {
      __m128i bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(static_cast<const std::int8_t*>(w.data) + r * w.cols + c));
      return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(bytes));
    }
  }
  return _mm256_setzero_ps();
}

__attribute__((target("avx2,fma"))) inline float sum8(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// AVX2 has 16 registers: R rows x N inputs with R*N <= 8.
template <std::size_t R, std::size_t N>
__attribute__((target("avx2,fma"))) void avx2_tile(const WeightRows& w, std::size_t r0, const float* x, float* y,
                                                   std::size_t stride) {
  const std::size_t cols = w.cols, vector_end = cols & ~std::size_t{7};
  __m256 acc[R][N];
  for (std::size_t i = 0; i < R; ++i)
    for (std::size_t b = 0; b < N; ++b) acc[i][b] = _mm256_setzero_ps();
  for (std::size_t c = 0; c < vector_end; c += 8) {
    __m256 wv[R];
    for (std::size_t i = 0; i < R; ++i) wv[i] = load8(w, r0 + i, c);
    for (std::size_t b = 0; b < N; ++b) {
      const __m256 xv = _mm256_loadu_ps(x + b * cols + c);
      for (std::size_t i = 0; i < R; ++i) acc[i][b] = _mm256_fmadd_ps(wv[i], xv, acc[i][b]);
    }
  }
  for (std::size_t i = 0; i < R; ++i) {
    for (std::size_t b = 0; b < N; ++b) {
      float sum = sum8(acc[i][b]);
      for (std::size_t c = vector_end; c < cols; ++c) sum += weight_at(w, r0 + i, c) * x[b * cols + c];
      y[b * stride + r0 + i] = sum * row_scale(w, r0 + i);
    }
  }
}

template <std::size_t N>
__attribute__((target("avx2,fma"))) void avx2_rows(const WeightRows& w, std::size_t begin, std::size_t end, const float* x,
                                                   float* y, std::size_t stride) {
  constexpr std::size_t R = N == 1 ? 2 : (N >= 8 ? 1 : 8 / N);  // one input: two rows, two streams
  std::size_t r = begin;
  for (; r + R <= end; r += R) avx2_tile<R, N>(w, r, x, y, stride);
  for (; r < end; ++r) avx2_tile<1, N>(w, r, x, y, stride);
}

__attribute__((target("avx512f,avx512bw"))) inline __m512 load16(const WeightRows& w, std::size_t r, std::size_t c) {
  switch (w.format) {
    case WeightFormat::bf16: {
      __m256i half = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(static_cast<const std::uint16_t*>(w.data) + r * w.cols + c));
      return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(half), 16));
    }
    case WeightFormat::f32:
      return _mm512_loadu_ps(static_cast<const float*>(w.data) + r * w.cols + c);
    case WeightFormat::i8: {
      __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(static_cast<const std::int8_t*>(w.data) + r * w.cols + c));
      return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(bytes));
    }
  }
  return _mm512_setzero_ps();
}

// R weight rows times N inputs (compile-time constants, so the R*N
// accumulators stay in registers): each weight vector is loaded and
// converted once and used N times, each input vector used R times.
template <std::size_t R, std::size_t N>
__attribute__((target("avx512f,avx512bw"))) void avx512_tile(const WeightRows& w, std::size_t r0, const float* x, float* y,
                                                             std::size_t stride) {
  const std::size_t cols = w.cols, vector_end = cols & ~std::size_t{15};
  __m512 acc[R][N];
  for (std::size_t i = 0; i < R; ++i)
    for (std::size_t b = 0; b < N; ++b) acc[i][b] = _mm512_setzero_ps();
  for (std::size_t c = 0; c < vector_end; c += 16) {
    __m512 wv[R];
    for (std::size_t i = 0; i < R; ++i) wv[i] = load16(w, r0 + i, c);
    for (std::size_t b = 0; b < N; ++b) {
      const __m512 xv = _mm512_loadu_ps(x + b * cols + c);
      for (std::size_t i = 0; i < R; ++i) acc[i][b] = _mm512_fmadd_ps(wv[i], xv, acc[i][b]);
    }
  }
  for (std::size_t i = 0; i < R; ++i) {
    for (std::size_t b = 0; b < N; ++b) {
      float sum = _mm512_reduce_add_ps(acc[i][b]);
      for (std::size_t c = vector_end; c < cols; ++c) sum += weight_at(w, r0 + i, c) * x[b * cols + c];
      y[b * stride + r0 + i] = sum * row_scale(w, r0 + i);
    }
  }
}

// 24 accumulators leave 8 registers for operands. One input (decode at
// batch 1, bound by memory) reads one row at a time: a single sequential
// stream is what the hardware prefetcher follows best (several rows at once
// measured a third slower). Tiling never changes a row's sum.
template <std::size_t N>
__attribute__((target("avx512f,avx512bw"))) void avx512_rows(const WeightRows& w, std::size_t begin, std::size_t end,
                                                             const float* x, float* y, std::size_t stride) {
  constexpr std::size_t R = N == 1 ? 1 : (24 / N >= 8 ? 8 : 24 / N >= 6 ? 6 : 24 / N == 5 ? 4 : 24 / N);
  std::size_t r = begin;
  for (; r + R <= end; r += R) avx512_tile<R, N>(w, r, x, y, stride);
  for (; r < end; ++r) avx512_tile<1, N>(w, r, x, y, stride);
}

}  // namespace

void f32_portable(const WeightRows& w, std::size_t begin, std::size_t end, const MatmulInputs& in, float* y,
                  std::size_t stride) {
  for (std::size_t r = begin; r < end; ++r) {
    for (std::size_t b = 0; b < in.batch; ++b) {
      float sum = 0.0f;
      for (std::size_t c = 0; c < w.cols; ++c) sum += weight_at(w, r, c) * in.f32[b * w.cols + c];
      y[b * stride + r] = sum * row_scale(w, r);
    }
  }
}

__attribute__((target("avx2,fma"))) void f32_avx2(const WeightRows& w, std::size_t begin, std::size_t end,
                                                  const MatmulInputs& in, float* y, std::size_t stride) {
  over_blocks(begin, end, in.batch, [&](std::size_t r, std::size_t r_end, std::size_t b0, std::size_t n) {
    const float* x = in.f32 + b0 * w.cols;
    float* yb = y + b0 * stride;
    switch (n) {
      case 1: avx2_rows<1>(w, r, r_end, x, yb, stride); break;
      case 2: avx2_rows<2>(w, r, r_end, x, yb, stride); break;
      case 3: avx2_rows<3>(w, r, r_end, x, yb, stride); break;
      case 4: avx2_rows<4>(w, r, r_end, x, yb, stride); break;
      case 5: avx2_rows<5>(w, r, r_end, x, yb, stride); break;
      case 6: avx2_rows<6>(w, r, r_end, x, yb, stride); break;
      case 7: avx2_rows<7>(w, r, r_end, x, yb, stride); break;
      default: avx2_rows<8>(w, r, r_end, x, yb, stride); break;
    }
  });
}

__attribute__((target("avx512f,avx512bw"))) void f32_avx512(const WeightRows& w, std::size_t begin, std::size_t end,
                                                            const MatmulInputs& in, float* y, std::size_t stride) {
  over_blocks(begin, end, in.batch, [&](std::size_t r, std::size_t r_end, std::size_t b0, std::size_t n) {
    const float* x = in.f32 + b0 * w.cols;
    float* yb = y + b0 * stride;
    switch (n) {
      case 1: avx512_rows<1>(w, r, r_end, x, yb, stride); break;
      case 2: avx512_rows<2>(w, r, r_end, x, yb, stride); break;
      case 3: avx512_rows<3>(w, r, r_end, x, yb, stride); break;
      case 4: avx512_rows<4>(w, r, r_end, x, yb, stride); break;
      case 5: avx512_rows<5>(w, r, r_end, x, yb, stride); break;
      case 6: avx512_rows<6>(w, r, r_end, x, yb, stride); break;
      case 7: avx512_rows<7>(w, r, r_end, x, yb, stride); break;
      default: avx512_rows<8>(w, r, r_end, x, yb, stride); break;
    }
  });
}

float dot_portable(const float* a, const float* b, std::size_t n) {
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

__attribute__((target("avx2,fma"))) float dot_avx2(const float* a, const float* b, std::size_t n) {
  const std::size_t vector_end = n & ~std::size_t{7};
  __m256 acc = _mm256_setzero_ps();
  for (std::size_t i = 0; i < vector_end; i += 8) acc = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc);
  float sum = sum8(acc);
  for (std::size_t i = vector_end; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

__attribute__((target("avx512f,avx512bw"))) float dot_avx512(const float* a, const float* b, std::size_t n) {
  const std::size_t vector_end = n & ~std::size_t{15};
  __m512 acc = _mm512_setzero_ps();
  for (std::size_t i = 0; i < vector_end; i += 16) acc = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), acc);
  float sum = _mm512_reduce_add_ps(acc);
  for (std::size_t i = vector_end; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

void add_scaled_portable(float* out, const float* v, float p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] += p * v[i];
}

__attribute__((target("avx2,fma"))) void add_scaled_avx2(float* out, const float* v, float p, std::size_t n) {
  const std::size_t vector_end = n & ~std::size_t{7};
  const __m256 pv = _mm256_set1_ps(p);
  for (std::size_t i = 0; i < vector_end; i += 8) {
    _mm256_storeu_ps(out + i, _mm256_fmadd_ps(pv, _mm256_loadu_ps(v + i), _mm256_loadu_ps(out + i)));
  }
  for (std::size_t i = vector_end; i < n; ++i) out[i] += p * v[i];
}

__attribute__((target("avx512f,avx512bw"))) void add_scaled_avx512(float* out, const float* v, float p, std::size_t n) {
  const std::size_t vector_end = n & ~std::size_t{15};
  const __m512 pv = _mm512_set1_ps(p);
  for (std::size_t i = 0; i < vector_end; i += 16) {
    _mm512_storeu_ps(out + i, _mm512_fmadd_ps(pv, _mm512_loadu_ps(v + i), _mm512_loadu_ps(out + i)));
  }
  for (std::size_t i = vector_end; i < n; ++i) out[i] += p * v[i];
}

}  // namespace lifeguard::engine::kernels
