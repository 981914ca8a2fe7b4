// Continuous batching (see scheduler.hpp).
#include "engine/scheduler.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

namespace lifeguard::engine {

struct BatchScheduler::Request {
  Request(std::vector<TokenId> prompt_ids, GreedyOptions greedy_options, TokenCallback callback,
          Sequence new_sequence, const tokenizer::Tokenizer& tokenizer)
      : prompt(std::move(prompt_ids)),
        options(std::move(greedy_options)),
        on_token(std::move(callback)),
        sequence(std::move(new_sequence)),
        decoder(tokenizer, /*skip_special_tokens=*/true) {
    result.stop_reason = "max_new_tokens";
  }
  std::vector<TokenId> prompt;
  GreedyOptions options;
  TokenCallback on_token;
  std::promise<GreedyResult> promise;
  Sequence sequence;
  std::size_t prefilled = 0;  // prompt tokens given to forward() so far
  TokenId next = 0;           // the last generated token, fed at the next step
  tokenizer::StreamDecoder decoder;
  GreedyResult result;
};

namespace {

std::exception_ptr stopped_error() { return std::make_exception_ptr(std::runtime_error("scheduler stopped")); }

// The prompt problems forward() would throw for, found before the request
// joins a batch where they would fail everyone. Names no token (message text).
void check_prompt(const std::vector<TokenId>& prompt, const Qwen3Config& config, std::size_t max_prompt_tokens) {
  if (prompt.empty()) throw std::invalid_argument("empty prompt");
  for (std::size_t i = 0; i < prompt.size(); ++i) {
    if (prompt[i] < 0 || prompt[i] >= config.vocab_size) {
      throw std::invalid_argument("prompt token " + std::to_string(i) + " is outside the vocabulary of " +
                                  std::to_string(config.vocab_size));
    }
  }
  if (max_prompt_tokens > 0 && prompt.size() > max_prompt_tokens) {
    throw std::invalid_argument("prompt of " + std::to_string(prompt.size()) + " tokens is longer than the " +
                                std::to_string(max_prompt_tokens) + " accepted");
  }
  // One position is left for the first generated token.
  if (static_cast<std::int64_t>(prompt.size()) > config.max_position_embeddings - 1) {
    throw std::invalid_argument("prompt of " + std::to_string(prompt.size()) +
                                " tokens is longer than max_position_embeddings - 1 (" +
                                std::to_string(config.max_position_embeddings - 1) + ")");
  }
}

}  // namespace

BatchScheduler::BatchScheduler(const Qwen3Model& model, const tokenizer::Tokenizer& tokenizer, SchedulerOptions options)
    : model_(model), tokenizer_(tokenizer), options_(options) {
  if (options_.max_batch == 0) throw std::invalid_argument("scheduler max_batch must be at least 1");
  if (options_.max_prefill_tokens_per_step == 0) {
    throw std::invalid_argument("scheduler max_prefill_tokens_per_step must be at least 1");
  }
  worker_ = std::thread([this] { run(); });
  worker_id_ = worker_.get_id();
}

BatchScheduler::~BatchScheduler() { stop(); }

std::future<GreedyResult> BatchScheduler::submit(std::vector<TokenId> prompt, GreedyOptions options,
                                                 TokenCallback on_token) {
  std::promise<GreedyResult> promise;
  std::future<GreedyResult> future = promise.get_future();
  try {
    check_prompt(prompt, model_.config(), options_.max_prompt_tokens);
  } catch (const std::invalid_argument&) {
    promise.set_exception(std::current_exception());
    return future;
  }
  auto request = std::make_unique<Request>(std::move(prompt), std::move(options), std::move(on_token),
                                           model_.new_sequence(), tokenizer_);
  request->promise = std::move(promise);
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      request->promise.set_exception(stopped_error());
      return future;
    }
    // Nothing to generate: greedy_generate's result without a model call.
    if (request->options.max_new_tokens <= 0) {
      request->promise.set_value(std::move(request->result));
      ++stats_.sequences_finished;
      return future;
    }
    waiting_.push_back(std::move(request));
    stats_.waiting = waiting_.size();
  }
  wake_.notify_one();
  return future;
}

SchedulerStats BatchScheduler::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void BatchScheduler::stop() {
  std::deque<std::unique_ptr<Request>> rejected;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    rejected.swap(waiting_);
    stats_.waiting = 0;
  }
  wake_.notify_all();
  for (auto& request : rejected) request->promise.set_exception(stopped_error());
  if (std::this_thread::get_id() == worker_id_) return;  // from a callback: the worker ends by itself
  std::lock_guard join_lock(join_mutex_);
  if (worker_.joinable()) worker_.join();
}

void BatchScheduler::run() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !waiting_.empty() || !active_.empty(); });
      // stop() empties waiting_, so after it only active sequences remain to finish.
      if (active_.empty() && waiting_.empty()) return;
      while (active_.size() < options_.max_batch && !waiting_.empty()) {
        active_.push_back(std::move(waiting_.front()));
        waiting_.pop_front();
      }
      stats_.active = active_.size();
      stats_.waiting = waiting_.size();
    }
    step();
  }
}

void BatchScheduler::step() {
  // Requests leaving the batch: their futures are settled after the stats
  // count them, so a caller who sees its future ready also sees it counted.
  std::vector<std::pair<std::unique_ptr<Request>, std::exception_ptr>> leaving;

  // A sequence whose next decode row would pass the last position fails on
  // its own, as greedy_generate would throw there, rather than in forward()
  // with everyone else.
  const std::int64_t positions = model_.config().max_position_embeddings;
  std::erase_if(active_, [&](std::unique_ptr<Request>& request) {
    if (request->prefilled < request->prompt.size() || request->sequence.length < positions) return false;
    leaving.emplace_back(std::move(request), std::make_exception_ptr(std::invalid_argument(
                                                 "sequence longer than max_position_embeddings")));
    return true;
  });

  // One decode row per sequence past its prompt; prompt chunks within the budget, oldest first.
  std::vector<ForwardRow> rows;
  std::vector<bool> has_logits(active_.size(), false);
  std::size_t decode_rows = 0, prompt_tokens = 0, budget = options_.max_prefill_tokens_per_step;
  for (std::size_t i = 0; i < active_.size(); ++i) {
    Request& request = *active_[i];
    if (request.prefilled == request.prompt.size()) {
      rows.push_back({&request.sequence, request.next, true});
      has_logits[i] = true;
      ++decode_rows;
    } else if (budget > 0) {
      const std::size_t chunk = std::min(budget, request.prompt.size() - request.prefilled);
      for (std::size_t j = request.prefilled; j < request.prefilled + chunk; ++j) {
        rows.push_back({&request.sequence, request.prompt[j], j + 1 == request.prompt.size()});
      }
      request.prefilled += chunk;
      has_logits[i] = request.prefilled == request.prompt.size();
      budget -= chunk;
      prompt_tokens += chunk;
    }
  }

  std::uint64_t generated = 0, finished = 0;
  bool stepped = false;
  if (!rows.empty()) {
    std::vector<std::vector<float>> logits;
    try {
      logits = model_.forward(rows);
      stepped = true;
    } catch (...) {
      // The caches of every sequence in the call may be half written.
      const std::exception_ptr error = std::current_exception();
      for (auto& request : active_) leaving.emplace_back(std::move(request), error);
      active_.clear();
    }
    std::vector<std::unique_ptr<Request>> remaining;
    std::size_t next_logits = 0;
    for (std::size_t i = 0; i < active_.size(); ++i) {
      bool done = false;
      if (has_logits[i]) {
        ++generated;
        try {
          done = accept_token(*active_[i], argmax(logits[next_logits++]));
          if (done) {
            leaving.emplace_back(std::move(active_[i]), nullptr);
            ++finished;
          }
        } catch (...) {  // the callback threw: that request alone fails
          leaving.emplace_back(std::move(active_[i]), std::current_exception());
          done = true;
        }
      }
      if (!done) remaining.push_back(std::move(active_[i]));
    }
    active_ = std::move(remaining);
  }

  {
    std::lock_guard lock(mutex_);
    stats_.active = active_.size();
    if (stepped) {
      ++stats_.steps;
      ++stats_.batch_size_histogram[std::min(decode_rows, kHistogramTop)];
      stats_.prompt_tokens += prompt_tokens;
      stats_.generated_tokens += generated;
      stats_.sequences_finished += finished;
    }
  }
  for (auto& [request, error] : leaving) {
    if (error) {
      request->promise.set_exception(error);
    } else {
      request->promise.set_value(std::move(request->result));
    }
  }
}

bool BatchScheduler::accept_token(Request& request, TokenId token) {
  GreedyResult& result = request.result;
  const GreedyOptions& options = request.options;
  result.new_ids.push_back(token);
  std::string piece = request.decoder.push(token);
  result.text += piece;
  // greedy_generate's rules, in its order, on the text before the decoder's final flush.
  bool done = true;
  if (std::find(options.stop_ids.begin(), options.stop_ids.end(), token) != options.stop_ids.end()) {
    result.stop_reason = "stop_token";
  } else if (std::any_of(options.stop_strings.begin(), options.stop_strings.end(),
                         [&](const std::string& stop) { return result.text.find(stop) != std::string::npos; })) {
    result.stop_reason = "stop_string";
  } else {
    done = result.new_ids.size() >= static_cast<std::size_t>(options.max_new_tokens);
  }
  if (done) {
    const std::string rest = request.decoder.finish();
    result.text += rest;
    piece += rest;
  } else {
    request.next = token;
  }
  if (request.on_token) request.on_token(token, piece);
  return done;
}

}  // namespace lifeguard::engine
