// The chat template of Qwen3 models, for the one shape this job needs: one
// user message and the generation prompt, as the nope-edge quick start builds
// it (`apply_chat_template([{"role": "user", "content": m}],
// add_generation_prompt=True)`):
//
//   <|im_start|>user\n{message}<|im_end|>\n<|im_start|>assistant\n
//
// plus the empty think block "<think>\n\n</think>\n\n" when the template has
// Qwen3's enable_thinking switch and it is asked to be off. lifeguard does not
// run Jinja: it recognises the template (tokenizer_config.json's
// chat_template or chat_template.jinja) by the fragments that produce this
// text and refuses any other template rather than guess.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/tokenizer.hpp"

namespace lifeguard::tokenizer {

class ChatTemplate {
 public:
  // Throws std::runtime_error naming the file when the template is missing or
  // not one this renderer reproduces.
  static ChatTemplate load(const std::filesystem::path& dir);
  // Throws std::invalid_argument when `source` is not a recognised template.
  static ChatTemplate recognise(std::string_view source);

  bool has_thinking_switch() const { return thinking_switch_; }

  // The prompt text for one user message (HF-identical).
  std::string render_user_prompt(std::string_view message, bool disable_thinking = false) const;

  // Its token ids. With AddedTokens::recognised the whole text is encoded as HF
  // does (special-token strings inside the message become special tokens);
  // with plain_text they stay text and only the template's own markers are
  // special tokens.
  std::vector<TokenId> encode_user_prompt(const Tokenizer& tokenizer, std::string_view message, AddedTokens mode,
                                          bool disable_thinking = false) const;

 private:
  bool thinking_switch_ = false;
};

}  // namespace lifeguard::tokenizer
