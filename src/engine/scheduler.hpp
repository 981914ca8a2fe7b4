// Continuous batching over one Qwen3Model: requests are submitted from any
// thread; one worker thread owns the model calls. Each step it admits waiting
// requests (up to max_batch active), then makes one forward() call holding a
// decode row for every sequence past its prompt plus chunks of the prompts
// still being prefilled (at most max_prefill_tokens_per_step prompt tokens,
// so a long prompt does not stall the others' decoding). A sequence leaves
// the batch as soon as it stops and its future is fulfilled.
//
// Results are exactly greedy_generate's for the same prompt and options: the
// forward pass gives every row the same logits whatever else is in the call,
// and the stop rules below are greedy_generate's.
//
// Errors: an invalid prompt (empty, a token outside the vocabulary, longer
// than max_position_embeddings - 1) fails only its own future with
// std::invalid_argument, as does a sequence that reaches
// max_position_embeddings while decoding (greedy_generate throws there too)
// and a request whose on_token callback throws (with that exception). An
// exception inside forward() fails every active request's future.
//
// stop() (and the destructor) lets active sequences finish and fails waiting
// ones with std::runtime_error("scheduler stopped"); submit() after stop()
// returns a future holding that error.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/greedy.hpp"
#include "engine/qwen3_model.hpp"
#include "tokenizer/tokenizer.hpp"

namespace lifeguard::engine {

struct SchedulerOptions {
  std::size_t max_batch = 16;                    // sequences active at once
  std::size_t max_prefill_tokens_per_step = 256;  // prompt tokens per forward() call
  std::size_t max_prompt_tokens = 0;              // longest prompt accepted (0: the model's context)
};

// Decode rows of one step: 0 .. kHistogramTop - 1, then kHistogramTop for that many or more.
inline constexpr std::size_t kHistogramTop = 16;

struct SchedulerStats {
  std::uint64_t steps = 0;               // forward() calls
  std::uint64_t sequences_finished = 0;  // futures fulfilled with a result
  std::uint64_t prompt_tokens = 0;       // prompt tokens prefilled
  std::uint64_t generated_tokens = 0;
  std::uint64_t batch_size_histogram[kHistogramTop + 1] = {};  // steps by decode rows
  std::size_t active = 0;                // admitted, not finished
  std::size_t waiting = 0;
};

// Called on the worker thread once per generated token with the text that
// became complete (empty for a skipped special token, or a token that ends
// inside a character). The last call also carries whatever the decoder held back, so
// the pieces concatenate to GreedyResult::text. Never called after the
// request's future is ready. It may call stop() (which then does not wait
// for the worker it runs on) but must not destroy the scheduler.
using TokenCallback = std::function<void(TokenId, std::string_view text_piece)>;

class BatchScheduler {
 public:
  // The model and tokenizer must outlive the scheduler. Throws
  // std::invalid_argument when an option is zero.
  BatchScheduler(const Qwen3Model& model, const tokenizer::Tokenizer& tokenizer, SchedulerOptions options = {});
  ~BatchScheduler();  // stop()
  BatchScheduler(const BatchScheduler&) = delete;
  BatchScheduler& operator=(const BatchScheduler&) = delete;

  std::future<GreedyResult> submit(std::vector<TokenId> prompt, GreedyOptions options, TokenCallback on_token = {});
  SchedulerStats stats() const;
  // Fails waiting requests, waits for active ones to finish, ends the worker.
  // Idempotent; safe to call from several threads.
  void stop();

 private:
  struct Request;
  void run();
  void step();  // one forward() call over the active sequences, and what follows from it
  // Takes the new token into the request (stop rules, decoding, callback); true when it is done.
  bool accept_token(Request& request, TokenId token);

  const Qwen3Model& model_;
  const tokenizer::Tokenizer& tokenizer_;
  const SchedulerOptions options_;

  mutable std::mutex mutex_;  // guards waiting_, stopping_, stats_
  std::condition_variable wake_;
  std::deque<std::unique_ptr<Request>> waiting_;
  bool stopping_ = false;
  SchedulerStats stats_;

  std::vector<std::unique_ptr<Request>> active_;  // worker thread only, in admission order
  std::mutex join_mutex_;
  std::thread worker_;
  std::thread::id worker_id_;
};

}  // namespace lifeguard::engine
