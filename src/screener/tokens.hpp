// Splits a (normalised) message into the lower-cased tokens the screener reads:
// words, single emoji, and a few punctuation marks that carry signal ("?", "!!").
// Conversations are tokenised turn by turn so assistant words never count as
// the person's. Plain text is always one user turn: a person who types
// "Assistant: ..." lines cannot hide their own words that way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/conversation.hpp"

namespace lifeguard::screener {

enum class TokenKind : std::uint8_t { word, emoji, punctuation };

// A token refers to the text it came from (`surface`): that text must outlive it.
struct Token {
  std::string_view surface;  // the bytes as written ("K1ll", "s u i c i d e")
  std::string match_form;    // lower-cased, de-leeted form that features read ("kill")
  std::uint64_t form_hash = 0;  // hash_bytes(match_form), computed once for every feature that needs it
  TokenKind kind = TokenKind::word;
  bool from_assistant = false;
  std::uint16_t turn = 0;  // index of the turn the token came from
};

// Tokens of the whole text, in order; they point into `normalised_text`. Runs of three or more single letters
// ("s u i c i d e") are also emitted joined, right after the run.
std::vector<Token> tokenize_for_screening(std::string_view normalised_text);

// Tokens of normalised turns (normalise_conversation), turn by turn.
std::vector<Token> tokenize_for_screening(const Conversation& normalised_turns);

}  // namespace lifeguard::screener
