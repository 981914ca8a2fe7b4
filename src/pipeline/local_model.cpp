// A model loaded in this process (see local_model.hpp).
#include "pipeline/local_model.hpp"

#include <sstream>

#include "pipeline/backend.hpp"

namespace lifeguard {

LocalModel::LocalModel(const LocalModelOptions& options)
    : model_(std::make_unique<engine::Qwen3Model>(engine::Qwen3Model::load(options.dir, options.engine))),
      tokenizer_(std::make_unique<tokenizer::Tokenizer>(tokenizer::Tokenizer::load(options.dir))),
      chat_(tokenizer::ChatTemplate::load(options.dir)),
      scheduler_(std::make_unique<engine::BatchScheduler>(*model_, *tokenizer_, options.scheduler)),
      end_of_turn_(engine::end_of_turn_ids(*tokenizer_)),
      name_(options.dir.filename().empty() ? options.dir.parent_path().filename().string() : options.dir.filename().string()),
      max_waiting_(options.max_waiting) {}

std::future<engine::GreedyResult> LocalModel::submit(std::string_view message, const engine::GreedyOptions& options,
                                                     engine::TokenCallback on_token, std::size_t* prompt_tokens) const {
  if (max_waiting_ > 0 && scheduler_->stats().waiting >= max_waiting_) {
    throw BackendBusy(std::to_string(max_waiting_) + " requests already wait for the model");
  }
  auto prompt = chat_.encode_user_prompt(*tokenizer_, message, tokenizer::AddedTokens::plain_text);
  if (prompt_tokens) *prompt_tokens = prompt.size();
  return scheduler_->submit(std::move(prompt), options, std::move(on_token));
}

std::string LocalModel::metrics_text() const {
  const engine::SchedulerStats s = scheduler_->stats();
  std::ostringstream out;
  out << "# HELP lifeguard_model_steps_total Forward calls of the local model.\n"
      << "# TYPE lifeguard_model_steps_total counter\n"
      << "lifeguard_model_steps_total " << s.steps << '\n'
      << "# HELP lifeguard_model_tokens_total Tokens by kind (prompt: prefilled, generated: decoded).\n"
      << "# TYPE lifeguard_model_tokens_total counter\n"
      << "lifeguard_model_tokens_total{kind=\"prompt\"} " << s.prompt_tokens << '\n'
      << "lifeguard_model_tokens_total{kind=\"generated\"} " << s.generated_tokens << '\n'
      << "# HELP lifeguard_model_sequences_finished_total Generations completed.\n"
      << "# TYPE lifeguard_model_sequences_finished_total counter\n"
      << "lifeguard_model_sequences_finished_total " << s.sequences_finished << '\n'
      << "# HELP lifeguard_model_sequences Sequences by state.\n"
      << "# TYPE lifeguard_model_sequences gauge\n"
      << "lifeguard_model_sequences{state=\"active\"} " << s.active << '\n'
      << "lifeguard_model_sequences{state=\"waiting\"} " << s.waiting << '\n'
      << "# HELP lifeguard_model_decode_batch_steps_total Forward calls by the number of sequences decoded together.\n"
      << "# TYPE lifeguard_model_decode_batch_steps_total counter\n";
  for (std::size_t size = 0; size <= engine::kHistogramTop; ++size) {
    out << "lifeguard_model_decode_batch_steps_total{batch=\"" << size << (size == engine::kHistogramTop ? "+" : "")
        << "\"} " << s.batch_size_histogram[size] << '\n';
  }
  return out.str();
}

}  // namespace lifeguard
