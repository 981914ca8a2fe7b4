// The Qwen3 forward pass as HF transformers computes it (Qwen3ForCausalLM):
// RMSNorm, q/k projections with per-head RMSNorm, rotary embeddings
// (rotate-half), grouped-query causal attention, SwiGLU MLP, residual adds,
// final norm, tied or untied output projection. Arithmetic in f32 over bf16
// (or f32) weights; one token at a time over a KV cache.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

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

class Qwen3Model {
 public:
  // Reads config.json and the safetensors of `dir`. Throws std::runtime_error
  // with one line saying what is wrong.
  static Qwen3Model load(const std::filesystem::path& dir, std::size_t threads = 0);
  Qwen3Model(Qwen3Config config, Qwen3Weights weights, std::size_t threads);

  Sequence new_sequence() const;
  // Runs one token at the sequence's next position; returns the logits
  // (vocab_size floats) for the next token.
  std::vector<float> step(Sequence& sequence, TokenId token) const;
  // Runs every token; returns the logits after the last one, or after each
  // (tokens.size() x vocab_size) when `all_positions`.
  std::vector<float> prefill(Sequence& sequence, const std::vector<TokenId>& tokens, bool all_positions = false) const;

  const Qwen3Config& config() const { return config_; }
  const Qwen3Weights& weights() const { return weights_; }

 private:
  void matvec(const Matrix& m, const float* x, float* y) const;
  Qwen3Config config_;
  Qwen3Weights weights_;
  std::vector<float> inv_freq_;  // head_dim / 2 rotary frequencies
  std::unique_ptr<ThreadPool> pool_;
};

// The id with the highest logit (the lowest id among equals, as torch.argmax).
TokenId argmax(const std::vector<float>& logits, std::size_t offset = 0, std::size_t count = 0);

}  // namespace lifeguard::engine
