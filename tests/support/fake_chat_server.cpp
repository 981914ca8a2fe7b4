// Fake OpenAI-compatible server for tests (see fake_chat_server.hpp).
#include "fake_chat_server.hpp"

#include <chrono>
#include <stdexcept>

#include <httplib.h>

namespace lifeguard::test_support {

std::string completion_body(const std::string& content) {
  nlohmann::json body{{"id", "chatcmpl-test"},
                      {"object", "chat.completion"},
                      {"choices", {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", content}}}, {"finish_reason", "stop"}}}}};
  return body.dump();
}

FakeChatServer::FakeChatServer(std::function<FakeReply(const nlohmann::json& request)> handler)
    : server_(std::make_unique<httplib::Server>()) {
  server_->Post("/v1/chat/completions", [this, handler](const httplib::Request& request, httplib::Response& response) {
    ++requests_;
    nlohmann::json parsed = nlohmann::json::parse(request.body, nullptr, false);
    FakeReply reply = handler(parsed);
    response.status = reply.status;
    response.set_content(reply.body, "application/json");
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("fake chat server: cannot bind a loopback port");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeChatServer::~FakeChatServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string FakeChatServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

}  // namespace lifeguard::test_support
