// `lifeguard tokenize`: encodes text with a model's tokenizer exactly as
// `tokenizer.encode(text, add_special_tokens=False)` does in HF transformers
// (added-token strings are recognised), for parity checks.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/input_reading.hpp"
#include "tokenizer/tokenizer.hpp"

namespace lifeguard::cli {
namespace {

struct TokenizeOptions {
  std::string model_dir;
  std::string text;
  bool json = false;
};

int run_tokenize(const TokenizeOptions& options) {
  auto tokenizer = tokenizer::Tokenizer::load(options.model_dir);
  // stdin is read byte for byte: nothing stripped, a trailing newline included.
  const std::string text = options.text == "-" ? read_all(std::cin) : options.text;
  std::vector<tokenizer::TokenId> ids;
  try {
    ids = tokenizer.encode(text, tokenizer::AddedTokens::recognised);
  } catch (const std::invalid_argument& error) {
    std::cerr << "lifeguard: " << error.what() << '\n';
    return 1;
  }
  if (options.json) {
    std::cout << nlohmann::json{{"ids", ids}}.dump() << '\n';
  } else {
    for (std::size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
    std::cout << '\n';
  }
  return 0;
}

}  // namespace

void add_tokenize_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<TokenizeOptions>();
  CLI::App* command = app.add_subcommand("tokenize", "Encode text with a model's tokenizer (as HF encode, no special tokens added)");
  command->add_option("--model", options->model_dir, "Model folder holding tokenizer.json")->required();
  command->add_option("text", options->text, "TEXT, or - to read stdin byte for byte")->required();
  command->add_flag("--json", options->json, "Print {\"ids\": [...]}");
  command->callback([options, &exit_code] { exit_code = run_tokenize(*options); });
}

}  // namespace lifeguard::cli
