// `lifeguard serve` end to end: a real server on an ephemeral loopback port,
// spoken to over HTTP, with a fake OpenAI-compatible server as the remote
// stage-2 model where one is needed.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "serve/api_keys.hpp"
#include "serve/server.hpp"
#include "support/fake_chat_server.hpp"
#include "support/running_server.hpp"

namespace lifeguard::serve {
namespace {

using nlohmann::json;

using Running = test_support::RunningServer;

json body_of(const httplib::Result& result) { return json::parse(result->body); }

httplib::Result post(const Running& running, const std::string& path, const std::string& body,
                     const httplib::Headers& headers = {}) {
  return running.post(path, body, headers);
}

std::string error_code(const httplib::Result& result) { return body_of(result)["error"]["code"].get<std::string>(); }

TEST(Serve, ScreenAnswersWithTheAssessmentAndResourcesForTheCountry) {
  Running running({});
  auto result = post(running, "/v1/screen", R"({"text": "i want to kill myself tonight", "country": "GB"})");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const json out = body_of(result);
  EXPECT_TRUE(out["is_crisis"].get<bool>());
  EXPECT_TRUE(out["show_resources"].get<bool>());
  EXPECT_FALSE(out["rationale"].get<std::string>().empty());
  EXPECT_EQ(out["backend"], "screener");
  EXPECT_EQ(out["resources_country"], "GB");
  EXPECT_TRUE(out["country_known"].get<bool>());
  EXPECT_TRUE(out.contains("latency_ms"));
  bool samaritans = false;
  for (const auto& resource : out["resources"]) samaritans |= resource.value("phone", "").find("116 123") != std::string::npos;
  EXPECT_TRUE(samaritans) << out["resources"].dump();
  bool suicide_scope = false;
  for (const auto& scope : out["resource_scopes"]) suicide_scope |= scope == "suicide_crisis";
  EXPECT_TRUE(suicide_scope);
}

TEST(Serve, ScreenTakesMessagesAndFallsBackToInternationalResources) {
  Running running({});
  auto result = post(running, "/v1/screen",
                     R"({"messages": [{"role": "user", "content": "hey"}, {"role": "assistant", "content": "hi, how are you?"},
                                      {"role": "user", "content": "honestly i have pills saved up and i am going to take them all"}],
                         "country": "ZZ"})");
  ASSERT_EQ(result->status, 200) << result->body;
  const json out = body_of(result);
  EXPECT_TRUE(out["show_resources"].get<bool>());
  EXPECT_EQ(out["resources_country"], "international");
  EXPECT_FALSE(out["country_known"].get<bool>());
  EXPECT_FALSE(out["resources"].empty());
}

TEST(Serve, BenignTextShowsNoResources) {
  Running running({});
  auto result = post(running, "/v1/screen", R"({"text": "what's a good recipe for banana bread?", "country": "US"})");
  ASSERT_EQ(result->status, 200);
  const json out = body_of(result);
  EXPECT_FALSE(out["is_crisis"].get<bool>());
  EXPECT_FALSE(out["show_resources"].get<bool>());
  EXPECT_TRUE(out["resources"].empty());
}

TEST(Serve, BadRequestsGetStableJsonErrors) {
  ServeOptions options;
  options.max_body_bytes = 4096;
  Running running(options);
  EXPECT_EQ(error_code(post(running, "/v1/screen", "{not json")), "invalid_json");
  auto invalid = post(running, "/v1/screen", std::string("{\"text\": \"abc\xff\"}"));
  EXPECT_EQ(invalid->status, 400);
  EXPECT_EQ(error_code(invalid), "invalid_utf8");
  EXPECT_EQ(error_code(post(running, "/v1/screen", R"({"text": "a", "messages": []})")), "invalid_request");
  EXPECT_EQ(error_code(post(running, "/v1/screen", R"({"text": 5})")), "invalid_request");
  EXPECT_EQ(error_code(post(running, "/v1/screen", R"({"text": "   "})")), "invalid_request");
  EXPECT_EQ(error_code(post(running, "/v1/screen", R"([1, 2])")), "invalid_request");
  EXPECT_EQ(error_code(post(running, "/v1/screen", R"({"text": "hi", "country": "GBR"})")), "invalid_request");
  EXPECT_EQ(error_code(post(running, "/v1/screen", R"({"messages": [{"role": "robot", "content": "x"}]})")), "invalid_request");
  auto large = post(running, "/v1/screen", json{{"text", std::string(10000, 'a')}}.dump());
  EXPECT_EQ(large->status, 413);
  EXPECT_EQ(error_code(large), "body_too_large");
  auto missing = post(running, "/v1/nothing", "{}");
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(error_code(missing), "not_found");
  // The message text never comes back in an error.
  auto secret = post(running, "/v1/screen", R"({"text": "my secret words", "country": 12})");
  EXPECT_EQ(secret->body.find("secret"), std::string::npos);
}

TEST(Serve, APathThatIsNotUtf8IsA404AndTheServerLivesOn) {
  Running running({});
  auto result = running.get("/%FF%FE/v1/screen");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(error_code(result), "not_found");
  EXPECT_EQ(running.get("/healthz")->status, 200);
}

TEST(Serve, AChunkedBodyIsRefusedBeforeItIsRead) {
  Running running({});
  auto client = running.client();
  auto result = client.Post(
      "/v1/screen",
      [](std::size_t, httplib::DataSink& sink) {
        const std::string part = R"({"text": "hello"})";
        sink.write(part.data(), part.size());
        sink.done();
        return true;
      },
      "application/json");
  // The server answers 411 at once; a client still sending its chunks may
  // see the connection close before it reads that answer. Either way the
  // refusal is counted.
  if (result) {
    EXPECT_EQ(result->status, 411);
    EXPECT_EQ(error_code(result), "length_required");
  }
  const std::string metrics = running.get("/metrics")->body;
  EXPECT_NE(metrics.find("lifeguard_requests_total{endpoint=\"/v1/screen\",status=\"411\"} 1"), std::string::npos) << metrics;
}

TEST(Serve, ApiKeysAreRequiredWhenConfigured) {
  const auto file = std::filesystem::path(::testing::TempDir()) / "serve_keys.txt";
  std::ofstream(file) << "# operators' keys\n" << sha256_hex("right-key") << "\n";
  ServeOptions options;
  options.api_key_file = file;
  Running running(options);
  const std::string body = R"({"text": "hello"})";
  auto none = post(running, "/v1/screen", body);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(error_code(none), "unauthorized");
  EXPECT_EQ(post(running, "/v1/screen", body, {{"Authorization", "Bearer wrong-key"}})->status, 401);
  EXPECT_EQ(post(running, "/v1/screen", body, {{"Authorization", "Bearer right-key"}})->status, 200);
  EXPECT_EQ(post(running, "/v1/screen", body, {{"X-API-Key", "right-key"}})->status, 200);
  // Health checks stay open for load balancers.
  EXPECT_EQ(running.client().Get("/healthz")->status, 200);
}

TEST(Serve, AKeyFileHoldingAKeyInsteadOfADigestIsRefused) {
  const auto file = std::filesystem::path(::testing::TempDir()) / "serve_bad_keys.txt";
  std::ofstream(file) << "my-plain-key\n";
  ServeOptions options;
  options.api_key_file = file;
  try {
    Server server(options);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(":1: expected the SHA-256"), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find("my-plain-key"), std::string::npos);
  }
}

TEST(Serve, RateLimitAnswers429) {
  ServeOptions options;
  options.rate_per_minute = 1;
  options.rate_burst = 2;
  Running running(options);
  const std::string body = R"({"text": "hello"})";
  EXPECT_EQ(post(running, "/v1/screen", body)->status, 200);
  EXPECT_EQ(post(running, "/v1/screen", body)->status, 200);
  auto third = post(running, "/v1/screen", body);
  EXPECT_EQ(third->status, 429);
  EXPECT_EQ(error_code(third), "rate_limited");
}

TEST(Serve, EvaluateWithoutAModelAnswersFromTheScreenerAndSaysSo) {
  Running running({});
  auto benign = body_of(post(running, "/v1/evaluate", R"({"text": "can you help me plan a birthday party for my mum?"})"));
  EXPECT_EQ(benign["stage"], 1);
  EXPECT_EQ(benign["decided_by"], "screener");
  EXPECT_FALSE(benign["degraded"].get<bool>());
  auto crisis = body_of(post(running, "/v1/evaluate", R"({"text": "i am going to end my life tonight, i have the rope"})"));
  EXPECT_EQ(crisis["stage"], 1);
  EXPECT_TRUE(crisis["degraded"].get<bool>());
  EXPECT_TRUE(crisis["is_crisis"].get<bool>());
}

const char* kModelAnswer =
    "<reflection>Third-party disclosure of a friend's plan.</reflection>\n<risks>\n"
    "  <risk subject=\"other\" type=\"suicide\" severity=\"high\" imminence=\"urgent\" features=\"third_party_disclosure\"/>\n"
    "</risks>";

TEST(Serve, EvaluateRunsStageTwoOnARemoteModelWithJudges) {
  test_support::FakeChatServer remote([](const json&) { return test_support::FakeReply{200, test_support::completion_body(kModelAnswer)}; });
  ServeOptions options;
  options.remote_url = remote.url();
  Running running(options);
  auto out = body_of(post(running, "/v1/evaluate",
                          R"({"text": "my friend told me she has a plan to kill herself this weekend", "judges": 3, "country": "US"})"));
  EXPECT_EQ(out["stage"], 2) << out.dump();
  EXPECT_EQ(out["decided_by"], "remote");
  EXPECT_EQ(out["judgements"].size(), 3u);
  EXPECT_DOUBLE_EQ(out["agreement"].get<double>(), 1.0);
  EXPECT_EQ(out["risks"][0]["subject"], "other");
  EXPECT_EQ(remote.requests(), 3);
  EXPECT_FALSE(out["resources"].empty());
  // /v1/screen goes to the model too when one is configured.
  auto screened = body_of(post(running, "/v1/screen", R"({"text": "my friend has a plan to kill herself"})"));
  EXPECT_EQ(screened["backend"], "remote");
  // Benign content never reaches the model.
  const int before = remote.requests();
  auto benign = body_of(post(running, "/v1/evaluate", R"({"text": "what's the capital of portugal?"})"));
  EXPECT_EQ(benign["stage"], 1);
  EXPECT_EQ(remote.requests(), before);
  EXPECT_EQ(error_code(post(running, "/v1/evaluate", R"({"text": "x", "judges": 99})")), "invalid_request");
}

TEST(Serve, AFailingRemoteModelIsA502NotASilentNoRisk) {
  test_support::FakeChatServer remote([](const json&) { return test_support::FakeReply{500, "{}"}; });
  ServeOptions options;
  options.remote_url = remote.url();
  options.remote_client.attempts = 1;
  Running running(options);
  auto result = post(running, "/v1/evaluate", R"({"text": "i have a plan to kill myself tonight"})");
  EXPECT_EQ(result->status, 502);
  EXPECT_EQ(error_code(result), "backend_unavailable");
}

TEST(Serve, ARemoteReplyThatIsNotANopeEdgeAnswerIsA502) {
  test_support::FakeChatServer remote(
      [](const json&) { return test_support::FakeReply{200, test_support::completion_body("I'm sorry, I can't help with that.")}; });
  ServeOptions options;
  options.remote_url = remote.url();
  Running running(options);
  auto result = post(running, "/v1/screen", R"({"text": "my friend has a plan to kill herself"})");
  EXPECT_EQ(result->status, 502);
  EXPECT_EQ(error_code(result), "backend_unavailable");
  EXPECT_EQ(result->body.find("sorry"), std::string::npos);  // the reply is not quoted
}

TEST(Serve, ExplicitIntentSeenByStageOneIsKeptWhenTheModelSeesNoRisk) {
  test_support::FakeChatServer remote([](const json&) {
    return test_support::FakeReply{200, test_support::completion_body("<reflection>Nothing of concern.</reflection>\n<risks></risks>")};
  });
  ServeOptions options;
  options.remote_url = remote.url();
  Running running(options);
  for (const char* text : {"i want to die", "I just want to kill myself"}) {
    auto out = body_of(post(running, "/v1/evaluate", json{{"text", text}}.dump()));
    EXPECT_EQ(out["stage"], 2) << text;
    EXPECT_TRUE(out["stage1"]["safety_floor"].get<bool>()) << text;
    EXPECT_TRUE(out["stage1"]["floor_kept"].get<bool>()) << text;
    EXPECT_TRUE(out["is_crisis"].get<bool>()) << text;
  }
  // Without the floor's condition, the model's "no risk" stands.
  auto framed = body_of(post(running, "/v1/evaluate", R"({"text": "lol this exam makes me want to die 😂"})"));
  if (framed["stage"] == 2) {
    EXPECT_FALSE(framed["stage1"]["floor_kept"].get<bool>());
    EXPECT_FALSE(framed["is_crisis"].get<bool>());
  }
}

TEST(Serve, HealthReadinessModelsAndMetrics) {
  Running running({});
  EXPECT_EQ(running.client().Get("/healthz")->status, 200);
  EXPECT_EQ(running.client().Get("/readyz")->status, 200);
  auto models = body_of(running.client().Get("/v1/models"));
  EXPECT_EQ(models["object"], "list");
  EXPECT_EQ(models["data"][0]["id"], "lifeguard-screener");
  post(running, "/v1/screen", R"({"text": "a very private sentence about my life"})");
  post(running, "/v1/screen", "{broken");
  post(running, "/v1/evaluate", R"({"text": "nice weather today"})");
  const std::string metrics = running.client().Get("/metrics")->body;
  EXPECT_NE(metrics.find("lifeguard_requests_total{endpoint=\"/v1/screen\",status=\"200\"} 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("lifeguard_requests_total{endpoint=\"/v1/screen\",status=\"400\"} 1"), std::string::npos);
  EXPECT_NE(metrics.find("lifeguard_evaluate_decided_total{stage=\"1\"} 1"), std::string::npos);
  EXPECT_NE(metrics.find("lifeguard_request_seconds_bucket"), std::string::npos);
  EXPECT_EQ(metrics.find("private"), std::string::npos);
}

TEST(Serve, StopLetsRequestsInFlightFinish) {
  std::promise<void> arrived;
  std::atomic<bool> signalled{false};
  test_support::FakeChatServer remote([&](const json&) {
    if (!signalled.exchange(true)) arrived.set_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return test_support::FakeReply{200, test_support::completion_body(kModelAnswer)};
  });
  ServeOptions options;
  options.remote_url = remote.url();
  auto running = std::make_unique<Running>(options);
  auto client = running->client();
  auto in_flight = std::async(std::launch::async, [&] {
    return client.Post("/v1/evaluate", R"({"text": "my friend has a plan to kill herself"})", "application/json");
  });
  arrived.get_future().wait();
  running->server().stop();  // while the request waits on the model
  auto result = in_flight.get();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(body_of(result)["stage"], 2);
}

}  // namespace
}  // namespace lifeguard::serve
