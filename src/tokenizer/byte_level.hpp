// GPT-2 style byte-level alphabet used by Qwen's BPE: every byte 0..255 maps
// to one printable code point (printable ASCII and Latin-1 map to
// themselves, the rest to U+0100 upwards), so any byte string is a string of
// "characters" the vocabulary can hold.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace lifeguard::tokenizer {

// The UTF-8 encoding of the code point standing for `byte`.
const std::string& byte_symbol(unsigned char byte);

// Appends the byte-level form of `bytes` (each byte as its symbol) to `out`.
void append_byte_level(std::string& out, std::string_view bytes);

// Reverses append_byte_level. Returns nothing when `symbols` holds a code
// point outside the alphabet (a token string that is not byte-level).
std::optional<std::string> bytes_of_symbols(std::string_view symbols);

}  // namespace lifeguard::tokenizer
