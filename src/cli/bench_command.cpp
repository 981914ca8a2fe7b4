// `lifeguard bench ...`: benchmarks that print figures (the code is in bench/).
#include <memory>

#include "cli/commands.hpp"
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
}

}  // namespace lifeguard::cli
