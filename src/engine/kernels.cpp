// CPU matrix kernels (see kernels.hpp).
#include "engine/kernels.hpp"

// GCC 12's AVX-512 intrinsics start from deliberately undefined registers
// (_mm512_undefined_*), which -Wmaybe-uninitialized reports as bugs in the
// system header; nothing here reads an uninitialised value.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "engine/numeric.hpp"

namespace lifeguard::engine {
namespace {

constexpr std::size_t kMaxBatch = 8;  // inputs per pass: accumulators stay in registers

float weight_at(const WeightRows& w, std::size_t r, std::size_t c) {
  switch (w.format) {
    case WeightFormat::bf16: return bf16_to_f32(static_cast<const std::uint16_t*>(w.data)[r * w.cols + c]);
    case WeightFormat::f32: return static_cast<const float*>(w.data)[r * w.cols + c];
    case WeightFormat::i8: return static_cast<float>(static_cast<const std::int8_t*>(w.data)[r * w.cols + c]);
  }
  return 0.0f;
}

void portable(const WeightRows& w, std::size_t begin, std::size_t end, const float* x, std::size_t batch, float* y,
              std::size_t stride) {
  for (std::size_t r = begin; r < end; ++r) {
    const float scale = w.format == WeightFormat::i8 ? w.row_scale[r] : 1.0f;
    for (std::size_t b = 0; b < batch; ++b) {
      float sum = 0.0f;
      for (std::size_t c = 0; c < w.cols; ++c) sum += weight_at(w, r, c) * x[b * w.cols + c];
      y[b * stride + r] = sum * scale;
    }
  }
}

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

__attribute__((target("avx2,fma"))) void avx2(const WeightRows& w, std::size_t begin, std::size_t end, const float* x,
                                              std::size_t batch, float* y, std::size_t stride) {
  const std::size_t cols = w.cols, vector_end = cols & ~std::size_t{7};
  for (std::size_t r = begin; r < end; ++r) {
    const float scale = w.format == WeightFormat::i8 ? w.row_scale[r] : 1.0f;
    for (std::size_t b0 = 0; b0 < batch; b0 += kMaxBatch) {
      const std::size_t n = std::min(kMaxBatch, batch - b0);
      __m256 acc[kMaxBatch];
      for (std::size_t b = 0; b < n; ++b) acc[b] = _mm256_setzero_ps();
      for (std::size_t c = 0; c < vector_end; c += 8) {
        const __m256 wv = load8(w, r, c);
        for (std::size_t b = 0; b < n; ++b) acc[b] = _mm256_fmadd_ps(wv, _mm256_loadu_ps(x + (b0 + b) * cols + c), acc[b]);
      }
      for (std::size_t b = 0; b < n; ++b) {
        float sum = sum8(acc[b]);
        for (std::size_t c = vector_end; c < cols; ++c) sum += weight_at(w, r, c) * x[(b0 + b) * cols + c];
        y[(b0 + b) * stride + r] = sum * scale;
      }
    }
  }
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

// One input vector: four independent accumulators hide the FMA latency
// (a single chain would make the loop compute-bound, not memory-bound).
__attribute__((target("avx512f,avx512bw"))) void avx512_single(const WeightRows& w, std::size_t begin, std::size_t end,
                                                               const float* x, float* y) {
  // (y's stride does not matter for one vector.)
  const std::size_t cols = w.cols, block_end = cols & ~std::size_t{63}, vector_end = cols & ~std::size_t{15};
  for (std::size_t r = begin; r < end; ++r) {
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    std::size_t c = 0;
    for (; c < block_end; c += 64) {
      a0 = _mm512_fmadd_ps(load16(w, r, c), _mm512_loadu_ps(x + c), a0);
      a1 = _mm512_fmadd_ps(load16(w, r, c + 16), _mm512_loadu_ps(x + c + 16), a1);
      a2 = _mm512_fmadd_ps(load16(w, r, c + 32), _mm512_loadu_ps(x + c + 32), a2);
      a3 = _mm512_fmadd_ps(load16(w, r, c + 48), _mm512_loadu_ps(x + c + 48), a3);
    }
    for (; c < vector_end; c += 16) a0 = _mm512_fmadd_ps(load16(w, r, c), _mm512_loadu_ps(x + c), a0);
    float sum = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
    for (; c < cols; ++c) sum += weight_at(w, r, c) * x[c];
    y[r] = sum * (w.format == WeightFormat::i8 ? w.row_scale[r] : 1.0f);
  }
}

// N input vectors at once (N a compile-time constant, so the accumulators
// stay in registers): each weight vector is loaded and converted once and
// used N times.
template <std::size_t N>
__attribute__((target("avx512f,avx512bw"))) void avx512_batch(const WeightRows& w, std::size_t begin, std::size_t end,
                                                              const float* x, float* y, std::size_t stride) {
  const std::size_t cols = w.cols, vector_end = cols & ~std::size_t{15};
  for (std::size_t r = begin; r < end; ++r) {
    __m512 acc[N];
    for (std::size_t b = 0; b < N; ++b) acc[b] = _mm512_setzero_ps();
    for (std::size_t c = 0; c < vector_end; c += 16) {
      const __m512 wv = load16(w, r, c);
      for (std::size_t b = 0; b < N; ++b) acc[b] = _mm512_fmadd_ps(wv, _mm512_loadu_ps(x + b * cols + c), acc[b]);
    }
    const float scale = w.format == WeightFormat::i8 ? w.row_scale[r] : 1.0f;
    for (std::size_t b = 0; b < N; ++b) {
      float sum = _mm512_reduce_add_ps(acc[b]);
      for (std::size_t c = vector_end; c < cols; ++c) sum += weight_at(w, r, c) * x[b * cols + c];
      y[b * stride + r] = sum * scale;
    }
  }
}

__attribute__((target("avx512f,avx512bw"))) void avx512(const WeightRows& w, std::size_t begin, std::size_t end,
                                                        const float* x, std::size_t batch, float* y, std::size_t stride) {
  for (std::size_t b0 = 0; b0 < batch;) {
    const std::size_t n = std::min(kMaxBatch, batch - b0);
    const float* xb = x + b0 * w.cols;
    float* yb = y + b0 * stride;
    switch (n) {
      case 1: avx512_single(w, begin, end, xb, yb); break;
      case 2: avx512_batch<2>(w, begin, end, xb, yb, stride); break;
      case 3: avx512_batch<3>(w, begin, end, xb, yb, stride); break;
      case 4: avx512_batch<4>(w, begin, end, xb, yb, stride); break;
      case 5: avx512_batch<5>(w, begin, end, xb, yb, stride); break;
      case 6: avx512_batch<6>(w, begin, end, xb, yb, stride); break;
      case 7: avx512_batch<7>(w, begin, end, xb, yb, stride); break;
      default: avx512_batch<8>(w, begin, end, xb, yb, stride); break;
    }
    b0 += n;
  }
}

using Kernel = void (*)(const WeightRows&, std::size_t, std::size_t, const float*, std::size_t, float*, std::size_t);

struct Chosen {
  Kernel kernel;
  std::string_view isa;
};

Chosen choose() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) return {avx512, "avx512"};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return {avx2, "avx2"};
  return {portable, "portable"};
}

const Chosen& chosen() {
  static const Chosen instance = choose();
  return instance;
}

}  // namespace

void matmul_rows(const WeightRows& w, std::size_t row_begin, std::size_t row_end, const float* x, std::size_t batch,
                 float* y, std::size_t y_stride) {
  chosen().kernel(w, row_begin, row_end, x, batch, y, y_stride);
}

std::string_view kernel_isa() { return chosen().isa; }

}  // namespace lifeguard::engine
