// `lifeguard bench ...`: benchmarks that print figures (the code is in bench/).
#include <memory>

#include "cli/commands.hpp"
#include "batching_bench.hpp"
#include "engine_bench.hpp"
#include "engine_options.hpp"
#include "screener_bench.hpp"

namespace lifeguard::cli {

void add_bench_command(CLI::App& app, int& exit_code) {
  CLI::App* bench = app.add_subcommand("bench", "Benchmarks that print figures");
  bench->require_subcommand(1);
  auto options = std::make_shared<bench::ScreenerBenchOptions>();
  CLI::App* screener = bench->add_subcommand("screener", "Messages per second of the screener on one thread, and its memory");
  screener->add_option("--data", options->data, "Corpus folder to build ~100-word messages from")->capture_default_str();
  screener->add_option("--screener-model", options->screener_model, "Model file (default: the embedded one)");
  screener->add_option("--seconds", options->seconds, "Time per measurement")->capture_default_str();
  screener->add_option("--words", options->words_per_message, "Words per message")->capture_default_str();
  screener->callback([options, &exit_code] { exit_code = bench::run_screener_bench(*options); });

  auto engine_options = std::make_shared<bench::EngineBenchOptions>();
  CLI::App* engine = bench->add_subcommand("engine", "Prefill/decode tokens/s of the CPU engine (bf16 and int8), bandwidth, tokenizer MB/s");
  engine->add_option("--model", engine_options->model_dir, "Model folder (lifeguard make-checkpoint writes random ones)")->required();
  engine->add_option("--threads", engine_options->threads, "Threads (default: one per core)");
  engine->add_option("--prompt-tokens", engine_options->prompt_tokens, "Prompt length for prefill")->capture_default_str();
  engine->add_option("--decode-steps", engine_options->decode_steps, "Decode steps timed")->capture_default_str();
  engine->add_option("--rounds", engine_options->rounds, "Runs per figure (the best is kept)")->capture_default_str()->check(CLI::Range(1, 100));
  engine->callback([engine_options, &exit_code] { exit_code = bench::run_engine_bench(*engine_options); });

  auto batching_options = std::make_shared<bench::BatchingBenchOptions>();
  CLI::App* batching = bench->add_subcommand("batching", "/v1/screen requests to serve --model: one after another, then all at once");
  batching->add_option("--model", batching_options->model_dir, "Model folder (lifeguard make-checkpoint writes random ones)")->required();
  add_engine_options(batching, batching_options->engine);
  batching->add_option("--requests", batching_options->requests, "Requests in each run")->capture_default_str()->check(CLI::Range(1, 256));
  batching->add_option("--max-new-tokens", batching_options->max_new_tokens, "Tokens per answer")->capture_default_str()->check(CLI::Range(1, 4096));
  batching->callback([batching_options, &exit_code] { exit_code = bench::run_batching_bench(*batching_options); });
}

}  // namespace lifeguard::cli
