// `lifeguard serve --model`: the OpenAI-compatible chat completions (plain
// and streamed) over a tiny random checkpoint with the real Qwen3 tokenizer,
// the model's batching of concurrent requests, and one lifeguard serving as
// the remote model of another.
#include <gtest/gtest.h>
#include <httplib.h>

#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/greedy.hpp"
#include "engine/random_checkpoint.hpp"
#include "serve/server.hpp"
#include "support/reference_tokenizer.hpp"
#include "support/running_server.hpp"
#include "support/temp_dir.hpp"
#include "tokenizer/chat_template.hpp"

namespace lifeguard::serve {
namespace {

using nlohmann::json;

constexpr int kMaxNewTokens = 12;

std::filesystem::path tiny_model_dir() {
  static const std::filesystem::path dir = [] {
    const auto path = test_support::process_temp_dir("serve_tiny_model");
    engine::write_random_checkpoint(path, engine::qwen3_shape("tiny"), 11, *test_support::reference_tokenizer_dir());
    return path;
  }();
  return dir;
}

using Running = test_support::RunningServer;

ServeOptions model_options() {
  ServeOptions options;
  options.model_dir = tiny_model_dir();
  options.engine.threads = 2;
  options.max_new_tokens = kMaxNewTokens;
  return options;
}

// What transformers-style greedy decoding gives for one user message.
engine::GreedyResult reference_completion(const std::string& message, int max_tokens) {
  const auto model = engine::Qwen3Model::load(tiny_model_dir(), {.threads = 2});
  const auto tokenizer = tokenizer::Tokenizer::load(tiny_model_dir());
  const auto chat = tokenizer::ChatTemplate::load(tiny_model_dir());
  engine::GreedyOptions options;
  options.max_new_tokens = max_tokens;
  options.stop_ids = engine::end_of_turn_ids(tokenizer);
  return engine::greedy_generate(model, tokenizer, chat.encode_user_prompt(tokenizer, message, tokenizer::AddedTokens::plain_text),
                                 options);
}

json chat_body(const std::string& message, bool stream, int max_tokens = kMaxNewTokens) {
  return {{"model", "serve_tiny_model"},
          {"messages", json::array({{{"role", "user"}, {"content", message}}})},
          {"max_tokens", max_tokens},
          {"stream", stream}};
}

TEST(ServeModel, ChatCompletionIsTheGreedyContinuation) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  Running running(model_options());
  const std::string message = "hello there, how are you today?";
  auto result = running.client().Post("/v1/chat/completions", chat_body(message, false).dump(), "application/json");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const json out = json::parse(result->body);
  const auto expected = reference_completion(message, kMaxNewTokens);
  EXPECT_EQ(out["object"], "chat.completion");
  EXPECT_EQ(out["choices"][0]["message"]["role"], "assistant");
  EXPECT_EQ(out["choices"][0]["message"]["content"], expected.text);
  EXPECT_EQ(out["choices"][0]["finish_reason"], expected.stop_reason == "max_new_tokens" ? "length" : "stop");
  EXPECT_EQ(out["usage"]["completion_tokens"], expected.new_ids.size());
  EXPECT_GT(out["usage"]["prompt_tokens"].get<int>(), 5);
}

TEST(ServeModel, StreamedChatCompletionSendsTheSameTextAsEvents) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  Running running(model_options());
  const std::string message = "tell me something about rivers 🌊";
  auto client = running.client();
  auto result = client.Post("/v1/chat/completions", chat_body(message, true).dump(), "application/json");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);
  EXPECT_NE(result->get_header_value("Content-Type").find("text/event-stream"), std::string::npos);
  std::string content, finish;
  bool role_first = false, done = false;
  std::size_t start = 0;
  int index = 0;
  while (start < result->body.size()) {
    const std::size_t end = result->body.find("\n\n", start);
    ASSERT_NE(end, std::string::npos) << "unterminated event";
    const std::string event = result->body.substr(start, end - start);
    start = end + 2;
    ASSERT_EQ(event.rfind("data: ", 0), 0u) << event;
    const std::string data = event.substr(6);
    if (data == "[DONE]") {
      done = true;
      continue;
    }
    const json chunk = json::parse(data);
    EXPECT_EQ(chunk["object"], "chat.completion.chunk");
    const json& choice = chunk["choices"][0];
    if (index++ == 0) role_first = choice["delta"].value("role", "") == "assistant";
    content += choice["delta"].value("content", "");
    if (!choice["finish_reason"].is_null()) finish = choice["finish_reason"].get<std::string>();
  }
  EXPECT_TRUE(role_first);
  EXPECT_TRUE(done);
  EXPECT_FALSE(finish.empty());
  EXPECT_EQ(content, reference_completion(message, kMaxNewTokens).text);
}

TEST(ServeModel, ConcurrentScreensShareDecodeStepsAndNeverReadAsNoRisk) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  Running running(model_options());
  std::vector<std::future<httplib::Result>> calls;
  for (int i = 0; i < 8; ++i) {
    calls.push_back(std::async(std::launch::async, [&running, i] {
      auto client = running.client();
      return client.Post("/v1/screen", json{{"text", "message number " + std::to_string(i) + " about my week"}}.dump(),
                         "application/json");
    }));
  }
  for (auto& call : calls) {
    auto result = call.get();
    ASSERT_TRUE(result);
    // Random weights write no nope-edge answer: an error, never "no risk".
    EXPECT_EQ(result->status, 502) << result->body;
    EXPECT_EQ(json::parse(result->body)["error"]["code"], "backend_unavailable");
  }
  const std::string metrics = running.client().Get("/metrics")->body;
  EXPECT_NE(metrics.find("lifeguard_model_sequences_finished_total 8"), std::string::npos) << metrics;
  // Some forward call decoded more than one sequence.
  bool batched = false;
  for (int size = 2; size <= 16; ++size) {
    const std::string label = "lifeguard_model_decode_batch_steps_total{batch=\"" + std::to_string(size) + (size == 16 ? "+" : "") + "\"} ";
    const auto at = metrics.find(label);
    if (at != std::string::npos && metrics.compare(at + label.size(), 2, "0\n") != 0) batched = true;
  }
  EXPECT_TRUE(batched) << metrics;
}

TEST(ServeModel, ChatRequestsTheModelCannotTakeAreRefused) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  Running running(model_options());
  auto post = [&](const json& body) { return running.client().Post("/v1/chat/completions", body.dump(), "application/json"); };
  json two = chat_body("hi", false);
  two["messages"].push_back({{"role", "assistant"}, {"content", "hello"}});
  EXPECT_EQ(post(two)->status, 400);
  EXPECT_EQ(post(chat_body("hi", false, 0))->status, 400);
  EXPECT_EQ(post(chat_body("hi", false, 100000))->status, 400);
  json empty_stop = chat_body("hi", false);
  empty_stop["stop"] = "";
  EXPECT_EQ(post(empty_stop)->status, 400);
  json no_messages = {{"model", "x"}};
  EXPECT_EQ(post(no_messages)->status, 400);
  auto models = json::parse(running.client().Get("/v1/models")->body);
  ASSERT_EQ(models["data"].size(), 2u);
  EXPECT_EQ(models["data"][1]["id"], tiny_model_dir().filename().string());
}

TEST(ServeModel, AModelAnswerThatTakesTooLongIsA504) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  ServeOptions options = model_options();
  options.max_new_tokens = 1000;  // random weights never end their answer: ~1 s of decoding here
  options.request_timeout_s = 0.02;
  Running running(options);
  // Without the limit this would be a 502 once the 1000 tokens are decoded.
  auto result = running.client().Post("/v1/screen", R"({"text": "a message the model will take long over"})", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 504) << result->body;
  EXPECT_EQ(json::parse(result->body)["error"]["code"], "timeout");
}

TEST(ServeModel, TextLongerThanTheModelsContextIsA400) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  engine::Qwen3Config config = engine::qwen3_shape("tiny");
  config.max_position_embeddings = 48;
  const auto dir = test_support::process_temp_dir("serve_short_context_model");
  engine::write_random_checkpoint(dir, config, 11, *test_support::reference_tokenizer_dir());
  ServeOptions options = model_options();
  options.model_dir = dir;
  Running running(options);
  std::string text;
  for (int i = 0; i < 40; ++i) text += "word" + std::to_string(i) + " ";
  auto result = running.post("/v1/screen", json{{"text", text}}.dump());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400) << result->body;
  EXPECT_EQ(json::parse(result->body)["error"]["code"], "invalid_request");
  EXPECT_EQ(result->body.find("word3"), std::string::npos);  // the message names no text
  // A streamed request is refused the same way, before any event is sent.
  auto streamed = running.post("/v1/chat/completions", chat_body(text, true).dump());
  EXPECT_EQ(streamed->status, 400) << streamed->body;
}

// The value of one unlabelled or labelled sample in Prometheus text, or -1.
double metric(const std::string& exposition, const std::string& sample) {
  const auto at = exposition.find(sample + " ");
  return at == std::string::npos ? -1 : std::stod(exposition.substr(at + sample.size() + 1));
}

TEST(ServeModel, RequestsBeyondTheWaitingLimitGet503) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  ServeOptions options = model_options();
  options.max_batch = 1;
  options.max_waiting = 1;
  options.max_new_tokens = 1000;  // random weights never stop: each answer decodes 1000 tokens
  Running running(options);
  auto wait_for = [&](const std::string& sample) {
    for (int i = 0; i < 2000 && metric(running.get("/metrics")->body, sample) != 1; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  };
  auto screen = [&] { return running.post("/v1/screen", R"({"text": "a message to keep the model busy"})"); };
  auto first = std::async(std::launch::async, screen);
  wait_for("lifeguard_model_sequences{state=\"active\"}");
  auto second = std::async(std::launch::async, screen);
  wait_for("lifeguard_model_sequences{state=\"waiting\"}");
  auto third = screen();
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 503) << third->body;
  EXPECT_EQ(json::parse(third->body)["error"]["code"], "overloaded");
  EXPECT_EQ(first.get()->status, 502);  // the answer is not a nope-edge answer, but it was given
  EXPECT_EQ(second.get()->status, 502);
}

TEST(ServeModel, WithoutAModelChatIs503) {
  Running running({});
  auto result = running.client().Post("/v1/chat/completions", chat_body("hi", false).dump(), "application/json");
  EXPECT_EQ(result->status, 503);
  EXPECT_EQ(json::parse(result->body)["error"]["code"], "model_not_loaded");
}

TEST(ServeModel, OneLifeguardServesAsTheRemoteModelOfAnother) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  Running backend(model_options());
  ServeOptions front_options;
  front_options.remote_url = backend.url();
  front_options.remote_model = tiny_model_dir().filename().string();
  Running front(front_options);
  const std::string message = "a question for the model behind";
  auto result = front.client().Post("/v1/chat/completions", chat_body(message, false).dump(), "application/json");
  ASSERT_EQ(result->status, 200) << result->body;
  // The front passes max_tokens on; the back end decodes greedily.
  EXPECT_EQ(json::parse(result->body)["choices"][0]["message"]["content"], reference_completion(message, kMaxNewTokens).text);
  // The front's stage 2 asks the back end for 300 tokens, over its ceiling of 12: refused there, a 502 here
  // (random weights would not write a nope-edge answer either; both are errors, never "no risk").
  auto screened = front.client().Post("/v1/evaluate", R"({"text": "i have a plan to kill myself"})", "application/json");
  EXPECT_EQ(screened->status, 502);
}

}  // namespace
}  // namespace lifeguard::serve
