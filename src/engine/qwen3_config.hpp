// config.json of a Qwen3ForCausalLM checkpoint. Anything this engine does not
// compute exactly as HF transformers does (another architecture, sliding
// window, attention bias, RoPE scaling, an activation other than SiLU) is
// refused with a message naming the field.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace lifeguard::engine {

struct Qwen3Config {
  std::int64_t vocab_size = 0;
  std::int64_t hidden_size = 0;
  std::int64_t intermediate_size = 0;
  std::int64_t num_hidden_layers = 0;
  std::int64_t num_attention_heads = 0;
  std::int64_t num_key_value_heads = 0;
  std::int64_t head_dim = 0;
  std::int64_t max_position_embeddings = 0;
  double rope_theta = 1000000.0;
  double rms_norm_eps = 1e-6;
  bool tie_word_embeddings = false;

  nlohmann::json to_json() const;  // a config.json HF transformers loads
};

// Throws std::invalid_argument naming the field.
Qwen3Config parse_qwen3_config(const nlohmann::json& config);
// Reads dir/config.json; throws std::runtime_error "config.json: ...".
Qwen3Config load_qwen3_config(const std::filesystem::path& dir);

}  // namespace lifeguard::engine
