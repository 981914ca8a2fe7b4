// Turning what a caller sent into what a backend reads: UTF-8 checked, size
// limited, normalised (SPEC §3), turns serialised. Errors never quote the text.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "text/conversation.hpp"

namespace lifeguard {

// A problem with the caller's input (as opposed to a failure of lifeguard).
class InputError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct InputLimits {
  std::size_t max_bytes = 4 * 1024 * 1024;  // of raw text, all turns together
};

struct PreparedInput {
  Conversation conversation;  // normalised turns, system and empty turns left out
  std::string text;           // the same, serialised: what a model backend reads
};

// One message. Throws InputError for invalid UTF-8, an oversized message or
// one that is empty after normalisation.
PreparedInput prepare_text(std::string_view raw, const InputLimits& limits = {});
PreparedInput prepare_conversation(Conversation conversation, const InputLimits& limits = {});

}  // namespace lifeguard
