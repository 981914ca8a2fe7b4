// OpenAI-compatible chat client (see chat_client.hpp). The only file that
// includes cpp-httplib's client, which is slow to compile.
#include "remote/chat_client.hpp"

#include <charconv>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace lifeguard::remote {
namespace {

bool retryable_status(int status) { return status == 408 || status == 429 || status >= 500; }

std::string parse_content(const std::string& body) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception&) {
    throw RemoteError("the server's answer is not JSON");
  }
  if (!json.is_object() || !json.contains("choices") || !json["choices"].is_array() || json["choices"].empty()) {
    throw RemoteError("the server's answer has no choices");
  }
  const auto& choice = json["choices"][0];
  if (!choice.is_object() || !choice.contains("message") || !choice["message"].is_object() ||
      !choice["message"].contains("content") || !choice["message"]["content"].is_string()) {
    throw RemoteError("the server's answer has no choices[0].message.content string");
  }
  return choice["message"]["content"].get<std::string>();
}

}  // namespace

Endpoint parse_endpoint(const std::string& url) {
  Endpoint endpoint;
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    endpoint.scheme = "https";
    endpoint.port = 443;
    rest = url.substr(8);
  } else {
    throw std::invalid_argument("remote URL must start with http:// or https://");
  }
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!path.empty() && path.back() == '/') path.pop_back();
  auto colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    std::string port = authority.substr(colon + 1);
    int value = 0;
    auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc{} || end != port.data() + port.size() || value <= 0 || value > 65535) {
      throw std::invalid_argument("remote URL has an invalid port");
    }
    endpoint.port = value;
    authority.resize(colon);
  }
  if (authority.empty()) throw std::invalid_argument("remote URL has no host");
  endpoint.host = authority;
  const std::string suffix = "/chat/completions";
  if (path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
    endpoint.path = path;
  } else if (path.size() >= 3 && path.compare(path.size() - 3, 3, "/v1") == 0) {
    endpoint.path = path + suffix;
  } else {
    endpoint.path = path + "/v1" + suffix;
  }
  return endpoint;
}

ChatClient::ChatClient(Endpoint endpoint, ChatClientOptions options)
    : endpoint_(std::move(endpoint)), options_(std::move(options)) {
  if (options_.attempts < 1) options_.attempts = 1;
}

std::string ChatClient::complete(const ChatRequest& request) const {
  nlohmann::json body{{"model", request.model}, {"temperature", request.temperature}, {"max_tokens", request.max_tokens},
                      {"stream", false}};
  if (request.seed >= 0) body["seed"] = request.seed;
  body["messages"] = nlohmann::json::array();
  for (const auto& message : request.messages) body["messages"].push_back({{"role", message.role}, {"content", message.content}});
  const std::string payload = body.dump();

  httplib::Headers headers;
  if (!options_.api_key.empty()) headers.emplace("Authorization", "Bearer " + options_.api_key);
  const std::string where = "remote " + endpoint_.scheme + "://" + endpoint_.host + ":" + std::to_string(endpoint_.port) + endpoint_.path;

  auto backoff = options_.first_backoff;
  std::string last_error;
  for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
    if (attempt > 1) {
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
    httplib::Client client(endpoint_.scheme + "://" + endpoint_.host + ":" + std::to_string(endpoint_.port));
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options_.timeout);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(options_.timeout - seconds);
    client.set_connection_timeout(seconds.count(), micros.count());
    client.set_read_timeout(seconds.count(), micros.count());
    client.set_write_timeout(seconds.count(), micros.count());
    auto response = client.Post(endpoint_.path, headers, payload, "application/json");
    if (!response) {
      last_error = where + ": " + httplib::to_string(response.error());
      continue;
    }
    if (response->status == 200) return parse_content(response->body);
    // The status only: the server's error text may echo the request (the user's message).
    last_error = where + ": HTTP " + std::to_string(response->status);
    if (!retryable_status(response->status)) throw RemoteError(last_error);
  }
  throw RemoteError(last_error + " (after " + std::to_string(options_.attempts) + " attempts)");
}

}  // namespace lifeguard::remote
