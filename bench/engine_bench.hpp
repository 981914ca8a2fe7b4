// `lifeguard bench engine --model DIR`: prefill and decode tokens/s of the CPU
// engine at batch 1 and 8, for bf16 and int8 weights, the effective memory
// bandwidth of decode (weight bytes read per second) next to the machine's
// measured read bandwidth, and the tokenizer's MB/s next to the JS reference.
#pragma once

#include <string>

namespace lifeguard::bench {

struct EngineBenchOptions {
  std::string model_dir;
  std::size_t threads = 0;
  int prompt_tokens = 128;
  int decode_steps = 16;
  int rounds = 3;  // each figure is the best of this many runs
  std::string reference_dir = "tests/tokenizer/reference";  // JS encoder, for the tokenizer ratio
  std::string text_dir = "data/suites";                     // texts the tokenizer encodes
};

int run_engine_bench(const EngineBenchOptions& options);

}  // namespace lifeguard::bench
