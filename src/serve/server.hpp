// `lifeguard serve`: the NOPE-style API (/v1/screen, /v1/evaluate), an
// OpenAI-compatible front (/v1/chat/completions, /v1/models) and the
// operational endpoints (/healthz, /readyz, /metrics), over cpp-httplib.
// See docs/api.md and docs/openapi.json.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "engine/qwen3_model.hpp"
#include "remote/chat_client.hpp"

namespace lifeguard::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";  // loopback unless the operator says otherwise
  int port = 8080;                 // 0: any free port (tests)
  std::filesystem::path model_dir;  // native nope-edge model, or
  std::string remote_url;           // an OpenAI-compatible server (vLLM, SGLang, another lifeguard)
  std::string remote_model = "nope-edge";
  remote::ChatClientOptions remote_client;
  std::filesystem::path remote_api_key_file;  // the remote server's key, first line
  engine::ModelOptions engine;
  std::size_t max_batch = 16;       // sequences decoded together by the local model
  int max_new_tokens = 300;         // nope-edge answers; also the chat-completions ceiling
  std::size_t max_prompt_tokens = 2048;  // longer prompts are refused (400): they bound the KV cache
  std::size_t max_waiting = 64;     // requests queued for the model beyond which new ones get 503
  std::filesystem::path api_key_file;  // empty: no authentication (loopback use)
  std::filesystem::path resources_file;  // empty: the bundled directory
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_text_bytes = 64 * 1024;  // of message text, all turns together
  double rate_per_minute = 600;     // per API key (or per peer address without keys); 0: unlimited
  double rate_burst = 60;
  double request_timeout_s = 60;    // one local-model answer, queueing included (504 after)
  int io_timeout_s = 10;            // reading a request, writing a response
  std::size_t http_threads = 0;     // 0: 16 per core, at least 96 (a keep-alive connection holds a thread)
  std::size_t max_judges = 5;
  double min_vote_share = 0.0;      // judges: keep a risk any judge reports
  float stage1_threshold = 0.02f;   // /v1/evaluate: screener crisis probability below which stage 1 answers
  bool log_content = false;         // message text in logs: off unless the operator opts in
};

class Server {
 public:
  // Loads the model / resources / keys; throws std::runtime_error with one line on a problem.
  explicit Server(ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds (port 0: any free port) and returns the port; then run() serves
  // until stop(). stop() lets requests in flight finish.
  int bind();
  // False when the listener failed (not after stop()).
  bool run();
  void stop();
  bool ready() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace lifeguard::serve
