// Greedy decoding (see greedy.hpp).
#include "engine/greedy.hpp"

#include <algorithm>
#include <stdexcept>

namespace lifeguard::engine {

std::vector<TokenId> end_of_turn_ids(const tokenizer::Tokenizer& tokenizer) {
  std::vector<TokenId> ids;
  for (const char* stop : {"<|im_end|>", "<|endoftext|>"}) {
    if (auto id = tokenizer.token_id(stop)) ids.push_back(*id);
  }
  return ids;
}

GreedyResult greedy_generate(const Qwen3Model& model, const tokenizer::Tokenizer& tokenizer,
                             const std::vector<TokenId>& prompt, const GreedyOptions& options) {
  if (prompt.empty()) throw std::invalid_argument("empty prompt");
  GreedyResult result;
  result.stop_reason = "max_new_tokens";
  Sequence sequence = model.new_sequence();
  std::vector<float> logits = model.prefill(sequence, prompt);
  tokenizer::StreamDecoder decoder(tokenizer, /*skip_special_tokens=*/true);
  for (int n = 0; n < options.max_new_tokens; ++n) {
    const TokenId next = argmax(logits);
    result.new_ids.push_back(next);
    result.text += decoder.push(next);
    if (std::find(options.stop_ids.begin(), options.stop_ids.end(), next) != options.stop_ids.end()) {
      result.stop_reason = "stop_token";
      break;
    }
    if (std::any_of(options.stop_strings.begin(), options.stop_strings.end(),
                    [&](const std::string& stop) { return result.text.find(stop) != std::string::npos; })) {
      result.stop_reason = "stop_string";
      break;
    }
    if (n + 1 < options.max_new_tokens) logits = model.step(sequence, next);
  }
  result.text += decoder.finish();
  return result;
}

}  // namespace lifeguard::engine
