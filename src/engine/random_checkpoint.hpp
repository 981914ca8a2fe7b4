// Random-weight Qwen3 checkpoints, for benchmarks (real shapes, no download)
// and for the engine fixtures: the counter-based generator of
// scripts/make_fixtures.py, reimplemented bit for bit, so a checkpoint made
// here is the very one HF transformers was run on.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/qwen3_config.hpp"

namespace lifeguard::engine {

// Names and shapes of every tensor of a Qwen3ForCausalLM checkpoint, in a fixed order.
struct TensorSpec {
  std::string name;
  std::vector<std::int64_t> shape;
};
std::vector<TensorSpec> qwen3_tensor_specs(const Qwen3Config& config);

// bf16 bits of one tensor from the generator (see scripts/make_fixtures.py).
std::vector<std::uint16_t> generate_tensor_bf16(const TensorSpec& spec, std::uint64_t seed);

// Shapes by name: "tiny", "0.6B", "1.7B", "4B" (the real Qwen3 sizes).
// Throws std::invalid_argument for an unknown name.
Qwen3Config qwen3_shape(const std::string& name);

// Writes config.json and model.safetensors (bf16) into `dir`, and copies
// tokenizer.json / tokenizer_config.json from `tokenizer_dir` when given.
void write_random_checkpoint(const std::filesystem::path& dir, const Qwen3Config& config, std::uint64_t seed,
                             const std::filesystem::path& tokenizer_dir);

}  // namespace lifeguard::engine
