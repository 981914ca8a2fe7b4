// Matrix kernels of the CPU engine: Y = X · Wᵀ for a few input vectors at
// once (the decode batch, or the prompt's positions), so each weight row is
// read from memory once per call whatever the batch. Weights in bf16, f32 or
// int8 with one scale per row; accumulation in f32. AVX-512 and AVX2+FMA
// versions are chosen at run time; a portable loop is the fallback.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lifeguard::engine {

enum class WeightFormat { bf16, f32, i8 };

struct WeightRows {
  WeightFormat format = WeightFormat::f32;
  const void* data = nullptr;         // [rows][cols]
  const float* row_scale = nullptr;   // int8 only: one scale per row
  std::size_t cols = 0;
};

// For rows [row_begin, row_end) and inputs b < batch:
//   y[b * y_stride + r] = sum_c W[r][c] * x[b * cols + c]
void matmul_rows(const WeightRows& w, std::size_t row_begin, std::size_t row_end, const float* x, std::size_t batch,
                 float* y, std::size_t y_stride);

// Which instruction set the kernels use on this machine: "avx512", "avx2" or "portable".
std::string_view kernel_isa();

}  // namespace lifeguard::engine
