// Qwen3 weights in memory, checked against the config: every tensor present
// with its exact shape, or one error line naming what is wrong ("missing
// tensor 'model.layers.3.mlp.up_proj.weight'", "tensor '...': shape [64, 32],
// expected [96, 64]"). Matrices keep bf16 as stored (f16 and f32 become f32).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/qwen3_config.hpp"
#include "engine/safetensors.hpp"

namespace lifeguard::engine {

// A row-major [rows, cols] matrix.
struct Matrix {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::vector<std::uint16_t> bf16;  // used when not empty
  std::vector<float> f32;           // or this
  std::vector<std::int8_t> i8;      // or int8, with one scale per row (quantise_int8)
  std::vector<float> row_scale;
  bool is_bf16() const { return !bf16.empty(); }
  float at(std::int64_t row, std::int64_t col) const;
  // The row as f32 (dequantised for int8) into out[0..cols).
  void row_f32(std::int64_t row, float* out) const;
  std::size_t bytes() const { return bf16.size() * 2 + f32.size() * 4 + i8.size() + row_scale.size() * 4; }
};

struct LayerWeights {
  std::vector<float> input_norm, post_attention_norm, q_norm, k_norm;
  Matrix q, k, v, o, gate, up, down;
};

struct Qwen3Weights {
  Matrix embed;    // [vocab, hidden]
  Matrix lm_head;  // empty when tied: embed is used
  std::vector<float> final_norm;
  std::vector<LayerWeights> layers;
  const Matrix& output() const { return lm_head.rows > 0 ? lm_head : embed; }
};

// Throws std::runtime_error with one line naming the tensor and the problem.
Qwen3Weights load_qwen3_weights(const SafetensorsCheckpoint& checkpoint, const Qwen3Config& config);

// Converts every projection matrix (not the embedding lookup, which stays as
// loaded; an untied lm_head is converted) to int8 with a per-row scale
// max|w|/127, rounding to nearest.
void quantise_int8(Qwen3Weights& weights);

}  // namespace lifeguard::engine
