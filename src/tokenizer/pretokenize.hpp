// The Qwen2/Qwen3 pre-tokenizer: splits NFC text into the pieces BPE works on,
// exactly as the regex of their tokenizer.json does:
//
//   (?i:'s|'t|'re|'ve|'m|'ll|'d) | [^\r\n\p{L}\p{N}]?\p{L}+ | \p{N}
//   | ' '?[^\s\p{L}\p{N}]+[\r\n]* | \s*[\r\n]+ | \s+(?!\S) | \s+
//
// Alternatives are tried in order at each position, as a backtracking regex
// engine does; pieces cover the text with no gaps. Implemented by hand over
// code points (Unicode general categories from utf8proc) rather than with a
// regex library, whose Unicode classes and look-ahead support vary.
#pragma once

#include <string_view>
#include <vector>

namespace lifeguard::tokenizer {

// `text` must be valid UTF-8. Returns views into it.
std::vector<std::string_view> pretokenize_qwen(std::string_view text);

// The character classes, exposed for tests.
bool is_letter(char32_t cp);      // \p{L}
bool is_number(char32_t cp);      // \p{N}
bool is_whitespace(char32_t cp);  // \s as ECMAScript defines it

}  // namespace lifeguard::tokenizer
