// Damaged or foreign checkpoints get one clear error line, never a crash.
#include <gtest/gtest.h>

#include <fstream>

#include "engine/qwen3_model.hpp"
#include "engine/random_checkpoint.hpp"
#include "engine/safetensors.hpp"

namespace lifeguard::engine {
namespace {

std::filesystem::path fresh_checkpoint(const std::string& name, const Qwen3Config& config) {
  auto dir = std::filesystem::path(::testing::TempDir()) / ("damaged_" + name);
  std::filesystem::remove_all(dir);
  write_random_checkpoint(dir, config, 7, {});
  return dir;
}

Qwen3Config small() {
  Qwen3Config c = qwen3_shape("tiny");
  c.vocab_size = 1000;  // keeps these files small
  return c;
}

std::string load_error(const std::filesystem::path& dir) {
  try {
    Qwen3Model::load(dir, {.threads = 1});
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(CheckpointErrors, ATruncatedFileIsNamedAsTruncated) {
  auto dir = fresh_checkpoint("truncated", small());
  auto file = dir / "model.safetensors";
  std::filesystem::resize_file(file, std::filesystem::file_size(file) - 100);
  auto error = load_error(dir);
  EXPECT_NE(error.find("truncated"), std::string::npos) << error;
  EXPECT_NE(error.find("model.safetensors"), std::string::npos) << error;
}

TEST(CheckpointErrors, AFileCutInsideItsHeaderIsRefused) {
  auto dir = fresh_checkpoint("header", small());
  std::filesystem::resize_file(dir / "model.safetensors", 20);
  auto error = load_error(dir);
  EXPECT_NE(error.find("header length"), std::string::npos) << error;
}

TEST(CheckpointErrors, AShapeThatDisagreesWithTheConfigIsNamed) {
  auto dir = fresh_checkpoint("shape", small());
  Qwen3Config other = small();
  other.intermediate_size = 96;
  std::ofstream(dir / "config.json") << other.to_json().dump();
  auto error = load_error(dir);
  EXPECT_NE(error.find("mlp.gate_proj.weight"), std::string::npos) << error;
  EXPECT_NE(error.find("expected [96, 64]"), std::string::npos) << error;
}

TEST(CheckpointErrors, AMissingTensorIsNamed) {
  auto dir = fresh_checkpoint("missing", small());
  Qwen3Config deeper = small();
  deeper.num_hidden_layers = 3;
  std::ofstream(dir / "config.json") << deeper.to_json().dump();
  auto error = load_error(dir);
  EXPECT_NE(error.find("missing tensor 'model.layers.2."), std::string::npos) << error;
}

TEST(CheckpointErrors, AnotherArchitectureIsRefusedByName) {
  auto dir = fresh_checkpoint("llama", small());
  std::ofstream(dir / "config.json") << R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 1000})";
  auto error = load_error(dir);
  EXPECT_NE(error.find("config.json"), std::string::npos) << error;
  EXPECT_NE(error.find("LlamaForCausalLM"), std::string::npos) << error;
}

TEST(CheckpointErrors, NotSafetensorsAtAllIsRefused) {
  auto dir = fresh_checkpoint("garbage", small());
  std::ofstream(dir / "model.safetensors", std::ios::binary) << std::string(4096, 'x');
  auto error = load_error(dir);
  EXPECT_NE(error.find("model.safetensors"), std::string::npos) << error;
}

TEST(CheckpointErrors, AShardListedInTheIndexButAbsentIsNamed) {
  auto dir = fresh_checkpoint("shards", small());
  std::ofstream(dir / "model.safetensors.index.json")
      << R"({"weight_map": {"model.embed_tokens.weight": "model-00001-of-00002.safetensors"}})";
  auto error = load_error(dir);
  EXPECT_NE(error.find("model-00001-of-00002.safetensors: listed in the index but missing"), std::string::npos) << error;
}

}  // namespace
}  // namespace lifeguard::engine
