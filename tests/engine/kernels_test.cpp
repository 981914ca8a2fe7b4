// The matrix kernels: every instruction-set version against a plain
// reference, both arithmetics, and the property the server relies on: a
// row's result does not depend on the other inputs of the call.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "engine/kernels.hpp"
#include "engine/kernels_internal.hpp"
#include "engine/numeric.hpp"

namespace lifeguard::engine {
namespace {

struct Case {
  std::size_t rows, cols, batch;
};

struct Weights {
  std::vector<std::uint16_t> bf16;
  std::vector<float> f32;
  std::vector<std::int8_t> i8;
  std::vector<float> scale;
  WeightRows view(WeightFormat format, std::size_t cols) const {
    WeightRows w;
    w.format = format;
    w.cols = cols;
    w.data = format == WeightFormat::bf16 ? static_cast<const void*>(bf16.data())
             : format == WeightFormat::f32 ? static_cast<const void*>(f32.data())
                                            : static_cast<const void*>(i8.data());
    w.row_scale = scale.data();
    return w;
  }
};

Weights random_weights(std::size_t rows, std::size_t cols, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::uniform_int_distribution<int> q(-127, 127);
  Weights w;
  for (std::size_t i = 0; i < rows * cols; ++i) {
    w.bf16.push_back(f32_to_bf16(u(rng)));
    w.f32.push_back(u(rng));
    w.i8.push_back(static_cast<std::int8_t>(q(rng)));
  }
  for (std::size_t r = 0; r < rows; ++r) w.scale.push_back(0.01f + 0.001f * static_cast<float>(r % 7));
  return w;
}

float weight(const Weights& w, WeightFormat format, std::size_t index) {
  switch (format) {
    case WeightFormat::bf16: return bf16_to_f32(w.bf16[index]);
    case WeightFormat::f32: return w.f32[index];
    case WeightFormat::i8: return static_cast<float>(w.i8[index]);
  }
  return 0.0f;
}

// What each arithmetic means, computed in double: the inputs rounded (bf16)
// or quantised (int8, per block of kQ8Block, scale max|x|/127) first.
std::vector<double> reference(const Weights& w, WeightFormat format, Arithmetic arithmetic, const std::vector<float>& x,
                              const Case& c) {
  std::vector<double> seen(x.begin(), x.end());
  if (arithmetic == Arithmetic::reduced && format == WeightFormat::bf16) {
    for (std::size_t i = 0; i < x.size(); ++i) seen[i] = bf16_to_f32(f32_to_bf16(x[i]));
  }
  if (arithmetic == Arithmetic::reduced && format == WeightFormat::i8) {
    for (std::size_t b = 0; b < c.batch; ++b) {
      for (std::size_t from = 0; from < c.cols; from += kQ8Block) {
        const std::size_t to = std::min(c.cols, from + kQ8Block);
        float largest = 0.0f;
        for (std::size_t k = from; k < to; ++k) largest = std::max(largest, std::fabs(x[b * c.cols + k]));
        const float scale = largest / 127.0f;
        for (std::size_t k = from; k < to; ++k) {
          seen[b * c.cols + k] = scale > 0 ? std::nearbyint(x[b * c.cols + k] / scale) * double{scale} : 0.0;
        }
      }
    }
  }
  std::vector<double> y(c.batch * c.rows);
  for (std::size_t b = 0; b < c.batch; ++b) {
    for (std::size_t r = 0; r < c.rows; ++r) {
      double sum = 0.0;
      for (std::size_t k = 0; k < c.cols; ++k) sum += double{weight(w, format, r * c.cols + k)} * seen[b * c.cols + k];
      y[b * c.rows + r] = sum * (format == WeightFormat::i8 ? double{w.scale[r]} : 1.0);
    }
  }
  return y;
}

const Case kCases[] = {{5, 32, 1}, {37, 48, 3}, {40, 1024, 8}, {19, 300, 11}, {64, 256, 2}, {17, 130, 5}};

TEST(Kernels, EveryArithmeticAndFormatMatchesItsDefinition) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-2.0f, 2.0f);
  for (const Case& c : kCases) {
    const Weights w = random_weights(c.rows, c.cols, rng);
    std::vector<float> x(c.batch * c.cols);
    for (auto& v : x) v = u(rng);
    for (WeightFormat format : {WeightFormat::bf16, WeightFormat::f32, WeightFormat::i8}) {
      for (Arithmetic arithmetic : {Arithmetic::f32, Arithmetic::reduced}) {
        const auto expected = reference(w, format, arithmetic, x, c);
        const PreparedInputs inputs(x.data(), c.batch, c.cols, format, arithmetic);
        std::vector<float> y(c.batch * c.rows, NAN);
        matmul_rows(w.view(format, c.cols), 0, c.rows, inputs.view(), y.data(), c.rows);
        for (std::size_t i = 0; i < y.size(); ++i) {
          // f32 accumulation of `cols` products of size <= 2 (x 0.02 for int8).
          const double tolerance = 1e-5 * static_cast<double>(c.cols) * (format == WeightFormat::i8 ? 2.0 : 1.0) + 1e-5;
          ASSERT_NEAR(y[i], expected[i], tolerance)
              << c.rows << "x" << c.cols << " batch " << c.batch << " format " << static_cast<int>(format) << " arithmetic "
              << static_cast<int>(arithmetic) << " at " << i;
        }
      }
    }
  }
}

TEST(Kernels, ARowGetsTheSameResultWhateverElseIsInTheBatch) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> u(-2.0f, 2.0f);
  const std::size_t rows = 53, cols = 384, batch = 13;
  const Weights w = random_weights(rows, cols, rng);
  std::vector<float> x(batch * cols);
  for (auto& v : x) v = u(rng);
  for (WeightFormat format : {WeightFormat::bf16, WeightFormat::f32, WeightFormat::i8}) {
    for (Arithmetic arithmetic : {Arithmetic::f32, Arithmetic::reduced}) {
      const PreparedInputs all(x.data(), batch, cols, format, arithmetic);
      std::vector<float> together(batch * rows);
      matmul_rows(w.view(format, cols), 0, rows, all.view(), together.data(), rows);
      for (std::size_t b = 0; b < batch; ++b) {
        const PreparedInputs one(x.data() + b * cols, 1, cols, format, arithmetic);
        std::vector<float> alone(rows);
        // Split the rows unevenly, as threads do.
        matmul_rows(w.view(format, cols), 0, 7, one.view(), alone.data(), rows);
        matmul_rows(w.view(format, cols), 7, rows, one.view(), alone.data(), rows);
        for (std::size_t r = 0; r < rows; ++r) {
          ASSERT_EQ(alone[r], together[b * rows + r]) << "format " << static_cast<int>(format) << " arithmetic "
                                                       << static_cast<int>(arithmetic) << " input " << b << " row " << r;
        }
      }
    }
  }
}

TEST(Kernels, EachInstructionSetAgreesWithThePortableLoop) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-2.0f, 2.0f);
  std::vector<std::pair<const char*, kernels::Kernel>> present;
  if (kernels::has_avx2()) present.emplace_back("avx2", kernels::f32_avx2);
  if (kernels::has_avx512()) present.emplace_back("avx512", kernels::f32_avx512);
  if (present.empty()) GTEST_SKIP() << "no SIMD kernels on this processor";
  for (const Case& c : kCases) {
    const Weights w = random_weights(c.rows, c.cols, rng);
    std::vector<float> x(c.batch * c.cols);
    for (auto& v : x) v = u(rng);
    for (WeightFormat format : {WeightFormat::bf16, WeightFormat::f32, WeightFormat::i8}) {
      const PreparedInputs inputs(x.data(), c.batch, c.cols, format, Arithmetic::f32);
      std::vector<float> expected(c.batch * c.rows);
      kernels::f32_portable(w.view(format, c.cols), 0, c.rows, inputs.view(), expected.data(), c.rows);
      for (const auto& [name, kernel] : present) {
        std::vector<float> y(c.batch * c.rows);
        kernel(w.view(format, c.cols), 0, c.rows, inputs.view(), y.data(), c.rows);
        for (std::size_t i = 0; i < y.size(); ++i) ASSERT_NEAR(y[i], expected[i], 1e-4 * static_cast<double>(c.cols)) << name;
      }
    }
    std::vector<float> a(c.cols), b(c.cols), out1(c.cols, 1.0f), out2(c.cols, 1.0f);
    for (std::size_t i = 0; i < c.cols; ++i) {
      a[i] = u(rng);
      b[i] = u(rng);
    }
    EXPECT_NEAR(dot(a.data(), b.data(), c.cols), kernels::dot_portable(a.data(), b.data(), c.cols), 1e-4 * static_cast<double>(c.cols));
    add_scaled(out1.data(), a.data(), 0.5f, c.cols);
    kernels::add_scaled_portable(out2.data(), a.data(), 0.5f, c.cols);
    for (std::size_t i = 0; i < c.cols; ++i) EXPECT_FLOAT_EQ(out1[i], out2[i]);
  }
}

}  // namespace
}  // namespace lifeguard::engine
