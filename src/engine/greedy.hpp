// Greedy decoding over the Qwen3 model: argmax at each step, stopping at a
// stop token (e.g. <|im_end|>), a stop string in the decoded text (e.g.
// "</risks>"), or max_new_tokens.
#pragma once

#include <string>
#include <vector>

#include "engine/qwen3_model.hpp"
#include "tokenizer/tokenizer.hpp"

namespace lifeguard::engine {

struct GreedyOptions {
  int max_new_tokens = 300;
  std::vector<TokenId> stop_ids;          // generated, kept in new_ids, then stop
  std::vector<std::string> stop_strings;  // stop once the text contains one
};

struct GreedyResult {
  std::vector<TokenId> new_ids;
  std::string text;         // new_ids decoded, special tokens skipped
  std::string stop_reason;  // "stop_token", "stop_string", "max_new_tokens"
};

// The ids that end a turn in Qwen chat models (<|im_end|>, <|endoftext|>), as far as the tokenizer has them.
std::vector<TokenId> end_of_turn_ids(const tokenizer::Tokenizer& tokenizer);

GreedyResult greedy_generate(const Qwen3Model& model, const tokenizer::Tokenizer& tokenizer,
                             const std::vector<TokenId>& prompt, const GreedyOptions& options);

}  // namespace lifeguard::engine
