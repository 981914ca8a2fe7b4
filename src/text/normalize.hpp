// Input preprocessing of SPEC §3. Keeps emoji, punctuation intensity, slang,
// casing and casual spelling. Removes only:
//  - zero-width and invisible formatting characters (U+200B, U+200C, U+2060,
//    U+FEFF, U+00AD, ...), except a ZWJ inside an emoji sequence;
//  - decorative styled letters and digits, folded to plain ones (mathematical
//    alphanumerics 𝓲 𝔀𝓪𝓷𝓽, fullwidth ｆｕｌｌ, circled Ⓐ, small capitals ᴀ, ...);
//  - control characters other than newline and tab (NUL included);
//  - excess whitespace: runs of spaces/tabs become one space, more than two
//    newlines in a row become two, leading/trailing whitespace goes.
#pragma once

#include <string>
#include <string_view>

namespace lifeguard {

// Precondition: `valid_utf8` passed validate_utf8.
std::string normalize_message(std::string_view valid_utf8);

namespace detail {
// The general path, which normalize_message skips when every non-ASCII code
// point passes unchanged (exposed so tests can hold both paths equal).
std::string normalize_message_unicode(std::string_view valid_utf8);
}  // namespace detail

}  // namespace lifeguard
