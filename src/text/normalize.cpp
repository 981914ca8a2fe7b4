// Input preprocessing (SPEC §3): undo obfuscation and decoration that would hide
// words from the classifier, and nothing else. Emoji, punctuation intensity,
// casing, slang and spelling are signal and pass through untouched.
//
// Two linear passes over the code points:
//  1. clean: each character on its own (with one character of lookahead):
//     controls, invisible formatting, exotic spaces, styled letters;
//  2. assemble: decisions that depend on the neighbours left after cleaning
//     (zero-width joiner, variation selectors, tag characters) and whitespace
//     collapsing. Deciding on cleaned neighbours is what makes the whole
//     function idempotent.
//
// Choices worth knowing:
//  - Bidi marks and controls (LRM, RLM, ALM, embeddings, overrides, isolates)
//    are removed: they change display order only and are a classic way to
//    make text read differently to people and to machines.
//  - ZWNJ is removed even where Persian spelling uses it: a Latin word split
//    by ZWNJ is the far more common obfuscation. ZWJ survives between emoji
//    (👨‍👩‍👧, 🏳️‍🌈) and after a virama (Indic conjuncts), where it is spelling.
//  - A variation selector right after an ASCII letter, or with nothing before
//    it, is removed: it is never a valid variation sequence there, only an
//    invisible break inside a word. After digits (keycaps 1️⃣) and emoji it stays.
//  - Tag characters survive only inside a flag tag sequence (🏴 + tags, e.g.
//    Scotland's flag); anywhere else they are invisible "ASCII smuggling".
//  - Emoji-capable styled letters (🅰 🅱 🅾 🅿 Ⓜ ℹ) stay emoji when followed by a
//    presentation selector (🅰️, ℹ️) and fold to letters otherwise.
//  - Line-breaking controls (VT, FF, NEL, U+2028, U+2029) become newlines, not
//    nothing, so they cannot glue two words together.
#include "text/normalize.hpp"

#include <optional>
#include <vector>

#include <utf8proc.h>

#include "text/styled_letters.hpp"
#include "text/utf8.hpp"

namespace lifeguard {
namespace {

constexpr char32_t kZeroWidthJoiner = 0x200D;
constexpr char32_t kBlackFlag = 0x1F3F4;
constexpr char32_t kCancelTag = 0xE007F;
constexpr char32_t kNothing = 0;  // "no neighbour": start of text or whitespace

bool is_extended_pictographic(char32_t c) {
  return utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->boundclass ==
         UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC;
}

bool is_emoji_modifier(char32_t c) { return c >= 0x1F3FB && c <= 0x1F3FF; }
bool is_presentation_selector(char32_t c) { return c == 0xFE0E || c == 0xFE0F; }
bool is_variation_selector(char32_t c) { return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF); }
bool is_tag(char32_t c) { return c >= 0xE0020 && c <= 0xE007F; }
bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_virama(char32_t c) {
  return c >= 0x0900 && utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->combining_class == 9;
}

bool is_letter(char32_t c) {
  const auto category = utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->category;
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}

// Zero-width and invisible formatting characters that carry no meaning for the
// classifier but split words ("su\u200Bicide"). ZWJ, variation selectors and
// tag characters are decided in context later.
bool is_invisible_formatting(char32_t c) {
  switch (c) {
    case 0x00AD:  // soft hyphen
    case 0x034F:  // combining grapheme joiner
    case 0x061C:  // Arabic letter mark
    case 0x115F: case 0x1160: case 0x3164: case 0xFFA0:  // Hangul fillers, used as "blank" characters
    case 0x17B4: case 0x17B5:  // Khmer inherent vowels, invisible
    case 0x180E:  // Mongolian vowel separator
    case 0x200B: case 0x200C:  // zero-width space, zero-width non-joiner
    case 0x200E: case 0x200F:  // LRM, RLM
    case 0xFEFF:  // zero-width no-break space / BOM
      return true;
    default:
      break;
  }
  return (c >= 0x202A && c <= 0x202E)      // bidi embeddings and overrides
         || (c >= 0x2060 && c <= 0x206F)   // word joiner, invisible operators, isolates, deprecated formats
         || (c >= 0x1BCA0 && c <= 0x1BCA3)  // shorthand format controls
         || (c >= 0x1D173 && c <= 0x1D17A)  // musical formatting
         || (c >= 0xE0000 && c <= 0xE0FFF && !is_tag(c) && !is_variation_selector(c));
}

bool is_unicode_space(char32_t c) {
  return c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_line_break(char32_t c) {
  return c == '\n' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

void append_folded(std::vector<char32_t>& out, char32_t c, char32_t next) {
  const FoldedLetters folded = fold_styled_letter(c);
  // 🅰️ / ℹ️ ask for emoji presentation: they are emoji, not letters.
  if (folded.empty() || (is_extended_pictographic(c) && is_presentation_selector(next))) {
    out.push_back(c);
    return;
  }
  out.insert(out.end(), folded.code_points.begin(), folded.code_points.begin() + folded.size);
}

// Pass 1. Whitespace comes out as only ' ' and '\n'.
std::vector<char32_t> clean(const std::vector<char32_t>& input) {
  std::vector<char32_t> out;
  out.reserve(input.size() + input.size() / 8);
  for (std::size_t i = 0; i < input.size(); ++i) {
    const char32_t c = input[i];
    const char32_t next = i + 1 < input.size() ? input[i + 1] : kNothing;
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(c);
    } else if (c == '\r') {
      out.push_back('\n');
      if (next == '\n') ++i;
    } else if (c == '\t' || is_unicode_space(c)) {
      out.push_back(' ');
    } else if (is_line_break(c)) {
      out.push_back('\n');
    } else if (is_control(c) || is_invisible_formatting(c)) {
      continue;
    } else {
      append_folded(out, c, next);
    }
  }
  return out;
}

// Pass 2's output: collapses whitespace as it goes and remembers the last
// character written, which the context rules look at.
class Assembler {
 public:
  explicit Assembler(std::size_t capacity) { text_.reserve(capacity); }

  void space() {
    if (!text_.empty()) pending_space_ = true;
  }

  // Spaces before a newline are trailing spaces and go.
  void newline() {
    pending_space_ = false;
    if (!text_.empty()) ++pending_newlines_;
  }

  void write(char32_t c) {
    flush_pending();
    if (c < 0x80) {
      text_.push_back(static_cast<char>(c));  // the common case, without a call
    } else {
      append_utf8(text_, c);
    }
    last_ = c;
  }

  // A code point whose UTF-8 bytes are already at hand.
  void write_bytes(std::string_view bytes, char32_t c) {
    flush_pending();
    text_.append(bytes);
    last_ = c;
  }

  // The character a new one would touch: kNothing after whitespace or at the start.
  char32_t neighbour() const { return text_.empty() || pending_space_ || pending_newlines_ > 0 ? kNothing : last_; }

  void flush_pending() {
    if (pending_newlines_ > 0) text_.append(pending_newlines_ > 2 ? 2 : pending_newlines_, '\n');
    if (pending_space_) text_.push_back(' ');
    pending_newlines_ = 0;
    pending_space_ = false;
  }

  // Pending whitespace at the end is trailing whitespace: dropped.
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
  char32_t last_ = kNothing;
  bool pending_space_ = false;
  std::size_t pending_newlines_ = 0;
};

bool joins_emoji(char32_t before, char32_t after) {
  const bool emoji_before = is_extended_pictographic(before) || is_emoji_modifier(before) ||
                            before == 0xFE0F || before == kCancelTag;
  return emoji_before && is_extended_pictographic(after);
}

bool keeps_joiner(char32_t before, char32_t after) {
  if (before == kNothing) return false;
  return joins_emoji(before, after) || (is_virama(before) && is_letter(after));
}

bool keeps_variation_selector(char32_t before) { return before != kNothing && !is_ascii_letter(before); }

bool keeps_tag(char32_t before) {
  return before == kBlackFlag || (is_tag(before) && before != kCancelTag);
}

// Pass 2.
std::string assemble(const std::vector<char32_t>& cleaned, std::size_t capacity) {
  Assembler out(capacity);
  for (std::size_t i = 0; i < cleaned.size(); ++i) {
    const char32_t c = cleaned[i];
    const char32_t before = out.neighbour();
    if (c == ' ') {
      out.space();
    } else if (c == '\n') {
      out.newline();
    } else if (c == kZeroWidthJoiner) {
      const char32_t after = i + 1 < cleaned.size() ? cleaned[i + 1] : kNothing;
      if (keeps_joiner(before, after)) out.write(c);
    } else if (is_variation_selector(c)) {
      if (keeps_variation_selector(before)) out.write(c);
    } else if (is_tag(c)) {
      if (keeps_tag(before)) out.write(c);
    } else {
      out.write(c);
    }
  }
  return out.take();
}

// A code point that both passes would write through untouched, whatever its
// neighbours: not whitespace, control, invisible, joiner, selector, tag or a
// styled letter.
bool passes_unchanged(char32_t c) {
  if (c < 0xA0) return false;  // C1 controls and NEL
  if (is_unicode_space(c) || is_line_break(c) || is_invisible_formatting(c)) return false;
  if (c == kZeroWidthJoiner || is_variation_selector(c) || is_tag(c)) return false;
  return fold_styled_letter(c).empty();
}

// Decodes one UTF-8 sequence at `at` into `c`; 0 when it is not well formed
// (the general path then deals with it, as it does with anything unusual).
std::size_t decode_sequence(std::string_view text, std::size_t at, char32_t& c) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 0;
  char32_t smallest = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, smallest = 0x80, c = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, smallest = 0x800, c = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, smallest = 0x10000, c = lead & 0x07;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[at + k]);
    if ((byte & 0xC0) != 0x80) return 0;
    c = (c << 6) | (byte & 0x3F);
  }
  if (c < smallest || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  return length;
}

// The common case in one pass over bytes: ASCII with, at most, code points
// that pass unchanged (emoji, accented letters, CJK...). Gives up (nullopt)
// at the first code point that needs the Unicode rules; where it finishes,
// its result equals the general path's (a test holds them equal).
std::optional<std::string> normalize_simple(std::string_view text) {
  Assembler out(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      char32_t code_point = 0;
      const std::size_t length = decode_sequence(text, i, code_point);
      if (length == 0 || !passes_unchanged(code_point)) return std::nullopt;
      out.write_bytes(text.substr(i, length), code_point);
      i += length;
      continue;
    }
    if (c == ' ' || c == '\t') {
      out.space();
    } else if (c == '\r') {
      out.newline();
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n' || c == 0x0B || c == 0x0C) {
      out.newline();
    } else if (c > 0x20 && c < 0x7F) {
      out.write(static_cast<char32_t>(c));
    }
    ++i;
  }
  return out.take();
}

}  // namespace

namespace detail {
std::string normalize_message_unicode(std::string_view valid_utf8) {
  return assemble(clean(decode_utf8(valid_utf8)), valid_utf8.size());
}
}  // namespace detail

std::string normalize_message(std::string_view valid_utf8) {
  if (auto simple = normalize_simple(valid_utf8)) return std::move(*simple);
  return detail::normalize_message_unicode(valid_utf8);
}

}  // namespace lifeguard
