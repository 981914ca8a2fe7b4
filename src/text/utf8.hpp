// UTF-8 validation, decoding and encoding. Validation follows RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeguard {

struct Utf8Error {
  std::size_t byte_offset = 0;
  std::string message;  // e.g. "invalid UTF-8 at byte 17: unexpected continuation byte"
};

// std::nullopt when `bytes` is valid UTF-8, else the first error.
std::optional<Utf8Error> validate_utf8(std::string_view bytes);

// Decodes valid UTF-8 (precondition: validate_utf8 passed).
std::vector<char32_t> decode_utf8(std::string_view valid_utf8);

void append_utf8(std::string& out, char32_t code_point);
std::string encode_utf8(const std::vector<char32_t>& code_points);

}  // namespace lifeguard
