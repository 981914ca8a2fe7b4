// Test helper: an OpenAI-compatible /v1/chat/completions server on an
// ephemeral loopback port, answering with whatever the test's handler says.
// It stands in for vLLM/SGLang serving nope-edge, so the remote backend and
// `lifeguard eval --backend remote` can be tested without a model.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
}

namespace lifeguard::test_support {

struct FakeReply {
  int status = 200;
  std::string body;  // raw body; see completion_body for the usual shape
};

// The body of a successful chat completion whose first choice says `content`.
std::string completion_body(const std::string& content);

class FakeChatServer {
 public:
  // `handler` sees the parsed request body; it is called from server threads.
  explicit FakeChatServer(std::function<FakeReply(const nlohmann::json& request)> handler);
  ~FakeChatServer();
  FakeChatServer(const FakeChatServer&) = delete;
  FakeChatServer& operator=(const FakeChatServer&) = delete;

  std::string url() const;  // "http://127.0.0.1:PORT"
  int requests() const { return requests_.load(); }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> requests_{0};
};

}  // namespace lifeguard::test_support
