// One line of a JSONL batch: {"id": ..., "text": "..."} or
// {"id": ..., "conversation": [{role, content}...]} in, and
// {"id": ..., "assessment": {...}} or {"id": ..., "line": N, "error": "line N: ..."} out.
// A bad line never stops a batch; errors never quote message text.
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pipeline/backend.hpp"

namespace lifeguard {

nlohmann::json classify_jsonl_line(const Backend& backend, std::string_view line, std::size_t line_number,
                                   const InputLimits& limits);

}  // namespace lifeguard
