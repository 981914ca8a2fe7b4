// Matrix kernels of the CPU engine: Y = X · Wᵀ for a few input vectors at
// once (the decode batch, or the prompt's positions), so each weight row is
// read from memory once per call whatever the batch.
//
// Two arithmetics:
//  - f32: weights (bf16, f32 or int8 with one scale per row) widened to f32
//    and multiplied with f32 inputs, f32 accumulation. Over bf16 weights this
//    is what transformers computes in float32.
//  - reduced: the inputs of each product are first rounded to bf16 (bf16
//    weights: what transformers does in bfloat16) or quantised to int8 with
//    one scale per 128 values (int8 weights), then multiplied with the
//    processor's dot-product instructions (AVX-512 BF16, VNNI) where present.
//    f32 weights always use f32 arithmetic.
//
// Every kernel sums one row against one input in the same order whatever
// the batch, so a sequence gets the same logits alone or in a batch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace lifeguard::engine {

enum class WeightFormat { bf16, f32, i8 };
enum class Arithmetic { f32, reduced };

struct WeightRows {
  WeightFormat format = WeightFormat::f32;
  const void* data = nullptr;         // [rows][cols]
  const float* row_scale = nullptr;   // int8 only: one scale per row
  std::size_t cols = 0;
};

inline constexpr std::size_t kQ8Block = 128;  // input values per int8 scale

// The inputs of one product, in the form the chosen kernel reads.
struct MatmulInputs {
  std::size_t batch = 0, cols = 0;
  const float* f32 = nullptr;              // [batch][cols]: f32 kernels (reduced: already rounded)
  const std::uint16_t* bf16 = nullptr;     // [batch][cols]: bf16 dot-product kernels
  const std::uint8_t* q8_magnitude = nullptr;  // [batch][padded cols]: |q|, int8 dot-product kernels
  const std::uint64_t* q8_negative = nullptr;  // [batch][padded cols / 64]: sign bits of q
  const float* q8_scale = nullptr;         // [batch][blocks]
  std::size_t padded_cols = 0;             // cols rounded up to kQ8Block
};

// Owns the converted copies of x that a product over `format` weights in
// `arithmetic` needs; x itself must outlive it.
class PreparedInputs {
 public:
  PreparedInputs(const float* x, std::size_t batch, std::size_t cols, WeightFormat format, Arithmetic arithmetic);
  const MatmulInputs& view() const { return view_; }

 private:
  MatmulInputs view_;
  std::vector<float> rounded_;
  std::vector<std::uint16_t> bf16_;
  std::vector<std::uint8_t> magnitude_;
  std::vector<std::uint64_t> negative_;
  std::vector<float> scale_;
};

// For rows [row_begin, row_end) and inputs b < batch:
//   y[b * y_stride + r] = sum_c W[r][c] * x[b][c]
void matmul_rows(const WeightRows& w, std::size_t row_begin, std::size_t row_end, const MatmulInputs& x, float* y,
                 std::size_t y_stride);

// Attention's inner loops: sum_i a[i] * b[i], and out[i] += p * v[i].
float dot(const float* a, const float* b, std::size_t n);
void add_scaled(float* out, const float* v, float p, std::size_t n);

// Which instruction sets the kernels use on this machine, e.g. "avx512+bf16+vnni", "avx2" or "portable".
std::string_view kernel_isa();

}  // namespace lifeguard::engine
