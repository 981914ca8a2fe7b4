// The Qwen3 forward pass as HF transformers computes it (Qwen3ForCausalLM):
// RMSNorm, q/k projections with per-head RMSNorm, rotary embeddings
// (rotate-half), grouped-query causal attention, SwiGLU MLP, residual adds,
// final norm, tied or untied output projection. Arithmetic in f32 over bf16,
// f32 or int8 weights, over a KV cache per sequence.
//
// `forward` takes rows (sequence, token): all the prompt tokens of one
// sequence (prefill), or one token for each of several sequences (batched
// decode), or a mix. Every weight matrix is read once per call.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <filesystem>
#include <memory>
#include <vector>

#include "engine/kernels.hpp"
#include "engine/qwen3_config.hpp"
#include "engine/thread_pool.hpp"
#include "engine/weights.hpp"
#include "tokenizer/bpe.hpp"

namespace lifeguard::engine {

using tokenizer::TokenId;

// The KV cache of one sequence.
struct Sequence {
  std::int64_t length = 0;               // tokens processed
  std::vector<std::vector<float>> keys;  // per layer: [position][kv_heads * head_dim]
  std::vector<std::vector<float>> values;
};

// How a model is loaded and computed (see kernels.hpp for the arithmetics).
struct ModelOptions {
  std::size_t threads = 0;  // 0: one per core
  bool int8 = false;        // weights converted at load to int8 with one scale per row
  Arithmetic arithmetic = Arithmetic::f32;
};

struct ForwardRow {
  Sequence* sequence;
  TokenId token;
  bool want_logits = false;
};

class Qwen3Model {
 public:
  // Reads config.json and the safetensors of `dir`. Throws std::runtime_error
  // with one line saying what is wrong.
  static Qwen3Model load(const std::filesystem::path& dir, const ModelOptions& options = {});
  Qwen3Model(Qwen3Config config, Qwen3Weights weights, const ModelOptions& options);

  Sequence new_sequence() const;
  // Runs the rows in order (rows of one sequence take consecutive positions);
  // returns vocab_size logits for each row with want_logits, in row order.
  std::vector<std::vector<float>> forward(const std::vector<ForwardRow>& rows) const;

  // Conveniences over forward():
  std::vector<float> step(Sequence& sequence, TokenId token) const;
  std::vector<float> prefill(Sequence& sequence, const std::vector<TokenId>& tokens, bool all_positions = false) const;

  const Qwen3Config& config() const { return config_; }
  const Qwen3Weights& weights() const { return weights_; }
  std::size_t threads() const { return pool_->size(); }
  Arithmetic arithmetic() const { return arithmetic_; }
  void set_arithmetic(Arithmetic arithmetic) { arithmetic_ = arithmetic; }

 private:
  struct Product {
    const Matrix* weights;
    float* y;
  };
  // Several products of the same input (q, k and v; gate and up), split
  // across the threads as one loop over all their rows.
  void matmul(std::initializer_list<Product> products, const float* x, std::size_t batch) const;
  Qwen3Config config_;
  Qwen3Weights weights_;
  std::vector<float> inv_freq_;  // head_dim / 2 rotary frequencies
  Arithmetic arithmetic_;
  std::unique_ptr<ThreadPool> pool_;
};

// The id with the highest logit (the lowest id among equals, as torch.argmax).
TokenId argmax(const std::vector<float>& logits);

}  // namespace lifeguard::engine
