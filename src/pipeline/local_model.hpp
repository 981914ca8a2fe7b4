// A nope-edge checkpoint loaded in this process: the engine, its tokenizer
// and chat template, and the continuous-batching scheduler every caller's
// generation goes through, so concurrent requests share decode steps.
// Used by the model backend (classify, eval, serve's /v1/screen and
// /v1/evaluate) and by serve's OpenAI-compatible /v1/chat/completions.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/greedy.hpp"
#include "engine/qwen3_model.hpp"
#include "engine/scheduler.hpp"
#include "tokenizer/chat_template.hpp"
#include "tokenizer/tokenizer.hpp"

namespace lifeguard {

using tokenizer::TokenId;

struct LocalModelOptions {
  std::filesystem::path dir;
  engine::ModelOptions engine;
  // Its max_prompt_tokens bounds the KV cache, which grows with each
  // sequence: ~229 KB per token for a 0.6B model in f32.
  engine::SchedulerOptions scheduler;
  // With this many requests already queued, submit() throws BackendBusy
  // instead of queueing into a timeout (0: no limit).
  std::size_t max_waiting = 0;
};

class LocalModel {
 public:
  // Throws std::runtime_error with one line saying what is wrong with the folder.
  explicit LocalModel(const LocalModelOptions& options);

  // One user message through the chat template, decoded greedily by the
  // scheduler. Special-token strings in `message` stay text (SPEC §3). The
  // future holds std::invalid_argument for a prompt the model cannot take
  // (longer than the scheduler's max_prompt_tokens or the model's context);
  // throws BackendBusy when max_waiting requests are already queued.
  std::future<engine::GreedyResult> submit(std::string_view message, const engine::GreedyOptions& options,
                                           engine::TokenCallback on_token, std::size_t* prompt_tokens) const;

  // The ids that end an assistant turn (<|im_end|>, <|endoftext|>).
  const std::vector<TokenId>& end_of_turn() const { return end_of_turn_; }
  const std::string& name() const { return name_; }
  engine::SchedulerStats stats() const { return scheduler_->stats(); }
  // Prometheus lines: scheduler steps, tokens, batch sizes.
  std::string metrics_text() const;
  void stop() { scheduler_->stop(); }

 private:
  std::unique_ptr<engine::Qwen3Model> model_;
  std::unique_ptr<tokenizer::Tokenizer> tokenizer_;
  tokenizer::ChatTemplate chat_;
  std::unique_ptr<engine::BatchScheduler> scheduler_;
  std::vector<TokenId> end_of_turn_;
  std::string name_;
  std::size_t max_waiting_;
};

}  // namespace lifeguard
