// The continuous-batching scheduler against greedy_generate on a tiny random
// checkpoint: the same results whatever runs beside a request, stop rules,
// streaming, errors that stay with their own request, and shutdown that
// never hangs.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <memory>
#include <set>
#include <thread>

#include "engine/random_checkpoint.hpp"
#include "engine/scheduler.hpp"
#include "support/reference_tokenizer.hpp"
#include "support/temp_dir.hpp"

namespace lifeguard::engine {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kMaxPositions = 64;

// One tiny model for the whole suite (full Qwen3 vocabulary, 2 layers).
const Qwen3Model& tiny_model() {
  static const Qwen3Model model = [] {
    Qwen3Config config = qwen3_shape("tiny");
    config.max_position_embeddings = kMaxPositions;
    const auto dir = test_support::process_temp_dir("scheduler_model");
    write_random_checkpoint(dir, config, 7, {});
    return Qwen3Model::load(dir, {.threads = 2});
  }();
  return model;
}

// Deterministic prompt ids spread over the vocabulary.
std::vector<TokenId> prompt_of(std::size_t length, std::uint32_t salt) {
  std::vector<TokenId> ids(length);
  std::uint32_t state = 2654435761u * (salt + 1);
  for (auto& id : ids) {
    state = state * 1664525u + 1013904223u;
    id = static_cast<TokenId>(state % 150000u);
  }
  return ids;
}

void expect_same(const GreedyResult& actual, const GreedyResult& expected, const std::string& what) {
  EXPECT_EQ(actual.new_ids, expected.new_ids) << what;
  EXPECT_EQ(actual.text, expected.text) << what;
  EXPECT_EQ(actual.stop_reason, expected.stop_reason) << what;
}

GreedyOptions up_to(int max_new_tokens) {
  GreedyOptions options;
  options.max_new_tokens = max_new_tokens;
  return options;
}

bool is_ready(std::future<GreedyResult>& future) { return future.wait_for(0s) == std::future_status::ready; }

// A callback that holds the worker until open() (its request is active by
// then), so that later submissions are sure to be waiting together.
class Gate {
 public:
  TokenCallback callback() {
    return [state = state_](TokenId, std::string_view) {
      if (!state->entered_once.exchange(true)) state->entered.set_value();
      state->opened.wait();
    };
  }
  void wait_until_entered() { state_->entered.get_future().wait(); }
  void open() { state_->open.set_value(); }

 private:
  struct State {
    std::atomic<bool> entered_once{false};
    std::promise<void> entered;
    std::promise<void> open;
    std::shared_future<void> opened = open.get_future().share();
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

class Scheduler : public ::testing::Test {
 protected:
  void SetUp() override {
    LIFEGUARD_NEED_REFERENCE_TOKENIZER();
    tokenizer_ = test_support::reference_tokenizer();
  }
  const Qwen3Model& model() const { return tiny_model(); }
  const tokenizer::Tokenizer* tokenizer_ = nullptr;
};

TEST_F(Scheduler, ConcurrentRequestsGetExactlyTheGreedyResults) {
  struct Case {
    std::vector<TokenId> prompt;
    GreedyOptions options;
    GreedyResult expected;
  };
  std::vector<Case> cases;
  const std::size_t lengths[] = {3, 17, 5, 30, 1, 9, 22, 12, 2, 40};
  for (std::uint32_t i = 0; i < 10; ++i) {
    Case c{prompt_of(lengths[i], i), {}, {}};
    c.options.max_new_tokens = 4 + static_cast<int>(i % 5) * 2;
    // Stop rules taken from the unconstrained continuation, so that they fire.
    const GreedyResult free_run = greedy_generate(model(), *tokenizer_, c.prompt, c.options);
    if (i % 3 == 1) c.options.stop_ids = {free_run.new_ids[2]};
    if (i % 3 == 2) {
      const std::string head = tokenizer_->decode({free_run.new_ids.begin(), free_run.new_ids.begin() + 3}, true);
      if (!head.empty()) c.options.stop_strings = {head.substr(head.size() / 2)};
    }
    c.expected = greedy_generate(model(), *tokenizer_, c.prompt, c.options);
    cases.push_back(std::move(c));
  }

  // Small prefill chunks, so prompts are split across steps beside others' decoding.
  BatchScheduler scheduler(model(), *tokenizer_, {.max_batch = 16, .max_prefill_tokens_per_step = 7});
  Gate gate;
  std::vector<std::future<GreedyResult>> futures(cases.size());
  futures[0] = scheduler.submit(cases[0].prompt, cases[0].options, gate.callback());
  constexpr std::size_t kThreads = 3;
  std::latch start(kThreads);
  std::vector<std::thread> submitters;
  for (std::size_t t = 0; t < kThreads; ++t) {
    submitters.emplace_back([&, t] {
      start.arrive_and_wait();
      for (std::size_t i = 1 + t; i < cases.size(); i += kThreads) {
        futures[i] = scheduler.submit(cases[i].prompt, cases[i].options);
      }
    });
  }
  for (auto& thread : submitters) thread.join();
  gate.open();

  std::set<std::string> reasons;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const GreedyResult result = futures[i].get();
    expect_same(result, cases[i].expected, "request " + std::to_string(i));
    reasons.insert(result.stop_reason);
  }
  EXPECT_EQ(reasons, (std::set<std::string>{"max_new_tokens", "stop_token", "stop_string"}));

  const SchedulerStats stats = scheduler.stats();
  std::uint64_t batched_steps = 0, histogram_steps = 0;
  for (std::size_t rows = 0; rows <= kHistogramTop; ++rows) {
    histogram_steps += stats.batch_size_histogram[rows];
    if (rows > 1) batched_steps += stats.batch_size_histogram[rows];
  }
  EXPECT_GT(batched_steps, 0u) << "no step decoded more than one sequence";
  EXPECT_EQ(histogram_steps, stats.steps);
  EXPECT_EQ(stats.sequences_finished, cases.size());
  std::uint64_t prompt_tokens = 0, generated = 0;
  for (const Case& c : cases) {
    prompt_tokens += c.prompt.size();
    generated += c.expected.new_ids.size();
  }
  EXPECT_EQ(stats.prompt_tokens, prompt_tokens);
  EXPECT_EQ(stats.generated_tokens, generated);
  EXPECT_EQ(stats.active, 0u);
  EXPECT_EQ(stats.waiting, 0u);
}

TEST_F(Scheduler, GeneratesExactlyMaxNewTokens) {
  BatchScheduler scheduler(model(), *tokenizer_, {.max_batch = 2});
  std::vector<std::future<GreedyResult>> futures;
  const int limits[] = {0, 1, 2, 5, 8};
  for (int limit : limits) futures.push_back(scheduler.submit(prompt_of(6, 100), up_to(limit)));
  for (std::size_t i = 0; i < futures.size(); ++i) {
    const GreedyResult result = futures[i].get();
    EXPECT_EQ(result.new_ids.size(), static_cast<std::size_t>(limits[i]));
    EXPECT_EQ(result.stop_reason, "max_new_tokens");
    expect_same(result, greedy_generate(model(), *tokenizer_, prompt_of(6, 100), up_to(limits[i])),
                "limit " + std::to_string(limits[i]));
  }
}

TEST_F(Scheduler, StreamedPiecesConcatenateToTheText) {
  BatchScheduler scheduler(model(), *tokenizer_);
  struct Stream {
    std::string text;
    std::vector<TokenId> ids;
    std::atomic<bool> ready{false};
    std::atomic<int> calls_after_ready{0};
  };
  std::vector<Stream> streams(4);
  std::vector<std::future<GreedyResult>> futures;
  for (std::size_t i = 0; i < streams.size(); ++i) {
    Stream& stream = streams[i];
    futures.push_back(scheduler.submit(prompt_of(4 + i, 200 + static_cast<std::uint32_t>(i)), up_to(12),
                                       [&stream](TokenId id, std::string_view piece) {
                                         if (stream.ready) ++stream.calls_after_ready;
                                         stream.text += piece;
                                         stream.ids.push_back(id);
                                       }));
  }
  for (std::size_t i = 0; i < streams.size(); ++i) {
    const GreedyResult result = futures[i].get();
    streams[i].ready = true;
    EXPECT_EQ(streams[i].text, result.text) << i;
    EXPECT_EQ(streams[i].ids, result.new_ids) << i;
  }
  scheduler.stop();
  for (const Stream& stream : streams) EXPECT_EQ(stream.calls_after_ready, 0);
}

TEST_F(Scheduler, BadRequestsFailAloneWhileOthersSucceed) {
  BatchScheduler scheduler(model(), *tokenizer_, {.max_batch = 4, .max_prefill_tokens_per_step = 8});
  const GreedyOptions options = up_to(6);
  auto good_a = scheduler.submit(prompt_of(10, 300), options);
  auto empty = scheduler.submit({}, options);
  auto negative = scheduler.submit({1, -1, 2}, options);
  auto too_large = scheduler.submit({1, static_cast<TokenId>(model().config().vocab_size)}, options);
  auto too_long = scheduler.submit(prompt_of(kMaxPositions, 301), options);
  // Fits, but runs out of positions while decoding, where greedy_generate throws too.
  auto runs_out = scheduler.submit(prompt_of(kMaxPositions - 3, 302), up_to(10));
  auto callback_throws = scheduler.submit(prompt_of(5, 303), options, [](TokenId, std::string_view) {
    throw std::runtime_error("callback failed");
  });
  auto good_b = scheduler.submit(prompt_of(7, 304), options);

  EXPECT_THROW(empty.get(), std::invalid_argument);
  EXPECT_THROW(negative.get(), std::invalid_argument);
  EXPECT_THROW(too_large.get(), std::invalid_argument);
  EXPECT_THROW(too_long.get(), std::invalid_argument);
  EXPECT_THROW(runs_out.get(), std::invalid_argument);
  EXPECT_THROW(greedy_generate(model(), *tokenizer_, prompt_of(kMaxPositions - 3, 302), up_to(10)),
               std::invalid_argument);
  EXPECT_THROW(callback_throws.get(), std::runtime_error);
  expect_same(good_a.get(), greedy_generate(model(), *tokenizer_, prompt_of(10, 300), options), "good_a");
  expect_same(good_b.get(), greedy_generate(model(), *tokenizer_, prompt_of(7, 304), options), "good_b");
}

TEST_F(Scheduler, StopFinishesActiveRequestsAndFailsWaitingOnes) {
  BatchScheduler scheduler(model(), *tokenizer_, {.max_batch = 1});
  Gate gate;
  const GreedyOptions options = up_to(5);
  auto active = scheduler.submit(prompt_of(6, 400), options, gate.callback());
  gate.wait_until_entered();
  std::vector<std::future<GreedyResult>> waiting;
  for (std::uint32_t i = 0; i < 4; ++i) waiting.push_back(scheduler.submit(prompt_of(5, 401 + i), options));

  auto stopping = std::async(std::launch::async, [&] { scheduler.stop(); });
  for (auto& future : waiting) {
    ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
    EXPECT_THROW(future.get(), std::runtime_error);
  }
  gate.open();
  ASSERT_EQ(stopping.wait_for(10s), std::future_status::ready);
  expect_same(active.get(), greedy_generate(model(), *tokenizer_, prompt_of(6, 400), options), "active");

  auto late = scheduler.submit(prompt_of(3, 409), options);
  ASSERT_TRUE(is_ready(late));
  EXPECT_THROW(late.get(), std::runtime_error);
  EXPECT_EQ(scheduler.stats().waiting, 0u);
  scheduler.stop();  // again: nothing to do
}

TEST_F(Scheduler, DestructorWithRequestsInFlightDoesNotHang) {
  std::vector<std::future<GreedyResult>> futures;
  const GreedyOptions options = up_to(6);
  {
    BatchScheduler scheduler(model(), *tokenizer_, {.max_batch = 2, .max_prefill_tokens_per_step = 4});
    for (std::uint32_t i = 0; i < 6; ++i) futures.push_back(scheduler.submit(prompt_of(3 + i, 500 + i), options));
  }
  for (std::uint32_t i = 0; i < futures.size(); ++i) {
    ASSERT_TRUE(is_ready(futures[i])) << i;
    try {
      expect_same(futures[i].get(), greedy_generate(model(), *tokenizer_, prompt_of(3 + i, 500 + i), options),
                  "request " + std::to_string(i));
    } catch (const std::runtime_error& error) {
      EXPECT_STREQ(error.what(), "scheduler stopped");
    }
  }
}

TEST(SchedulerOptions, ZeroLimitsAreRefused) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  EXPECT_THROW(BatchScheduler(tiny_model(), *test_support::reference_tokenizer(), {.max_batch = 0}),
               std::invalid_argument);
  EXPECT_THROW(BatchScheduler(tiny_model(), *test_support::reference_tokenizer(), {.max_prefill_tokens_per_step = 0}),
               std::invalid_argument);
}

}  // namespace
}  // namespace lifeguard::engine
