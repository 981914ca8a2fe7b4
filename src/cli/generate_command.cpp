// `lifeguard generate`: the model card's quick start, natively. TEXT becomes
// one user message in the chat template (HF tokenisation: special-token
// strings in TEXT are special tokens, as apply_chat_template gives them), then
// greedy decoding until <|im_end|> / <|endoftext|> or --max-new-tokens.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "engine_options.hpp"
#include "cli/commands.hpp"
#include "cli/input_reading.hpp"
#include "engine/greedy.hpp"
#include "tokenizer/chat_template.hpp"

namespace lifeguard::cli {
namespace {

struct GenerateOptions {
  std::string model_dir;
  std::string prompt;
  int max_new_tokens = 300;
  engine::ModelOptions engine;
  bool json = false;
};

int run_generate(const GenerateOptions& options) {
  const std::string prompt = options.prompt == "-" ? read_all(std::cin) : options.prompt;
  auto tokenizer = tokenizer::Tokenizer::load(options.model_dir);
  auto chat = tokenizer::ChatTemplate::load(options.model_dir);
  auto model = engine::Qwen3Model::load(options.model_dir, options.engine);
  std::vector<tokenizer::TokenId> ids;
  try {
    ids = chat.encode_user_prompt(tokenizer, prompt, tokenizer::AddedTokens::recognised);
  } catch (const std::invalid_argument& error) {
    std::cerr << "lifeguard: " << error.what() << '\n';
    return 1;
  }
  engine::GreedyOptions greedy;
  greedy.max_new_tokens = options.max_new_tokens;
  greedy.stop_ids = engine::end_of_turn_ids(tokenizer);
  auto result = engine::greedy_generate(model, tokenizer, ids, greedy);
  if (options.json) {
    std::cout << nlohmann::json{{"prompt_ids", ids}, {"new_ids", result.new_ids}, {"text", result.text}}.dump() << '\n';
  } else {
    std::cout << result.text << '\n';
  }
  return 0;
}

}  // namespace

void add_generate_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<GenerateOptions>();
  CLI::App* command = app.add_subcommand("generate", "Greedy generation from a Qwen3 checkpoint (the model card's quick start)");
  command->add_option("--model", options->model_dir, "Model folder: config.json, *.safetensors, tokenizer files")->required();
  command->add_option("--prompt", options->prompt, "The user message, or - for stdin")->required();
  command->add_option("--max-new-tokens", options->max_new_tokens, "Most tokens to generate")->capture_default_str()
      ->check(CLI::Range(1, 32768));
  add_engine_options(command, options->engine);
  command->add_flag("--json", options->json, "Print {\"prompt_ids\", \"new_ids\", \"text\"}");
  command->callback([options, &exit_code] { exit_code = run_generate(*options); });
}

}  // namespace lifeguard::cli
