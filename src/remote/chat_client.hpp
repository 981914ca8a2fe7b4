// A client for any OpenAI-compatible /v1/chat/completions endpoint (vLLM or
// SGLang serving nope-edge, or another lifeguard): one request, a timeout,
// retries with exponential backoff on connection failures, 408, 429 and 5xx.
// Errors say what went wrong with the server, never what was sent.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace lifeguard::remote {

class RemoteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Endpoint {
  std::string scheme = "http";  // or "https" (certificates verified)
  std::string host;
  int port = 80;
  std::string path;  // e.g. "/v1/chat/completions"
};

// Accepts "http[s]://host[:port]" (the path /v1/chat/completions is added),
// "http://host:port/v1" or the full ".../chat/completions" URL. Throws
// std::invalid_argument naming what is wrong.
Endpoint parse_endpoint(const std::string& url);

struct ChatMessage {
  std::string role;
  std::string content;
};

struct ChatRequest {
  std::string model;
  std::vector<ChatMessage> messages;
  double temperature = 0.0;
  int max_tokens = 300;
  int seed = -1;  // sent when >= 0 (servers that sample use it)
};

struct ChatClientOptions {
  std::string api_key;  // sent as "Authorization: Bearer KEY" when not empty
  std::chrono::milliseconds timeout{60000};
  int attempts = 3;  // tries in all
  std::chrono::milliseconds first_backoff{200};
};

class ChatClient {
 public:
  ChatClient(Endpoint endpoint, ChatClientOptions options);
  // The content of the first choice. Throws RemoteError.
  std::string complete(const ChatRequest& request) const;

 private:
  Endpoint endpoint_;
  ChatClientOptions options_;
};

}  // namespace lifeguard::remote
