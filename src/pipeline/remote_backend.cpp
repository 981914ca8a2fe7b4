// The remote backend (see remote_backend.hpp).
#include "pipeline/remote_backend.hpp"

#include "pipeline/model_answer.hpp"

#include <stdexcept>

#include "core/model_output.hpp"
#include "pipeline/judgements.hpp"

namespace lifeguard {
namespace {

class RemoteBackend final : public Backend {
 public:
  explicit RemoteBackend(const RemoteBackendOptions& options)
      : options_(options), client_(remote::parse_endpoint(options.url), options.client) {}

  BackendResult assess(const PreparedInput& input) const override {
    BackendResult result;
    result.backend = "remote";
    result.model = options_.model;
    remote::ChatRequest request;
    request.model = options_.model;
    request.messages.push_back({"user", input.text});
    request.temperature = options_.temperature;
    request.max_tokens = options_.max_tokens;
    std::vector<Assessment> answers;
    for (std::size_t judge = 0; judge < options_.judges; ++judge) {
      if (options_.judges > 1) request.seed = static_cast<int>(judge);
      ModelOutputParse parsed = parse_model_output(client_.complete(request));
      require_answer(parsed, options_.judges > 1 ? "judge " + std::to_string(judge + 1) : std::string());
      for (auto& problem : parsed.problems) {
        result.problems.push_back(options_.judges > 1 ? "judge " + std::to_string(judge + 1) + ": " + problem : problem);
      }
      answers.push_back(std::move(parsed.assessment));
    }
    if (answers.size() == 1) {
      result.assessment = std::move(answers.front());
      return result;
    }
    CombinedJudgement combined = combine_judgements(answers, options_.min_vote_share);
    result.assessment = std::move(combined.assessment);
    result.agreement = combined.agreement;
    result.judgements = std::move(answers);
    return result;
  }

  std::string name() const override { return "remote"; }

 private:
  RemoteBackendOptions options_;
  remote::ChatClient client_;
};

}  // namespace

std::unique_ptr<Backend> make_remote_backend(const RemoteBackendOptions& options) {
  if (options.model.empty()) throw std::invalid_argument("the remote backend needs a model name (--remote-model)");
  if (options.judges < 1 || options.judges > 32) throw std::invalid_argument("judges must be between 1 and 32");
  if (options.temperature < 0.0 || options.temperature > 2.0) throw std::invalid_argument("temperature must be between 0 and 2");
  if (options.max_tokens < 1) throw std::invalid_argument("max tokens must be at least 1");
  return std::make_unique<RemoteBackend>(options);
}

}  // namespace lifeguard
