// Test helper: `lifeguard serve` on an ephemeral loopback port, running on
// its own thread for the helper's lifetime, with clients that talk to it.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <thread>

#include "serve/server.hpp"

namespace lifeguard::test_support {

class RunningServer {
 public:
  explicit RunningServer(serve::ServeOptions options);  // options.port is replaced by 0
  ~RunningServer();                                    // stop(), then waits for the server
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  httplib::Client client() const;  // generous read timeout: model tests decode
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  serve::Server& server() { return *server_; }
  httplib::Result get(const std::string& path, const httplib::Headers& headers = {}) const;
  httplib::Result post(const std::string& path, const std::string& body, const httplib::Headers& headers = {}) const;

 private:
  std::unique_ptr<serve::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace lifeguard::test_support
