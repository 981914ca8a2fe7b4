// The native model backend (see model_backend.hpp).
#include "pipeline/model_backend.hpp"

#include <stdexcept>

#include "core/model_output.hpp"
#include "pipeline/model_answer.hpp"

namespace lifeguard {
namespace {

class ModelBackend final : public Backend {
 public:
  ModelBackend(std::shared_ptr<const LocalModel> model, int max_new_tokens, std::chrono::milliseconds timeout)
      : model_(std::move(model)), timeout_(timeout) {
    generation_.max_new_tokens = max_new_tokens;
    generation_.stop_ids = model_->end_of_turn();
    generation_.stop_strings = {"</risks>", "<risks/>", "<risks />"};
  }

  BackendResult assess(const PreparedInput& input) const override {
    // Concurrent calls join the model's scheduler and share decode steps.
    auto future = model_->submit(input.text, generation_, {}, nullptr);
    if (timeout_.count() > 0 && future.wait_for(timeout_) != std::future_status::ready) {
      // The sequence finishes in the scheduler (bounded by max_new_tokens); its answer is dropped.
      throw BackendTimeout("the model did not answer within " + std::to_string(timeout_.count()) + " ms");
    }
    const engine::GreedyResult generated = future.get();
    ModelOutputParse parsed = parse_model_output(generated.text);
    require_answer(parsed, std::to_string(generated.new_ids.size()) + " tokens, stopped by " + generated.stop_reason);
    BackendResult result;
    result.assessment = std::move(parsed.assessment);
    result.problems = std::move(parsed.problems);
    result.backend = "model";
    result.model = model_->name();
    return result;
  }

  std::string name() const override { return "model"; }

 private:
  std::shared_ptr<const LocalModel> model_;
  std::chrono::milliseconds timeout_;
  engine::GreedyOptions generation_;
};

}  // namespace

std::unique_ptr<Backend> make_model_backend(const ModelBackendOptions& options) {
  return make_model_backend(std::make_shared<const LocalModel>(LocalModelOptions{options.dir, options.engine, {}}),
                            options.max_new_tokens);
}

std::unique_ptr<Backend> make_model_backend(std::shared_ptr<const LocalModel> model, int max_new_tokens,
                                            std::chrono::milliseconds timeout) {
  return std::make_unique<ModelBackend>(std::move(model), max_new_tokens, timeout);
}

}  // namespace lifeguard
