// `lifeguard classify`: one text, stdin, a conversation file, or a JSONL batch.
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "engine_options.hpp"
#include "cli/commands.hpp"
#include "cli/input_reading.hpp"
#include "cli/printing.hpp"
#include "core/assessment_json.hpp"
#include "core/model_output.hpp"
#include "pipeline/backend.hpp"
#include "pipeline/jsonl_batch.hpp"
#include "pipeline/model_backend.hpp"
#include "screener/model.hpp"

namespace lifeguard::cli {
namespace {

struct ClassifyOptions {
  std::string input;  // TEXT, "-" for stdin, or (with --jsonl) a file path / "-"
  std::string conversation_file;
  std::string screener_model;
  std::string model_dir;
  engine::ModelOptions engine;
  bool json = false;
  bool xml = false;
  bool jsonl = false;
  std::size_t max_bytes = InputLimits{}.max_bytes;
};

enum class OutputFormat { human, json, xml };

int run_jsonl(const Backend& backend, const ClassifyOptions& options, const InputLimits& limits) {
  std::unique_ptr<std::ifstream> file;
  std::istream* in = &std::cin;
  if (!options.input.empty() && options.input != "-") {
    file = std::make_unique<std::ifstream>(options.input, std::ios::binary);
    if (!*file) {
      std::cerr << "lifeguard: cannot read " << options.input << '\n';
      return 1;
    }
    in = file.get();
  }
  std::string line;
  std::size_t line_number = 0;
  std::size_t failures = 0;
  while (std::getline(*in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    nlohmann::json out = classify_jsonl_line(backend, line, line_number, limits);
    if (out.contains("error")) {
      ++failures;
      std::cerr << "lifeguard: " << out["error"].get<std::string>() << '\n';
    }
    std::cout << out.dump() << '\n';
  }
  std::cout.flush();
  return failures == 0 ? 0 : 1;
}

int run_classify(const ClassifyOptions& options) {
  if (options.json && options.xml) throw CLI::ValidationError("--json and --xml cannot be used together");
  const InputLimits limits{options.max_bytes};
  std::optional<screener::ScreenerModel> loaded;
  std::unique_ptr<Backend> backend;
  if (!options.model_dir.empty()) {
    if (!options.screener_model.empty()) throw CLI::ValidationError("give --model or --screener-model, not both");
    backend = make_model_backend({options.model_dir, options.engine, 300});
  } else {
    if (!options.screener_model.empty()) loaded = screener::ScreenerModel::load_file(options.screener_model);
    backend = make_screener_backend(loaded ? *loaded : screener::ScreenerModel::embedded());
  }

  if (options.jsonl) {
    if (!options.conversation_file.empty()) throw CLI::ValidationError("--jsonl reads its own input; drop --conversation");
    return run_jsonl(*backend, options, limits);
  }
  PreparedInput input;
  try {
    if (!options.conversation_file.empty()) {
      if (!options.input.empty()) throw CLI::ValidationError("give either TEXT or --conversation, not both");
      input = prepare_conversation(read_conversation_file(options.conversation_file), limits);
    } else if (options.input.empty()) {
      throw CLI::ValidationError("nothing to classify: give TEXT, - (stdin), --conversation FILE or --jsonl");
    } else if (options.input == "-") {
      input = prepare_text(read_all(std::cin), limits);
    } else {
      input = prepare_text(options.input, limits);
    }
  } catch (const InputError& error) {
    std::cerr << "lifeguard: " << error.what() << '\n';
    return 1;
  }
  BackendResult result = backend->assess(input);
  if (options.json) {
    nlohmann::json out = to_json(result.assessment);
    if (!result.problems.empty()) out["problems"] = result.problems;
    std::cout << out.dump(2) << '\n';
  } else if (options.xml) {
    std::cout << render_model_output(result.assessment) << '\n';
  } else {
    print_summary(std::cout, result);
  }
  return 0;
}

}  // namespace

void add_classify_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ClassifyOptions>();
  CLI::App* command = app.add_subcommand("classify", "Assess a message or conversation for crisis risk");
  command->add_option("input", options->input, "TEXT to classify, or - to read stdin (with --jsonl: a file or -)");
  command->add_option("--conversation", options->conversation_file, "JSON file: a list of {\"role\", \"content\"} turns");
  command->add_flag("--json", options->json, "Print the assessment as JSON");
  command->add_flag("--xml", options->xml, "Print the assessment in the nope-edge XML format");
  command->add_flag("--jsonl", options->jsonl,
                    "Batch: each input line {\"id\", \"text\"|\"conversation\"} gives one output line");
  command->add_option("--screener-model", options->screener_model, "Screener model file (default: the embedded one)");
  command->add_option("--model", options->model_dir, "Run a nope-edge checkpoint (folder with config.json, safetensors, tokenizer) instead of the screener");
  add_engine_options(command, options->engine);
  command->add_option("--max-bytes", options->max_bytes, "Largest input accepted, in bytes")->capture_default_str();
  command->callback([options, &exit_code] { exit_code = run_classify(*options); });
}

}  // namespace lifeguard::cli
