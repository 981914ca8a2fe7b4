// Folding of decorative letters. Unicode's own compatibility decompositions
// (via utf8proc) cover most styles; the tables here cover the styles Unicode
// gives no decomposition for (small capitals, negative circled/squared letters).
//
// Deliberately narrower than NFKC: NFKC would also rewrite superscripts, "…",
// fractions, CJK compatibility forms and Arabic presentation forms, which carry
// meaning or are simply how people write. Only letters and digits whose
// decoration is the whole difference are folded.
#include "text/styled_letters.hpp"

#include <utf8proc.h>

namespace lifeguard {
namespace {

FoldedLetters single(char32_t plain) {
  FoldedLetters folded;
  folded.code_points[0] = plain;
  folded.size = 1;
  return folded;
}

bool is_ascii_alphanumeric(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Mathematical alphanumerics also exist for Greek, Hebrew and Arabic letters,
// which fold to those letters; their operators (𝛁 → ∇) are not letters and stay.
bool is_letter_or_digit(char32_t c) {
  const auto category = utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->category;
  return (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) || category == UTF8PROC_CATEGORY_ND;
}

// Small capitals have no decomposition. Generators use them for lower-case text
// ("ɪ ᴡᴀɴᴛ ᴛᴏ ᴅɪᴇ"), so they fold to lower case. Some double as IPA letters,
// which are rare in messages. There is no small capital X; generators use "x".
char32_t small_capital(char32_t c) {
  switch (c) {
    case 0x1D00: return 'a';
    case 0x0299: return 'b';
    case 0x1D04: return 'c';
    case 0x1D05: return 'd';
    case 0x1D07: return 'e';
    case 0xA730: return 'f';
    case 0x0262: return 'g';
    case 0x029C: return 'h';
    case 0x026A: return 'i';
    case 0x1D0A: return 'j';
    case 0x1D0B: return 'k';
    case 0x029F: return 'l';
    case 0x1D0D: return 'm';
    case 0x0274: return 'n';
    case 0x1D0F: return 'o';
    case 0x1D18: return 'p';
    case 0xA7AF: return 'q';
    case 0x0280: return 'r';
    case 0xA731: return 's';
    case 0x1D1B: return 't';
    case 0x1D1C: return 'u';
    case 0x1D20: return 'v';
    case 0x1D21: return 'w';
    case 0x028F: return 'y';
    case 0x1D22: return 'z';
    default: return 0;
  }
}

// 🅐..🅩 and 🅰..🆉 have no decomposition either.
char32_t negative_letter(char32_t c) {
  if (c >= 0x1F150 && c <= 0x1F169) return U'A' + (c - 0x1F150);
  if (c >= 0x1F170 && c <= 0x1F189) return U'A' + (c - 0x1F170);
  return 0;
}

// Full compatibility decomposition, or empty when it is longer than we keep.
FoldedLetters decompose(char32_t c) {
  utf8proc_int32_t buffer[8];
  int unused_boundclass = 0;
  const auto length = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), buffer, 8,
                                              static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE),
                                              &unused_boundclass);
  FoldedLetters folded;
  if (length <= 0 || static_cast<std::size_t>(length) > FoldedLetters::kCapacity) return folded;
  for (std::size_t i = 0; i < static_cast<std::size_t>(length); ++i) {
    folded.code_points[i] = static_cast<char32_t>(buffer[i]);
  }
  folded.size = static_cast<std::size_t>(length);
  return folded;
}

template <typename Predicate>
FoldedLetters keep_if_all(FoldedLetters folded, Predicate accept) {
  for (std::size_t i = 0; i < folded.size; ++i) {
    if (!accept(folded.code_points[i])) return {};
  }
  return folded;
}

template <typename Predicate>
FoldedLetters keep_if_single(FoldedLetters folded, Predicate accept) {
  return folded.size == 1 ? keep_if_all(folded, accept) : FoldedLetters{};
}

// ⒜ decomposes to "(a)" and ⑽ to "(10)"; styled text uses them as letters, so
// the brackets go. Parenthesized CJK and Hangul (㈠ ㈀) do not match and stay.
FoldedLetters strip_parentheses(FoldedLetters folded) {
  if (folded.size < 3 || folded.code_points[0] != '(' || folded.code_points[folded.size - 1] != ')') return {};
  FoldedLetters inner;
  inner.size = folded.size - 2;
  for (std::size_t i = 0; i < inner.size; ++i) inner.code_points[i] = folded.code_points[i + 1];
  return keep_if_all(inner, is_ascii_alphanumeric);
}

// ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ: typographic ligatures that split words for the tokenizer.
bool is_latin_ligature(char32_t c) { return c >= 0xFB00 && c <= 0xFB06; }

FoldedLetters fold_by_decomposition(char32_t c) {
  switch (utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->decomp_type) {
    case UTF8PROC_DECOMP_TYPE_FONT:
      return keep_if_all(decompose(c), is_letter_or_digit);
    case UTF8PROC_DECOMP_TYPE_WIDE:  // fullwidth punctuation is how CJK text is written: only letters/digits fold
    case UTF8PROC_DECOMP_TYPE_CIRCLE:  // circled CJK and katakana (㊀ ㋐) stay
      return keep_if_all(decompose(c), is_ascii_alphanumeric);
    case UTF8PROC_DECOMP_TYPE_SQUARE:  // only single letters (🄰): squared units and CJK (㎏ 🈁) are words, not styling
      return keep_if_single(decompose(c), is_ascii_alphanumeric);
    case UTF8PROC_DECOMP_TYPE_COMPAT:
      if (is_latin_ligature(c)) return keep_if_all(decompose(c), is_ascii_alphanumeric);
      return strip_parentheses(decompose(c));
    default:
      return {};
  }
}

}  // namespace

FoldedLetters fold_styled_letter(char32_t code_point) {
  if (code_point < 0xA0) return {};
  if (char32_t plain = small_capital(code_point)) return single(plain);
  if (char32_t plain = negative_letter(code_point)) return single(plain);
  return fold_by_decomposition(code_point);
}

}  // namespace lifeguard
