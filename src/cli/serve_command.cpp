// `lifeguard serve`: the HTTP API (src/serve/server.hpp, docs/api.md).
// SIGTERM or SIGINT stops accepting connections and lets requests in flight finish.
#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <pthread.h>
#include <thread>

#include "commands.hpp"
#include "engine_options.hpp"
#include "serve/server.hpp"

namespace lifeguard::cli {
namespace {

int run_serve(const serve::ServeOptions& options) {
  // Block the stop signals in every thread; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::unique_ptr<serve::Server> server;
  int port = 0;
  try {
    server = std::make_unique<serve::Server>(options);
    port = server->bind();
  } catch (const std::exception& error) {
    std::cerr << "lifeguard serve: " << error.what() << '\n';
    return 1;
  }
  std::cerr << "lifeguard serve: listening on http://" << options.host << ':' << port
            << (options.model_dir.empty() ? (options.remote_url.empty() ? " (screener)" : " (remote " + options.remote_url + ")")
                                          : " (model " + options.model_dir.string() + ")")
            << (options.api_key_file.empty() ? ", no API keys" : ", API keys required") << '\n';
  // The waiter stops the server on SIGTERM/SIGINT, and keeps asking until
  // run() has returned: a signal during start-up must not be lost.
  std::atomic<bool> finished{false};
  std::thread waiter([&] {
    int received = 0;
    sigwait(&signals, &received);
    if (finished) return;
    std::cerr << "lifeguard serve: stopping (signal " << received << "), finishing requests in flight\n";
    while (!finished) {
      server->stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  const bool served = server->run();
  finished = true;
  pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter if it still waits for a signal
  waiter.join();
  if (!served) {
    std::cerr << "lifeguard serve: the listener failed\n";
    return 1;
  }
  std::cerr << "lifeguard serve: stopped\n";
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<serve::ServeOptions>();
  CLI::App* command = app.add_subcommand("serve", "HTTP API: /v1/screen, /v1/evaluate, /v1/chat/completions, /v1/models, /healthz, /readyz, /metrics");
  command->add_option("--host", options->host, "Address to listen on (default loopback)")->capture_default_str();
  command->add_option("--port", options->port, "Port (0: any free port)")->capture_default_str()->check(CLI::Range(0, 65535));
  auto* model = command->add_option("--model", options->model_dir, "nope-edge model folder run by the native engine");
  auto* remote = command->add_option("--remote", options->remote_url, "OpenAI-compatible server running nope-edge (vLLM, SGLang, lifeguard)");
  model->excludes(remote);
  command->add_option("--remote-model", options->remote_model, "Model name the remote server serves")->capture_default_str();
  command->add_option("--remote-api-key-file", options->remote_api_key_file, "File holding the remote server's API key");
  add_engine_options(command, options->engine);
  command->add_option("--api-key-file", options->api_key_file, "File of SHA-256 digests of accepted API keys (sha256sum)");
  command->add_option("--resources", options->resources_file, "Crisis resource directory (default: the bundled data/resources.json)");
  command->add_option("--max-body-bytes", options->max_body_bytes, "Largest request body")->capture_default_str();
  command->add_option("--max-text-bytes", options->max_text_bytes, "Largest message text, all turns")->capture_default_str();
  command->add_option("--rate-per-minute", options->rate_per_minute, "Requests per minute per API key (0: unlimited)")->capture_default_str();
  command->add_option("--rate-burst", options->rate_burst, "Burst allowance of the rate limit")->capture_default_str();
  command->add_option("--http-threads", options->http_threads, "Request threads; each keep-alive connection holds one (default: 16 per core, at least 96)");
  command->add_option("--max-batch", options->max_batch, "Sequences the local model decodes together")->capture_default_str()->check(CLI::Range(1, 256));
  command->add_option("--max-new-tokens", options->max_new_tokens, "Tokens a nope-edge answer may take (also the chat ceiling)")->capture_default_str()->check(CLI::Range(1, 4096));
  command->add_option("--request-timeout", options->request_timeout_s, "Seconds one model answer may take, waiting included (504 after)")->capture_default_str()->check(CLI::Range(0.001, 3600.0));
  command->add_option("--stage1-threshold", options->stage1_threshold,
                      "/v1/evaluate: screener crisis probability below which stage 1 answers (a probability, not a percentage)")
      ->capture_default_str()->check(CLI::Range(0.0, 0.5));
  command->add_option("--max-prompt-tokens", options->max_prompt_tokens, "Longest prompt the local model accepts (bounds the KV cache)")
      ->capture_default_str()->check(CLI::Range(16, 1 << 20));
  command->add_option("--max-waiting", options->max_waiting, "Requests queued for the model beyond which new ones get 503 (0: no limit)")
      ->capture_default_str();
  command->add_option("--min-vote-share", options->min_vote_share, "Judges: share of judges that must report a risk (0: any)")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  command->add_flag("--log-content", options->log_content, "Log request bodies (message text); off by default for privacy");
  command->callback([options, &exit_code] { exit_code = run_serve(*options); });
}

}  // namespace lifeguard::cli
