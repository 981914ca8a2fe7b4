// `lifeguard make-checkpoint`: writes a random-weight Qwen3 checkpoint of a
// real shape (tiny, 0.6B, 1.7B, 4B) so the engine can be benchmarked without
// downloading weights; the weights come from the generator shared with
// scripts/make_fixtures.py.
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>
#include <memory>

#include "cli/commands.hpp"
#include "engine/random_checkpoint.hpp"

namespace lifeguard::cli {
namespace {

struct MakeCheckpointOptions {
  std::string shape = "tiny";
  std::string config_file;  // a config.json giving the shape instead
  std::string out;
  std::string tokenizer_dir;
  std::uint64_t seed = 1;
  bool untied = false;
};

int run_make_checkpoint(const MakeCheckpointOptions& options) {
  engine::Qwen3Config config;
  if (!options.config_file.empty()) {
    std::ifstream in(options.config_file);
    nlohmann::json json;
    try {
      json = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception&) {
      throw std::runtime_error(options.config_file + ": not valid JSON");
    }
    try {
      config = engine::parse_qwen3_config(json);
    } catch (const std::invalid_argument& error) {
      throw std::runtime_error(options.config_file + ": " + error.what());
    }
  } else {
    config = engine::qwen3_shape(options.shape);
  }
  if (options.untied) config.tie_word_embeddings = false;
  engine::write_random_checkpoint(options.out, config, options.seed, options.tokenizer_dir);
  std::cout << "wrote a random " << (options.config_file.empty() ? options.shape : options.config_file)
            << " Qwen3 checkpoint to " << options.out << '\n';
  return 0;
}

}  // namespace

void add_make_checkpoint_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<MakeCheckpointOptions>();
  CLI::App* command = app.add_subcommand("make-checkpoint", "Write a random-weight Qwen3 checkpoint of a real shape");
  command->add_option("--shape", options->shape, "tiny, 0.6B, 1.7B or 4B")
      ->check(CLI::IsMember({"tiny", "0.6B", "1.7B", "4B"}))->capture_default_str();
  command->add_option("--config", options->config_file, "Take the shape from this config.json instead of --shape");
  command->add_option("--out", options->out, "Folder to write")->required();
  command->add_option("--tokenizer", options->tokenizer_dir, "Folder with tokenizer.json and tokenizer_config.json to copy");
  command->add_option("--seed", options->seed, "Generator seed")->capture_default_str();
  command->add_flag("--untied", options->untied, "Separate lm_head weights instead of tied embeddings");
  command->callback([options, &exit_code] { exit_code = run_make_checkpoint(*options); });
}

}  // namespace lifeguard::cli
