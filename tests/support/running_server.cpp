// Running server helper (see running_server.hpp).
#include "support/running_server.hpp"

#include <chrono>

namespace lifeguard::test_support {

RunningServer::RunningServer(serve::ServeOptions options) {
  options.port = 0;
  server_ = std::make_unique<serve::Server>(options);
  port_ = server_->bind();
  thread_ = std::thread([this] { server_->run(); });
  for (int i = 0; i < 400 && !server_->ready(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

RunningServer::~RunningServer() {
  server_->stop();
  thread_.join();
}

httplib::Client RunningServer::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(120, 0);
  return c;
}

httplib::Result RunningServer::get(const std::string& path, const httplib::Headers& headers) const {
  return client().Get(path.c_str(), headers);
}

httplib::Result RunningServer::post(const std::string& path, const std::string& body, const httplib::Headers& headers) const {
  return client().Post(path.c_str(), headers, body, "application/json");
}

}  // namespace lifeguard::test_support
