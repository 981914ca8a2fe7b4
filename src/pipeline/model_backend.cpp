// The native model backend (see model_backend.hpp).
#include "pipeline/model_backend.hpp"

#include <mutex>
#include <stdexcept>

#include "core/model_output.hpp"
#include "engine/greedy.hpp"
#include "tokenizer/chat_template.hpp"

namespace lifeguard {
namespace {

class ModelBackend final : public Backend {
 public:
  explicit ModelBackend(const ModelBackendOptions& options)
      : model_(engine::Qwen3Model::load(options.dir, options.engine)),
        tokenizer_(tokenizer::Tokenizer::load(options.dir)),
        chat_(tokenizer::ChatTemplate::load(options.dir)),
        name_(options.dir.filename().string()) {
    generation_.max_new_tokens = options.max_new_tokens;
    generation_.stop_ids = engine::end_of_turn_ids(tokenizer_);
    generation_.stop_strings = {"</risks>", "<risks/>", "<risks />"};
  }

  BackendResult assess(const PreparedInput& input) const override {
    auto prompt = chat_.encode_user_prompt(tokenizer_, input.text, tokenizer::AddedTokens::plain_text);
    engine::GreedyResult generated;
    {
      // The engine already uses every core for one sequence; requests take turns.
      std::lock_guard lock(mutex_);
      generated = engine::greedy_generate(model_, tokenizer_, prompt, generation_);
    }
    ModelOutputParse parsed = parse_model_output(generated.text);
    if (!parsed.complete && parsed.assessment.risks.empty()) {
      // Output that names no risk because it is broken must not read as "no risk".
      std::string why = parsed.problems.empty() ? std::string("no <risks> block") : parsed.problems.back();
      throw std::runtime_error("the model's output is not a nope-edge answer (" + why + "; " +
                               std::to_string(generated.new_ids.size()) + " tokens, stopped by " +
                               generated.stop_reason + ")");
    }
    BackendResult result;
    result.assessment = std::move(parsed.assessment);
    result.problems = std::move(parsed.problems);
    result.backend = "model";
    result.model = name_;
    return result;
  }

  std::string name() const override { return "model"; }

 private:
  engine::Qwen3Model model_;
  tokenizer::Tokenizer tokenizer_;
  tokenizer::ChatTemplate chat_;
  engine::GreedyOptions generation_;
  std::string name_;
  mutable std::mutex mutex_;
};

}  // namespace

std::unique_ptr<Backend> make_model_backend(const ModelBackendOptions& options) {
  return std::make_unique<ModelBackend>(options);
}

}  // namespace lifeguard
