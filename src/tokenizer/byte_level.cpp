// Byte-level alphabet (see byte_level.hpp).
#include "tokenizer/byte_level.hpp"

#include <vector>

#include "text/utf8.hpp"

namespace lifeguard::tokenizer {
namespace {

struct Alphabet {
  std::array<std::string, 256> symbol;
  std::array<int, 512> byte_of{};  // code point -> byte, -1 when not in the alphabet

  Alphabet() {
    byte_of.fill(-1);
    auto printable = [](int b) { return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF); };
    char32_t next = 0x100;
    for (int b = 0; b < 256; ++b) {
      char32_t cp = printable(b) ? static_cast<char32_t>(b) : next++;
      append_utf8(symbol[static_cast<std::size_t>(b)], cp);
      byte_of[cp] = b;
    }
  }
};

const Alphabet& alphabet() {
  static const Alphabet instance;
  return instance;
}

}  // namespace

const std::string& byte_symbol(unsigned char byte) { return alphabet().symbol[byte]; }

void append_byte_level(std::string& out, std::string_view bytes) {
  const Alphabet& a = alphabet();
  for (unsigned char b : bytes) out += a.symbol[b];
}

std::optional<std::string> bytes_of_symbols(std::string_view symbols) {
  const Alphabet& a = alphabet();
  std::string out;
  out.reserve(symbols.size());
  std::size_t i = 0;
  while (i < symbols.size()) {
    auto lead = static_cast<unsigned char>(symbols[i]);
    char32_t cp;
    if (lead < 0x80) {
      cp = lead;
      i += 1;
    } else if ((lead & 0xE0) == 0xC0 && i + 1 < symbols.size()) {
      cp = (static_cast<char32_t>(lead & 0x1F) << 6) | (static_cast<unsigned char>(symbols[i + 1]) & 0x3F);
      i += 2;
    } else {
      return std::nullopt;  // the alphabet stops at U+0143: two bytes at most
    }
    if (cp >= a.byte_of.size() || a.byte_of[cp] < 0) return std::nullopt;
    out += static_cast<char>(a.byte_of[cp]);
  }
  return out;
}

}  // namespace lifeguard::tokenizer
