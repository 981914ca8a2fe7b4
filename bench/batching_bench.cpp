// Batching benchmark (see batching_bench.hpp).
#include "batching_bench.hpp"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "serve/server.hpp"

namespace lifeguard::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Distinct, ordinary messages of similar length (original text).
std::string message(int i) {
  static const char* openings[] = {"i keep thinking about", "my sister asked me about", "we talked for hours about",
                                   "nobody at work mentions", "i wrote a long note about", "last night i dreamt about"};
  static const char* topics[] = {"the move to the new flat", "the exam results next week", "my grandad's old boat",
                                 "the argument at dinner", "the football final", "the way the winter feels"};
  return std::string(openings[i % 6]) + " " + topics[(i / 6 + i) % 6] + ", message " + std::to_string(i);
}

struct Outcome {
  double seconds = 0;
  int answered = 0, model_errors = 0, other = 0;
};

void count(Outcome& outcome, const httplib::Result& result) {
  if (!result) {
    ++outcome.other;
  } else if (result->status == 200) {
    ++outcome.answered;
  } else if (result->status == 502) {
    ++outcome.model_errors;  // random weights: the text is not a nope-edge answer
  } else {
    ++outcome.other;
  }
}

}  // namespace

int run_batching_bench(const BatchingBenchOptions& options) {
  serve::ServeOptions serve;
  serve.port = 0;
  serve.model_dir = options.model_dir;
  serve.engine = options.engine;
  serve.max_new_tokens = options.max_new_tokens;
  serve.max_batch = static_cast<std::size_t>(options.requests);
  serve.rate_per_minute = 0;
  serve::Server server(serve);
  const int port = server.bind();
  std::thread thread([&] { server.run(); });
  while (!server.ready()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto post = [port](int i) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(600, 0);
    return client.Post("/v1/screen", nlohmann::json{{"text", message(i)}}.dump(), "application/json");
  };
  post(1000);  // warm-up: page in the weights

  Outcome sequential, concurrent;
  auto start = Clock::now();
  for (int i = 0; i < options.requests; ++i) count(sequential, post(i));
  sequential.seconds = std::chrono::duration<double>(Clock::now() - start).count();

  start = Clock::now();
  std::vector<std::future<httplib::Result>> calls;
  for (int i = 0; i < options.requests; ++i) calls.push_back(std::async(std::launch::async, post, i));
  for (auto& call : calls) count(concurrent, call.get());
  concurrent.seconds = std::chrono::duration<double>(Clock::now() - start).count();

  httplib::Client client("127.0.0.1", port);
  const auto metrics = client.Get("/metrics");
  server.stop();
  thread.join();

  const std::string threads = options.engine.threads ? std::to_string(options.engine.threads) : "one per core";
  std::printf("batching benchmark: %s, %d /v1/screen requests, up to %d new tokens each, %s arithmetic%s, engine threads: %s\n",
              options.model_dir.c_str(), options.requests, options.max_new_tokens,
              options.engine.arithmetic == engine::Arithmetic::f32 ? "f32" : "reduced", options.engine.int8 ? ", int8 weights" : "",
              threads.c_str());
  auto line = [](const char* name, const Outcome& o) {
    std::printf("  %-11s %7.2f s  (%d answered, %d model answers unreadable -> 502, %d other)\n", name, o.seconds, o.answered,
                o.model_errors, o.other);
  };
  line("sequential", sequential);
  line("concurrent", concurrent);
  std::printf("  concurrent takes %.2fx less time than sequential\n", sequential.seconds / concurrent.seconds);
  if (metrics) {
    std::printf("  forward calls by sequences decoded together:");
    const std::string& body = metrics->body;
    const std::string key = "lifeguard_model_decode_batch_steps_total{batch=\"";
    for (std::size_t at = body.find(key); at != std::string::npos; at = body.find(key, at + 1)) {
      const std::size_t label_end = body.find('"', at + key.size());
      const std::string size = body.substr(at + key.size(), label_end - at - key.size());
      const std::string value = body.substr(body.find(' ', label_end) + 1, body.find('\n', label_end) - body.find(' ', label_end) - 1);
      if (value != "0") std::printf(" %s:%s", size.c_str(), value.c_str());
    }
    std::printf("\n");
  }
  return sequential.other + concurrent.other == 0 ? 0 : 1;
}

}  // namespace lifeguard::bench
