// `lifeguard bench screener`: single-thread throughput of the embedded
// screener on ~100-word messages, and the memory of the loaded model.
#pragma once

#include <string>

namespace lifeguard::bench {

struct ScreenerBenchOptions {
  std::string data = "data/screener/corpus";  // texts to build messages from
  std::string screener_model;                 // empty: the embedded model
  double seconds = 3.0;
  std::size_t words_per_message = 100;
};

int run_screener_bench(const ScreenerBenchOptions& options);

}  // namespace lifeguard::bench
