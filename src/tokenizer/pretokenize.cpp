// Qwen pre-tokenizer (see pretokenize.hpp).
#include "tokenizer/pretokenize.hpp"

#include <utf8proc.h>

namespace lifeguard::tokenizer {
namespace {

// The classes the Qwen regex tells apart, worked out once per code point.
enum Class : unsigned char { kLetter = 1, kNumber = 2, kSpace = 4, kNewline = 8 };

struct CodePoint {
  char32_t value;
  std::size_t offset;  // byte offset in the text
  unsigned char classes;
};

unsigned char classes_of(char32_t cp);

// ASCII classes from a table: most text is ASCII, and utf8proc's category
// lookup is the tokenizer's most frequent call otherwise.
struct AsciiClasses {
  unsigned char table[128];
  AsciiClasses() {
    for (char32_t c = 0; c < 128; ++c) table[c] = classes_of(c);
  }
};

unsigned char classes_fast(char32_t cp) {
  static const AsciiClasses ascii;
  return cp < 128 ? ascii.table[cp] : classes_of(cp);
}

std::vector<CodePoint> code_points(std::string_view text) {
  std::vector<CodePoint> out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    utf8proc_int32_t cp = 0;
    auto length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                                   static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (length <= 0) {  // not valid UTF-8: callers validate first; step one byte so we always end
      cp = 0xFFFD;
      length = 1;
    }
    out.push_back({static_cast<char32_t>(cp), i, classes_fast(static_cast<char32_t>(cp))});
    i += static_cast<std::size_t>(length);
  }
  return out;
}


bool is_contraction_letter(char32_t cp, char32_t lower) { return cp == lower || cp == lower - 32; }

// Length in code points of a contraction at `i`, or 0.
std::size_t contraction_at(const std::vector<CodePoint>& cps, std::size_t i) {
  if (cps[i].value != U'\'' || i + 1 >= cps.size()) return 0;
  char32_t a = cps[i + 1].value;
  if (is_contraction_letter(a, U's') || is_contraction_letter(a, U't') || is_contraction_letter(a, U'm') ||
      is_contraction_letter(a, U'd')) {
    return 2;
  }
  if (i + 2 < cps.size()) {
    char32_t b = cps[i + 2].value;
    if ((is_contraction_letter(a, U'r') && is_contraction_letter(b, U'e')) ||
        (is_contraction_letter(a, U'v') && is_contraction_letter(b, U'e')) ||
        (is_contraction_letter(a, U'l') && is_contraction_letter(b, U'l'))) {
      return 3;
    }
  }
  return 0;
}

unsigned char classes_of(char32_t cp) {
  return static_cast<unsigned char>((is_letter(cp) ? kLetter : 0) | (is_number(cp) ? kNumber : 0) |
                                    (is_whitespace(cp) ? kSpace : 0) | (cp == U'\r' || cp == U'\n' ? kNewline : 0));
}

}  // namespace

bool is_letter(char32_t cp) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
      return true;
    default:
      return false;
  }
}

bool is_number(char32_t cp) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool is_whitespace(char32_t cp) {
  // ECMAScript WhiteSpace and LineTerminator: the JS reference encoder's \s.
  if (cp >= 0x09 && cp <= 0x0D) return true;
  switch (cp) {
    case 0x20: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

std::vector<std::string_view> pretokenize_qwen(std::string_view text) {
  const std::vector<CodePoint> cps = code_points(text);
  const std::size_t n = cps.size();
  std::vector<std::string_view> pieces;
  auto offset = [&](std::size_t index) { return index < n ? cps[index].offset : text.size(); };
  auto emit = [&](std::size_t from, std::size_t to) { pieces.push_back(text.substr(offset(from), offset(to) - offset(from))); };
  auto has = [&](std::size_t k, unsigned char cls) { return k < n && (cps[k].classes & cls) != 0; };
  auto letter = [&](std::size_t k) { return has(k, kLetter); };
  auto space = [&](std::size_t k) { return has(k, kSpace); };

  std::size_t i = 0;
  while (i < n) {
    const char32_t c = cps[i].value;
    // 1. contractions
    if (std::size_t length = contraction_at(cps, i)) {
      emit(i, i + length);
      i += length;
      continue;
    }
    // 2. [^\r\n\p{L}\p{N}]?\p{L}+
    {
      std::size_t start = i;
      std::size_t k = i;
      if (!has(i, kNewline | kLetter | kNumber) && letter(i + 1)) k = i + 1;
      if (letter(k)) {
        while (letter(k)) ++k;
        emit(start, k);
        i = k;
        continue;
      }
    }
    // 3. \p{N}
    if (has(i, kNumber)) {
      emit(i, i + 1);
      ++i;
      continue;
    }
    // 4. ' '?[^\s\p{L}\p{N}]+[\r\n]*
    {
      auto other = [&](std::size_t k) { return k < n && (cps[k].classes & (kSpace | kLetter | kNumber)) == 0; };
      std::size_t k = i;
      if (c == U' ' && other(i + 1)) k = i + 1;
      if (other(k)) {
        while (other(k)) ++k;
        while (has(k, kNewline)) ++k;
        emit(i, k);
        i = k;
        continue;
      }
    }
    // 5-7: whitespace runs.
    if (has(i, kSpace)) {
      std::size_t end = i;
      while (space(end)) ++end;
      // 5. \s*[\r\n]+ : up to and including the last newline of the run.
      std::size_t last_newline = n;
      for (std::size_t k = i; k < end; ++k) {
        if (has(k, kNewline)) last_newline = k;
      }
      if (last_newline != n) {
        emit(i, last_newline + 1);
        i = last_newline + 1;
        continue;
      }
      // 6. \s+(?!\S) : the whole run at the end of text, else all but its last character.
      if (end == n) {
        emit(i, end);
        i = end;
        continue;
      }
      if (end - i >= 2) {
        emit(i, end - 1);
        i = end - 1;
        continue;
      }
      // 7. \s+
      emit(i, end);
      i = end;
      continue;
    }
    // Unreachable for valid input: every code point is a letter, number,
    // whitespace or "other". Kept so the loop always advances.
    emit(i, i + 1);
    ++i;
  }
  return pieces;
}

}  // namespace lifeguard::tokenizer
