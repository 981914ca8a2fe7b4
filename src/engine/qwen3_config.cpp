// Qwen3 config.json (see qwen3_config.hpp).
#include "engine/qwen3_config.hpp"

#include <fstream>
#include <stdexcept>

namespace lifeguard::engine {
namespace {

using nlohmann::json;

std::int64_t positive(const json& config, const char* field, std::int64_t limit) {
  if (!config.contains(field) || !config[field].is_number_integer()) {
    throw std::invalid_argument(std::string(field) + " is missing or not an integer");
  }
  auto value = config[field].get<std::int64_t>();
  if (value <= 0 || value > limit) throw std::invalid_argument(std::string(field) + " = " + std::to_string(value) + " is out of range");
  return value;
}

bool truthy(const json& config, const char* field) {
  return config.contains(field) && config[field].is_boolean() && config[field].get<bool>();
}

}  // namespace

Qwen3Config parse_qwen3_config(const json& config) {
  if (!config.is_object()) throw std::invalid_argument("not a JSON object");
  bool qwen3 = config.value("model_type", "") == "qwen3";
  if (config.contains("architectures") && config["architectures"].is_array()) {
    bool listed = false;
    for (const auto& name : config["architectures"]) listed |= name == "Qwen3ForCausalLM";
    if (!listed) {
      throw std::invalid_argument("architectures " + config["architectures"].dump() +
                                  " is not Qwen3ForCausalLM (the only architecture this engine runs)");
    }
    qwen3 = true;
  }
  if (!qwen3) {
    throw std::invalid_argument("model_type " + config.value("model_type", json("missing")).dump() +
                                " is not qwen3 (the only architecture this engine runs)");
  }
  Qwen3Config c;
  c.vocab_size = positive(config, "vocab_size", 1 << 22);
  c.hidden_size = positive(config, "hidden_size", 1 << 16);
  c.intermediate_size = positive(config, "intermediate_size", 1 << 18);
  c.num_hidden_layers = positive(config, "num_hidden_layers", 1024);
  c.num_attention_heads = positive(config, "num_attention_heads", 1024);
  c.num_key_value_heads = config.contains("num_key_value_heads") ? positive(config, "num_key_value_heads", 1024) : c.num_attention_heads;
  c.head_dim = config.contains("head_dim") && !config["head_dim"].is_null() ? positive(config, "head_dim", 1024)
                                                                             : c.hidden_size / c.num_attention_heads;
  c.max_position_embeddings = config.contains("max_position_embeddings") ? positive(config, "max_position_embeddings", 1 << 24) : 40960;
  if (c.num_attention_heads % c.num_key_value_heads != 0) {
    throw std::invalid_argument("num_attention_heads must be a multiple of num_key_value_heads");
  }
  if (c.head_dim % 2 != 0) throw std::invalid_argument("head_dim must be even for rotary embeddings");
  if (config.contains("rms_norm_eps")) {
    if (!config["rms_norm_eps"].is_number()) throw std::invalid_argument("rms_norm_eps is not a number");
    c.rms_norm_eps = config["rms_norm_eps"].get<double>();
  }
  // transformers <5 writes rope_theta; 5.x writes rope_parameters.
  const json* rope = config.contains("rope_parameters") && config["rope_parameters"].is_object() ? &config["rope_parameters"] : nullptr;
  if (rope) {
    if (rope->value("rope_type", "default") != "default") {
      throw std::invalid_argument("rope_parameters.rope_type " + (*rope)["rope_type"].dump() + " is not supported (default RoPE only)");
    }
    if (rope->contains("rope_theta")) c.rope_theta = (*rope)["rope_theta"].get<double>();
  }
  if (config.contains("rope_theta") && config["rope_theta"].is_number()) c.rope_theta = config["rope_theta"].get<double>();
  if (config.contains("rope_scaling") && !config["rope_scaling"].is_null()) {
    throw std::invalid_argument("rope_scaling " + config["rope_scaling"].dump() + " is not supported");
  }
  if (!(c.rope_theta > 0.0) || !(c.rms_norm_eps > 0.0)) throw std::invalid_argument("rope_theta and rms_norm_eps must be positive");
  if (truthy(config, "use_sliding_window")) throw std::invalid_argument("use_sliding_window = true is not supported");
  if (truthy(config, "attention_bias")) throw std::invalid_argument("attention_bias = true is not supported (Qwen3 has none)");
  if (config.value("hidden_act", "silu") != "silu") throw std::invalid_argument("hidden_act " + config["hidden_act"].dump() + " is not silu");
  c.tie_word_embeddings = truthy(config, "tie_word_embeddings");
  return c;
}

Qwen3Config load_qwen3_config(const std::filesystem::path& dir) {
  std::ifstream in(dir / "config.json");
  if (!in) throw std::runtime_error("config.json: cannot read " + (dir / "config.json").string());
  json config;
  try {
    config = json::parse(in);
  } catch (const json::exception&) {
    throw std::runtime_error("config.json: not valid JSON");
  }
  try {
    return parse_qwen3_config(config);
  } catch (const std::invalid_argument& error) {
    throw std::runtime_error(std::string("config.json: ") + error.what());
  }
}

json Qwen3Config::to_json() const {
  return {{"architectures", {"Qwen3ForCausalLM"}},
          {"model_type", "qwen3"},
          {"vocab_size", vocab_size},
          {"hidden_size", hidden_size},
          {"intermediate_size", intermediate_size},
          {"num_hidden_layers", num_hidden_layers},
          {"num_attention_heads", num_attention_heads},
          {"num_key_value_heads", num_key_value_heads},
          {"head_dim", head_dim},
          {"max_position_embeddings", max_position_embeddings},
          {"rope_theta", rope_theta},
          {"rms_norm_eps", rms_norm_eps},
          {"tie_word_embeddings", tie_word_embeddings},
          {"attention_bias", false},
          {"hidden_act", "silu"},
          {"use_sliding_window", false},
          {"bos_token_id", 151643},
          {"eos_token_id", 151645},
          {"torch_dtype", "bfloat16"}};
}

}  // namespace lifeguard::engine
