// `lifeguard bench batching --model DIR`: the same /v1/screen requests sent
// to an in-process `lifeguard serve --model DIR` one after another, then all
// at once; prints both times, their ratio, and how many sequences the model
// decoded together (the scheduler's histogram).
#pragma once

#include <string>

#include "engine/qwen3_model.hpp"

namespace lifeguard::bench {

struct BatchingBenchOptions {
  std::string model_dir;
  engine::ModelOptions engine;
  int requests = 16;
  int max_new_tokens = 32;  // random weights never write </risks>: every answer runs this long
};

int run_batching_bench(const BatchingBenchOptions& options);

}  // namespace lifeguard::bench
