// Reading the API's request bodies: UTF-8 and JSON checked, the input of
// /v1/screen and /v1/evaluate prepared (SPEC §3), options validated. Every
// problem is an ApiError whose message never quotes the text sent.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pipeline/input.hpp"

namespace lifeguard::serve {

// A JSON object, or ApiError invalid_utf8 / invalid_json / invalid_request.
nlohmann::json parse_json_body(std::string_view body);

struct ScreenRequest {
  PreparedInput input;
  std::optional<std::string> country;  // two ASCII letters, as sent
  std::optional<std::string> locale;
};

// {"text": ...} or {"messages": [...]}, "country", "locale".
ScreenRequest parse_screen_request(const nlohmann::json& body, std::size_t max_text_bytes);

// /v1/evaluate's "judges": 1 when absent, else an integer in [1, max_judges].
std::size_t parse_judges(const nlohmann::json& body, std::size_t max_judges);

}  // namespace lifeguard::serve
