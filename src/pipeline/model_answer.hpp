// What a backend does with a nope-edge model's text: parse it, and refuse
// text that names no risk because it is not an answer at all (a refusal, a
// truncated or empty reply, random weights). Such text must never read as
// "no risk"; the error says why without quoting it (it may echo the user).
#pragma once

#include <string>

#include "core/model_output.hpp"

namespace lifeguard {

// Throws std::runtime_error("the model's output is not a nope-edge answer (...)")
// when `parsed` is incomplete and holds no risk. `context` is appended, e.g.
// "12 tokens, stopped by max_new_tokens".
void require_answer(const ModelOutputParse& parsed, const std::string& context);

}  // namespace lifeguard
