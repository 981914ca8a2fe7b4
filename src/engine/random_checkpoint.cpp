// Random-weight checkpoints (see random_checkpoint.hpp).
#include "engine/random_checkpoint.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>

#include "engine/numeric.hpp"
#include "engine/safetensors.hpp"

namespace lifeguard::engine {
namespace {

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

std::uint64_t fnv1a64(const std::string& text) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::vector<TensorSpec> qwen3_tensor_specs(const Qwen3Config& c) {
  const std::int64_t q = c.num_attention_heads * c.head_dim;
  const std::int64_t kv = c.num_key_value_heads * c.head_dim;
  std::vector<TensorSpec> specs{{"model.embed_tokens.weight", {c.vocab_size, c.hidden_size}}};
  for (std::int64_t layer = 0; layer < c.num_hidden_layers; ++layer) {
    const std::string p = "model.layers." + std::to_string(layer) + ".";
    specs.push_back({p + "input_layernorm.weight", {c.hidden_size}});
    specs.push_back({p + "self_attn.q_proj.weight", {q, c.hidden_size}});
    specs.push_back({p + "self_attn.k_proj.weight", {kv, c.hidden_size}});
    specs.push_back({p + "self_attn.v_proj.weight", {kv, c.hidden_size}});
    specs.push_back({p + "self_attn.o_proj.weight", {c.hidden_size, q}});
    specs.push_back({p + "self_attn.q_norm.weight", {c.head_dim}});
    specs.push_back({p + "self_attn.k_norm.weight", {c.head_dim}});
    specs.push_back({p + "post_attention_layernorm.weight", {c.hidden_size}});
    specs.push_back({p + "mlp.gate_proj.weight", {c.intermediate_size, c.hidden_size}});
    specs.push_back({p + "mlp.up_proj.weight", {c.intermediate_size, c.hidden_size}});
    specs.push_back({p + "mlp.down_proj.weight", {c.hidden_size, c.intermediate_size}});
  }
  specs.push_back({"model.norm.weight", {c.hidden_size}});
  if (!c.tie_word_embeddings) specs.push_back({"lm_head.weight", {c.vocab_size, c.hidden_size}});
  return specs;
}

std::vector<std::uint16_t> generate_tensor_bf16(const TensorSpec& spec, std::uint64_t seed) {
  std::size_t count = 1;
  for (auto d : spec.shape) count *= static_cast<std::size_t>(d);
  float scale = 1.0f / std::sqrt(static_cast<float>(spec.shape.back()));
  float offset = 0.0f;
  if (ends_with(spec.name, "norm.weight")) {
    scale = 0.25f;
    offset = 1.0f;
  } else if (spec.name == "model.embed_tokens.weight") {
    scale = 0.1f;
  }
  const std::uint64_t h = fnv1a64(spec.name) ^ (seed * kGolden);
  std::vector<std::uint16_t> out(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint64_t z = h + (static_cast<std::uint64_t>(i) + 1) * kGolden;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    const float u = static_cast<float>(z >> 40) * (1.0f / 16777216.0f);
    const float w = offset + scale * (2.0f * u - 1.0f);
    out[i] = f32_to_bf16(w);
  }
  return out;
}

Qwen3Config qwen3_shape(const std::string& name) {
  Qwen3Config c;
  c.vocab_size = 151936;
  c.max_position_embeddings = 40960;
  c.head_dim = 128;
  c.num_key_value_heads = 8;
  if (name == "tiny") {
    c.hidden_size = 64;
    c.intermediate_size = 128;
    c.num_hidden_layers = 2;
    c.num_attention_heads = 4;
    c.num_key_value_heads = 2;
    c.head_dim = 16;
    c.tie_word_embeddings = true;
  } else if (name == "0.6B") {
    c.hidden_size = 1024;
    c.intermediate_size = 3072;
    c.num_hidden_layers = 28;
    c.num_attention_heads = 16;
    c.tie_word_embeddings = true;
  } else if (name == "1.7B") {
    c.hidden_size = 2048;
    c.intermediate_size = 6144;
    c.num_hidden_layers = 28;
    c.num_attention_heads = 16;
    c.tie_word_embeddings = true;
  } else if (name == "4B") {
    c.hidden_size = 2560;
    c.intermediate_size = 9728;
    c.num_hidden_layers = 36;
    c.num_attention_heads = 32;
    c.tie_word_embeddings = true;
  } else {
    throw std::invalid_argument("unknown shape '" + name + "' (tiny, 0.6B, 1.7B or 4B)");
  }
  return c;
}

void write_random_checkpoint(const std::filesystem::path& dir, const Qwen3Config& config, std::uint64_t seed,
                             const std::filesystem::path& tokenizer_dir) {
  std::filesystem::create_directories(dir);
  auto specs = qwen3_tensor_specs(config);
  std::vector<std::vector<std::uint16_t>> data;
  data.reserve(specs.size());
  std::vector<TensorToWrite> tensors;
  for (const auto& spec : specs) {
    data.push_back(generate_tensor_bf16(spec, seed));
    tensors.push_back({spec.name, DType::bf16, spec.shape,
                       std::as_bytes(std::span<const std::uint16_t>(data.back().data(), data.back().size()))});
  }
  write_safetensors(dir / "model.safetensors", tensors);
  std::ofstream(dir / "config.json") << config.to_json().dump(2) << '\n';
  if (!tokenizer_dir.empty()) {
    for (const char* file : {"tokenizer.json", "tokenizer_config.json"}) {
      std::filesystem::copy_file(tokenizer_dir / file, dir / file, std::filesystem::copy_options::overwrite_existing);
    }
  }
}

}  // namespace lifeguard::engine
