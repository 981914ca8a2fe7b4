// docs/openapi.json is the contract: it must describe every endpoint the
// server has, and the real server's answers (successes and errors, screener
// only, with a remote stage-2 model, through the chat-completions front) must
// conform to the schema the document gives for their status and content type.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "serve/api_error.hpp"
#include "serve/api_keys.hpp"
#include "serve/server.hpp"
#include "support/fake_chat_server.hpp"
#include "support/running_server.hpp"
#include "support/openapi_check.hpp"

namespace lifeguard::serve {
namespace {

using nlohmann::json;
using test_support::FakeChatServer;
using test_support::FakeReply;
using test_support::schema_problems;

const json& openapi() {
  static const json document = [] {
    const std::string path = std::string(LIFEGUARD_SOURCE_DIR) + "/docs/openapi.json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open");
    return json::parse(in);
  }();
  return document;
}

const json& schema_named(const std::string& name) { return openapi()["components"]["schemas"][name]; }

using Running = test_support::RunningServer;

// The `data:` payloads of a Server-Sent Events body, "[DONE]" included.
std::vector<std::string> event_data(const std::string& body) {
  std::vector<std::string> events;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find("\n\n", start);
    if (end == std::string::npos) end = body.size();
    const std::string event = body.substr(start, end - start);
    events.push_back(event.rfind("data: ", 0) == 0 ? event.substr(6) : "(not a data event) " + event);
    start = end + 2;
  }
  return events;
}

::testing::AssertionResult without_problems(const std::vector<std::string>& problems, const std::string& what,
                                            const std::string& body) {
  if (problems.empty()) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure() << what << " does not conform:";
  for (const auto& problem : problems) failure << "\n  " << problem;
  return failure << "\n  body: " << body.substr(0, 2000);
}

// The body against `media` (a Media Type Object): JSON media are parsed; an
// event stream is a string whose events hold x-lifeguard-event-schema.
::testing::AssertionResult body_conforms(const json& media, const std::string& content_type, const std::string& body,
                                         const std::string& what) {
  const bool is_json = content_type.find("json") != std::string::npos;
  json value = body;
  if (is_json) {
    value = json::parse(body, nullptr, false);
    if (value.is_discarded()) return ::testing::AssertionFailure() << what << ": the body is not JSON: " << body.substr(0, 500);
  }
  std::vector<std::string> problems = schema_problems(openapi(), media.at("schema"), value);
  if (auto events = media.find("x-lifeguard-event-schema"); events != media.end()) {
    const std::vector<std::string> data = event_data(body);
    if (data.empty() || data.back() != "[DONE]") problems.push_back("$: the stream does not end with data: [DONE]");
    for (std::size_t i = 0; i + 1 < data.size(); ++i) {
      const json chunk = json::parse(data[i], nullptr, false);
      for (const auto& problem : schema_problems(openapi(), *events, chunk)) {
        problems.push_back("event " + std::to_string(i) + " " + problem);
      }
    }
  }
  return without_problems(problems, what, body);
}

// A real response against what the document says `method path` answers with
// its status and content type.
::testing::AssertionResult conforms(const std::string& method, const std::string& path, const httplib::Result& result) {
  const std::string what = method + " " + path;
  if (!result)
    return ::testing::AssertionFailure() << what << ": no response (httplib error " << static_cast<int>(result.error()) << ")";
  const std::string content_type = result->get_header_value("Content-Type");
  try {
    const json& media = test_support::find_response_media(openapi(), path, method, result->status, content_type);
    return body_conforms(media, content_type, result->body, what + " " + std::to_string(result->status));
  } catch (const std::runtime_error& error) {
    return ::testing::AssertionFailure() << what << " answered " << result->status << " " << content_type << ": " << error.what();
  }
}

// For answers to paths the document does not list: a named components/responses entry.
::testing::AssertionResult conforms_to_response(const std::string& name, const httplib::Result& result) {
  if (!result) return ::testing::AssertionFailure() << name << ": no response";
  const json& response = test_support::resolve_ref(openapi(), {{"$ref", "#/components/responses/" + name}});
  return body_conforms(response.at("content").at("application/json"), result->get_header_value("Content-Type"), result->body,
                       name);
}

std::string error_code(const httplib::Result& result) {
  const json body = json::parse(result->body, nullptr, false);
  return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "(not an error body)";
}

const char* kModelAnswer =
    "<reflection>Third-party disclosure of a friend's plan.</reflection>\n<risks>\n"
    "  <risk subject=\"other\" type=\"suicide\" severity=\"high\" imminence=\"urgent\" features=\"third_party_disclosure\"/>\n"
    "</risks>";

FakeChatServer answering(const std::string& content) {
  return FakeChatServer([content](const json&) { return FakeReply{200, test_support::completion_body(content)}; });
}

json chat_body(const std::string& message, bool stream) {
  return {{"model", "nope-edge"}, {"messages", json::array({{{"role", "user"}, {"content", message}}})}, {"stream", stream}};
}

void collect_refs(const json& node, std::vector<std::string>& refs) {
  if (node.is_object()) {
    if (auto ref = node.find("$ref"); ref != node.end() && ref->is_string()) refs.push_back(ref->get<std::string>());
    for (const auto& [key, child] : node.items()) collect_refs(child, refs);
  } else if (node.is_array()) {
    for (const auto& child : node) collect_refs(child, refs);
  }
}

TEST(OpenApi, DocumentIsOpenApi3AndListsEveryEndpointTheServerServes) {
  const json& document = openapi();
  ASSERT_TRUE(document["openapi"].is_string());
  EXPECT_EQ(document["openapi"].get<std::string>().rfind("3.0.", 0), 0u) << document["openapi"];
  EXPECT_TRUE(document["info"]["title"].is_string());
  EXPECT_TRUE(document["info"]["version"].is_string());
  const std::set<std::pair<std::string, std::string>> served = {
      {"/v1/screen", "post"}, {"/v1/evaluate", "post"}, {"/v1/chat/completions", "post"},
      {"/v1/models", "get"},  {"/healthz", "get"},      {"/readyz", "get"},
      {"/metrics", "get"}};
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (std::set<std::string>{"get", "put", "post", "delete", "options", "head", "patch", "trace"}.count(method)) {
        documented.insert({path, method});
        EXPECT_TRUE(operation["responses"].contains("200")) << path << " " << method;
      }
    }
  }
  EXPECT_EQ(documented, served);
  std::vector<std::string> refs;
  collect_refs(document, refs);
  EXPECT_FALSE(refs.empty());
  for (const auto& ref : refs) EXPECT_NO_THROW(test_support::resolve_ref(document, {{"$ref", ref}})) << ref;
  const json& schemes = document["components"]["securitySchemes"];
  EXPECT_EQ(schemes["bearerAuth"]["scheme"], "bearer");
  EXPECT_EQ(schemes["apiKeyHeader"]["in"], "header");
  EXPECT_EQ(schemes["apiKeyHeader"]["name"], "X-API-Key");
  // No key for the operational endpoints.
  for (const char* path : {"/healthz", "/readyz", "/metrics"})
    EXPECT_EQ(document["paths"][path]["get"]["security"], json::array());
}

// Each error response of the document admits only codes api_error.cpp maps to
// its status, and between them they admit every code the server can send.
TEST(OpenApi, ErrorResponsesListTheCodesOfTheirStatus) {
  std::set<std::string> admitted;
  auto check = [&](const json& schema, int status, const std::string& where) {
    for (int value = 0; value <= static_cast<int>(ErrorCode::timeout); ++value) {
      const auto code = static_cast<ErrorCode>(value);
      if (!schema_problems(openapi(), schema, error_body(code, "message")).empty()) continue;
      admitted.insert(std::string(to_string(code)));
      EXPECT_EQ(http_status(code), status) << where << " admits " << to_string(code);
    }
  };
  for (const auto& [path, item] : openapi()["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      for (const auto& [status, response] : operation["responses"].items()) {
        if (status.find_first_not_of("0123456789") != std::string::npos) continue;  // "4XX", "default": none yet
        const int code = std::stoi(status);
        if (code < 400 || path == "/readyz") continue;  // readyz's 503 is a readiness body, not an error
        check(test_support::find_response_schema(openapi(), path, method, code, "application/json"), code,
              path + " " + method + " " + status);
      }
    }
  }
  check(openapi()["components"]["responses"]["NotFound"]["content"]["application/json"]["schema"], 404, "NotFound");
  std::set<std::string> every;
  for (int value = 0; value <= static_cast<int>(ErrorCode::timeout); ++value) {
    every.insert(std::string(to_string(static_cast<ErrorCode>(value))));
  }
  every.erase("method_not_allowed");  // cpp-httplib answers 404 for a known path with another method
  EXPECT_EQ(admitted, every);
  const json& listed = schema_named("Error")["properties"]["error"]["properties"]["code"]["enum"];
  for (const auto& code : every) EXPECT_NE(std::find(listed.begin(), listed.end(), code), listed.end()) << code;
}

TEST(OpenApi, TheValidatorRejectsBodiesThatBreakTheSchema) {
  Running running({});
  auto result = running.post("/v1/screen", R"({"text": "i want to kill myself tonight", "country": "GB"})");
  ASSERT_TRUE(conforms("post", "/v1/screen", result));
  const json good = json::parse(result->body);
  ASSERT_FALSE(good["risks"].empty());
  ASSERT_FALSE(good["resources"].empty());
  const json& schema = schema_named("ScreenResponse");
  auto problems_with = [&](const std::function<void(json&)>& change) {
    json bad = good;
    change(bad);
    return schema_problems(openapi(), schema, bad);
  };
  auto first_problem = [&](const std::function<void(json&)>& change) {
    const auto problems = problems_with(change);
    return problems.empty() ? std::string("(accepted)") : problems.front();
  };
  EXPECT_EQ(first_problem([](json& b) { b["risks"] = "none"; }), "$.risks: expected array, got string");
  EXPECT_EQ(first_problem([](json& b) { b.erase("resources_country"); }), "$: missing required property \"resources_country\"");
  EXPECT_NE(
      first_problem([](json& b) { b["risks"][0]["type"] = "extremism"; }).find("$.risks[0].type: \"extremism\" is not one of"),
      std::string::npos);
  EXPECT_EQ(first_problem([](json& b) { b["risks"][0]["imminence"] = nullptr; }),
            "$.risks[0].imminence: expected string, got null");
  EXPECT_EQ(first_problem([](json& b) { b["resources"][0]["scopes"][0] = 7; }),
            "$.resources[0].scopes[0]: expected string, got number");
  EXPECT_EQ(first_problem([](json& b) { b["latency_ms"] = -1; }), "$.latency_ms: -1 is below the minimum 0");
  EXPECT_EQ(first_problem([](json& b) { b["speaker_severity"] = "extreme"; }).rfind("$.speaker_severity: ", 0), 0u);
  // What the schema allows: a null severity, fields it does not name.
  EXPECT_TRUE(problems_with([](json& b) { b["risks"][0]["severity"] = nullptr; }).empty());
  EXPECT_TRUE(problems_with([](json& b) { b["something_new"] = {1, 2}; }).empty());
  // Errors, requests (oneOf) and broken references.
  EXPECT_FALSE(
      schema_problems(openapi(), schema_named("Error"), json{{"error", {{"code", "teapot"}, {"message", "m"}}}}).empty());
  EXPECT_FALSE(schema_problems(openapi(), schema_named("Error"), json{{"code", "internal"}}).empty());
  EXPECT_FALSE(schema_problems(openapi(), schema_named("ScreenRequest"), json::object()).empty());
  EXPECT_TRUE(schema_problems(openapi(), schema_named("ScreenRequest"), json{{"text", "x"}}).empty());
  json chat = chat_body("hi", false);
  chat["messages"][0]["content"] = 5;
  EXPECT_NE(schema_problems(openapi(), schema_named("ChatRequest"), chat).at(0).find("matches none of the oneOf"),
            std::string::npos);
  EXPECT_EQ(schema_problems(openapi(), json{{"$ref", "#/components/schemas/Nothing"}}, json(1)).at(0),
            "$: unresolvable $ref \"#/components/schemas/Nothing\"");
  EXPECT_THROW(test_support::find_response_schema(openapi(), "/v1/screen", "post", 200, "text/html"), std::runtime_error);
  EXPECT_THROW(test_support::find_response_schema(openapi(), "/v1/nothing", "get", 200, "application/json"), std::runtime_error);
}

// The request schemas accept what the server takes and refuse what it refuses
// (where a schema can say so: "text" that normalises to nothing cannot be).
TEST(OpenApi, RequestSchemasAgreeWithTheServer) {
  ServeOptions options;
  options.rate_per_minute = 0;
  Running running(options);
  struct Case {
    std::string path, body;
  };
  const std::vector<Case> cases = {
      {"/v1/screen", R"({"text": "hello there", "country": "gb", "locale": "en-GB"})"},
      {"/v1/screen", R"({"messages": [{"role": "system", "content": "be kind"}, {"role": "user", "content": "hi"}]})"},
      {"/v1/screen", R"({"text": 5})"},
      {"/v1/screen", R"({"text": "hi", "country": "GBR"})"},
      {"/v1/screen", R"({"text": "hi", "locale": 12})"},
      {"/v1/screen", R"({"messages": [{"role": "robot", "content": "x"}]})"},
      {"/v1/screen", R"({"messages": []})"},
      {"/v1/screen", R"({"country": "GB"})"},
      {"/v1/evaluate", R"({"text": "hello", "judges": 5})"},
      {"/v1/evaluate", R"({"text": "hello", "judges": 6})"},
      {"/v1/evaluate", R"({"text": "hello", "judges": 0})"},
      {"/v1/evaluate", R"({"text": "hello", "judges": "2"})"},
  };
  for (const auto& c : cases) {
    auto result = running.post(c.path, c.body);
    ASSERT_TRUE(result) << c.body;
    const json& schema = openapi()["paths"][c.path]["post"]["requestBody"]["content"]["application/json"]["schema"];
    const auto problems = schema_problems(openapi(), schema, json::parse(c.body));
    EXPECT_EQ(problems.empty(), result->status == 200) << c.path << " " << c.body << ": server " << result->status
                                                       << ", schema problems: " << (problems.empty() ? "none" : problems.front());
  }
  // The chat request: shape errors are caught before the missing model is.
  json two_turns = chat_body("hi", false);
  two_turns["messages"].push_back({{"role", "assistant"}, {"content", "hello"}});
  json parts = chat_body("hi", false);
  parts["messages"][0]["content"] = json::array({{{"type", "text"}, {"text", "hi"}}});
  parts["stop"] = json::array({"a", "b"});
  parts["max_tokens"] = 10;
  parts["temperature"] = 0.7;
  for (const json& body : {chat_body("hi", true), parts, two_turns, json{{"model", "x"}}, [] {
                             json b = chat_body("hi", false);
                             b["max_tokens"] = 0;
                             return b;
                           }()}) {
    auto result = running.post("/v1/chat/completions", body.dump());
    ASSERT_TRUE(result);
    const bool accepted = result->status != 400;  // 503 model_not_loaded: the shape was fine
    EXPECT_EQ(schema_problems(openapi(), schema_named("ChatRequest"), body).empty(), accepted)
        << body.dump() << " " << result->body;
  }
}

TEST(OpenApi, AScreenerOnlyServerAnswersAsDocumented) {
  Running running({});
  EXPECT_TRUE(conforms("post", "/v1/screen",
                       running.post("/v1/screen", R"({"text": "i want to kill myself tonight", "country": "GB"})")));
  EXPECT_TRUE(conforms("post", "/v1/screen", running.post("/v1/screen", R"({"messages": [{"role": "user", "content": "hey"},
                                                     {"role": "assistant", "content": "hi, how are you?"},
                                                     {"role": "user", "content": "i have pills saved up and i am going to take them all"}],
                                                     "country": "ZZ"})")));
  EXPECT_TRUE(conforms("post", "/v1/screen",
                       running.post("/v1/screen", R"({"text": "a good recipe for banana bread?", "country": "US"})")));
  EXPECT_TRUE(
      conforms("post", "/v1/screen", running.post("/v1/screen", R"({"text": "my dad hits me when he drinks", "locale": "en"})")));
  auto benign = running.post("/v1/evaluate", R"({"text": "can you help me plan a birthday party for my mum?"})");
  EXPECT_TRUE(conforms("post", "/v1/evaluate", benign));
  EXPECT_EQ(json::parse(benign->body)["stage"], 1);
  auto degraded = running.post("/v1/evaluate", R"({"text": "i am going to end my life tonight, i have the rope", "judges": 3})");
  EXPECT_TRUE(conforms("post", "/v1/evaluate", degraded));
  EXPECT_TRUE(json::parse(degraded->body)["degraded"].get<bool>());
  EXPECT_TRUE(conforms("get", "/v1/models", running.get("/v1/models")));
  EXPECT_TRUE(conforms("get", "/healthz", running.get("/healthz")));
  EXPECT_TRUE(conforms("get", "/readyz", running.get("/readyz")));
  auto metrics = running.get("/metrics");
  EXPECT_TRUE(conforms("get", "/metrics", metrics));
  EXPECT_NE(metrics->body.find("lifeguard_requests_total"), std::string::npos);
}

TEST(OpenApi, AServerWithARemoteModelAnswersAsDocumented) {
  FakeChatServer remote = answering(kModelAnswer);
  ServeOptions options;
  options.remote_url = remote.url();
  Running running(options);
  auto judged =
      running.post("/v1/evaluate",
                   R"({"text": "my friend told me she has a plan to kill herself this weekend", "judges": 3, "country": "US"})");
  EXPECT_TRUE(conforms("post", "/v1/evaluate", judged));
  const json out = json::parse(judged->body);
  EXPECT_EQ(out["stage"], 2);
  EXPECT_EQ(out["judgements"].size(), 3u);
  EXPECT_TRUE(out.contains("emergency_number"));
  EXPECT_TRUE(
      conforms("post", "/v1/evaluate", running.post("/v1/evaluate", R"({"text": "my friend has a plan to kill herself"})")));
  EXPECT_TRUE(conforms("post", "/v1/screen", running.post("/v1/screen", R"({"text": "my friend has a plan to kill herself"})")));
  auto models = running.get("/v1/models");
  EXPECT_TRUE(conforms("get", "/v1/models", models));
  EXPECT_EQ(json::parse(models->body)["data"].size(), 2u);
}

TEST(OpenApi, StageTwoKeepingTheSafetyFloorAndOddModelOutputAreDocumented) {
  FakeChatServer no_risk = answering("<reflection>Nothing of concern.</reflection>\n<risks></risks>");
  ServeOptions options;
  options.remote_url = no_risk.url();
  Running running(options);
  auto floored = running.post("/v1/evaluate", R"({"text": "i want to die"})");
  EXPECT_TRUE(conforms("post", "/v1/evaluate", floored));
  const json out = json::parse(floored->body);
  EXPECT_TRUE(out["stage1"]["safety_floor"].get<bool>()) << out.dump();
  EXPECT_TRUE(out["stage1"].value("floor_kept", false)) << out.dump();

  FakeChatServer rambling = answering("I'm sorry, I can't help with that.");
  ServeOptions rambling_options;
  rambling_options.remote_url = rambling.url();
  Running rambling_front(rambling_options);
  // Whatever the server makes of a non-answer (an error, or an assessment
  // with `problems`), the document describes it.
  auto odd = rambling_front.post("/v1/screen", R"({"text": "my friend has a plan to kill herself"})");
  EXPECT_TRUE(conforms("post", "/v1/screen", odd));
}

TEST(OpenApi, ChatCompletionsThroughARemoteAnswerAsDocumented) {
  FakeChatServer remote = answering("a plain answer");
  ServeOptions options;
  options.remote_url = remote.url();
  Running running(options);
  auto plain = running.post("/v1/chat/completions", chat_body("hello", false).dump());
  EXPECT_TRUE(conforms("post", "/v1/chat/completions", plain));
  EXPECT_NE(plain->get_header_value("Content-Type").find("application/json"), std::string::npos);
  auto streamed = running.post("/v1/chat/completions", chat_body("hello", true).dump());
  EXPECT_TRUE(conforms("post", "/v1/chat/completions", streamed));
  EXPECT_NE(streamed->get_header_value("Content-Type").find("text/event-stream"), std::string::npos);
  // The check looks into the events: a broken chunk would fail it.
  const json& media = test_support::find_response_media(openapi(), "/v1/chat/completions", "post", 200, "text/event-stream");
  EXPECT_FALSE(
      body_conforms(media, "text/event-stream", "data: {\"object\": \"chat.completion.chunk\"}\n\ndata: [DONE]\n\n", "broken"));
  EXPECT_FALSE(
      body_conforms(media, "text/event-stream", streamed->body.substr(0, streamed->body.rfind("data: [DONE]")), "unended"));
}

TEST(OpenApi, ErrorAnswersMatchTheSchemaForTheirStatus) {
  ServeOptions options;
  options.max_body_bytes = 4096;
  Running running(options);
  auto expect_error = [](const std::string& method, const std::string& path, const httplib::Result& result, int status,
                         const std::string& code) {
    ASSERT_TRUE(result) << method << " " << path;
    EXPECT_EQ(result->status, status) << path << " " << result->body;
    EXPECT_EQ(error_code(result), code) << path;
    EXPECT_TRUE(conforms(method, path, result));
  };
  expect_error("post", "/v1/screen", running.post("/v1/screen", "{not json"), 400, "invalid_json");
  expect_error("post", "/v1/screen", running.post("/v1/screen", "{\"text\": \"abc\xff\"}"), 400, "invalid_utf8");
  expect_error("post", "/v1/screen", running.post("/v1/screen", R"({"text": "a", "messages": []})"), 400, "invalid_request");
  expect_error("post", "/v1/evaluate", running.post("/v1/evaluate", R"({"text": "x", "judges": 99})"), 400, "invalid_request");
  expect_error("post", "/v1/chat/completions", running.post("/v1/chat/completions", R"({"messages": []})"), 400,
               "invalid_request");
  expect_error("post", "/v1/screen", running.post("/v1/screen", json{{"text", std::string(10000, 'a')}}.dump()), 413,
               "body_too_large");
  expect_error("post", "/v1/chat/completions", running.post("/v1/chat/completions", chat_body("hi", false).dump()), 503,
               "model_not_loaded");
  for (const auto& result : {running.get("/v1/nothing"), running.post("/v1/nothing", "{}"), running.get("/v1/screen")}) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 404) << result->body;
    EXPECT_EQ(error_code(result), "not_found");
    EXPECT_TRUE(conforms_to_response("NotFound", result));
  }
}

TEST(OpenApi, AuthenticationAndRateLimitErrorsMatchTheSchema) {
  const auto file = std::filesystem::path(::testing::TempDir()) / "openapi_keys.txt";
  std::ofstream(file) << sha256_hex("right-key") << "\n";
  ServeOptions keyed;
  keyed.api_key_file = file;
  Running with_keys(keyed);
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"post", "/v1/screen"}, {"post", "/v1/evaluate"}, {"post", "/v1/chat/completions"}, {"get", "/v1/models"}}) {
    auto result = method == "get" ? with_keys.get(path) : with_keys.post(path, R"({"text": "hello"})");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 401) << path;
    EXPECT_EQ(error_code(result), "unauthorized");
    EXPECT_TRUE(conforms(method, path, result));
  }
  EXPECT_TRUE(conforms("post", "/v1/screen", with_keys.post("/v1/screen", R"({"text": "hello"})", {{"X-API-Key", "right-key"}})));
  EXPECT_TRUE(conforms("get", "/v1/models", with_keys.get("/v1/models", {{"Authorization", "Bearer right-key"}})));
  EXPECT_TRUE(conforms("get", "/healthz", with_keys.get("/healthz")));
  EXPECT_TRUE(conforms("get", "/metrics", with_keys.get("/metrics")));

  ServeOptions limited;
  limited.rate_per_minute = 1;
  limited.rate_burst = 1;
  Running with_limit(limited);
  EXPECT_EQ(with_limit.post("/v1/screen", R"({"text": "hello"})")->status, 200);
  auto refused = with_limit.post("/v1/screen", R"({"text": "hello"})");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(error_code(refused), "rate_limited");
  EXPECT_TRUE(conforms("post", "/v1/screen", refused));
  EXPECT_TRUE(conforms("get", "/v1/models", with_limit.get("/v1/models")));
}

TEST(OpenApi, AFailingRemoteIsADocumented502) {
  FakeChatServer remote([](const json&) { return FakeReply{500, "{}"}; });
  ServeOptions options;
  options.remote_url = remote.url();
  options.remote_client.attempts = 1;
  Running running(options);
  const std::string crisis = R"({"text": "i have a plan to kill myself tonight"})";
  for (const auto& [path, body] :
       std::vector<std::pair<std::string, std::string>>{{"/v1/screen", crisis},
                                                        {"/v1/evaluate", crisis},
                                                        {"/v1/chat/completions", chat_body("hi", false).dump()},
                                                        {"/v1/chat/completions", chat_body("hi", true).dump()}}) {
    auto result = running.post(path, body);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 502) << path << " " << result->body;
    EXPECT_EQ(error_code(result), "backend_unavailable");
    EXPECT_TRUE(conforms("post", path, result));
  }
}

}  // namespace
}  // namespace lifeguard::serve
