// Strict UTF-8 (RFC 3629, Unicode Table 3-7) validation, decoding and encoding.
// Validation and decoding share one sequence reader so they can never disagree
// about what is well formed.
#include "text/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace lifeguard {
namespace {

constexpr char32_t kReplacementCharacter = 0xFFFD;
constexpr char32_t kMaxCodePoint = 0x10FFFF;

enum class SequenceProblem {
  none,
  unexpected_continuation,
  invalid_lead,
  overlong,
  surrogate,
  above_max,
  truncated,
  incomplete,
};

struct Sequence {
  char32_t code_point = kReplacementCharacter;
  std::size_t length = 1;  // bytes consumed; 1 on error so callers always advance
  SequenceProblem problem = SequenceProblem::none;
};

// Names the kind of error only: messages end up in logs, so they never carry
// any of the text, not even the offending byte's value.
const char* describe(SequenceProblem problem) {
  switch (problem) {
    case SequenceProblem::unexpected_continuation: return "unexpected continuation byte";
    case SequenceProblem::invalid_lead: return "byte that never appears in UTF-8";
    case SequenceProblem::overlong: return "overlong encoding";
    case SequenceProblem::surrogate: return "encoded surrogate (U+D800..U+DFFF)";
    case SequenceProblem::above_max: return "code point above U+10FFFF";
    case SequenceProblem::truncated: return "truncated sequence at end of input";
    case SequenceProblem::incomplete: return "incomplete sequence (expected a continuation byte)";
    case SequenceProblem::none: break;
  }
  return "no error";
}

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

Sequence failure(SequenceProblem problem) { return Sequence{kReplacementCharacter, 1, problem}; }

// Allowed range of the byte after the lead (Table 3-7): narrower than 80..BF
// exactly where overlongs, surrogates or values above U+10FFFF would start.
struct SecondByteRange {
  unsigned char low;
  unsigned char high;
  SequenceProblem below;  // what a byte under `low` means
  SequenceProblem above;  // what a byte over `high` means
};

SecondByteRange second_byte_range(unsigned char lead) {
  using P = SequenceProblem;
  if (lead == 0xE0) return {0xA0, 0xBF, P::overlong, P::incomplete};
  if (lead == 0xED) return {0x80, 0x9F, P::incomplete, P::surrogate};
  if (lead == 0xF0) return {0x90, 0xBF, P::overlong, P::incomplete};
  if (lead == 0xF4) return {0x80, 0x8F, P::incomplete, P::above_max};
  return {0x80, 0xBF, P::incomplete, P::incomplete};
}

Sequence read_multibyte(std::string_view bytes, std::size_t pos, unsigned char lead, std::size_t length) {
  const auto range = second_byte_range(lead);
  char32_t code_point = lead & (0xFF >> (length + 1));
  for (std::size_t i = 1; i < length; ++i) {
    if (pos + i >= bytes.size()) return failure(SequenceProblem::truncated);
    const auto byte = static_cast<unsigned char>(bytes[pos + i]);
    if (!is_continuation(byte)) return failure(SequenceProblem::incomplete);
    if (i == 1 && byte < range.low) return failure(range.below);
    if (i == 1 && byte > range.high) return failure(range.above);
    code_point = (code_point << 6) | (byte & 0x3Fu);
  }
  return Sequence{code_point, length, SequenceProblem::none};
}

Sequence read_sequence(std::string_view bytes, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(bytes[pos]);
  if (lead < 0x80) return Sequence{lead, 1, SequenceProblem::none};
  if (lead < 0xC0) return failure(SequenceProblem::unexpected_continuation);
  if (lead < 0xC2) return failure(SequenceProblem::overlong);  // C0/C1 could only encode ASCII
  if (lead < 0xE0) return read_multibyte(bytes, pos, lead, 2);
  if (lead < 0xF0) return read_multibyte(bytes, pos, lead, 3);
  if (lead < 0xF5) return read_multibyte(bytes, pos, lead, 4);
  if (lead < 0xF8) return failure(SequenceProblem::above_max);
  return failure(SequenceProblem::invalid_lead);
}

// Most text is ASCII: skip it eight bytes at a time.
std::size_t skip_ascii(std::string_view bytes, std::size_t pos) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  while (pos + 8 <= bytes.size()) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + pos, 8);
    if (word & kHighBits) break;
    pos += 8;
  }
  while (pos < bytes.size() && static_cast<unsigned char>(bytes[pos]) < 0x80) ++pos;
  return pos;
}

}  // namespace

std::optional<Utf8Error> validate_utf8(std::string_view bytes) {
  std::size_t pos = skip_ascii(bytes, 0);
  while (pos < bytes.size()) {
    const auto sequence = read_sequence(bytes, pos);
    if (sequence.problem != SequenceProblem::none) {
      return Utf8Error{pos, "invalid UTF-8 at byte " + std::to_string(pos) + ": " + describe(sequence.problem)};
    }
    pos = skip_ascii(bytes, pos + sequence.length);
  }
  return std::nullopt;
}

// Invalid input breaks the precondition, but must not be undefined behaviour:
// each bad byte becomes U+FFFD, which keeps everything downstream valid UTF-8.
std::vector<char32_t> decode_utf8(std::string_view valid_utf8) {
  std::vector<char32_t> code_points;
  code_points.reserve(valid_utf8.size());
  for (std::size_t pos = 0; pos < valid_utf8.size();) {
    const auto sequence = read_sequence(valid_utf8, pos);
    code_points.push_back(sequence.code_point);
    pos += sequence.length;
  }
  return code_points;
}

// Surrogates and values above U+10FFFF have no UTF-8 form; they are written as
// U+FFFD so the output is always valid.
void append_utf8(std::string& out, char32_t code_point) {
  if ((code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > kMaxCodePoint) {
    code_point = kReplacementCharacter;
  }
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

std::string encode_utf8(const std::vector<char32_t>& code_points) {
  std::string out;
  out.reserve(code_points.size());
  for (char32_t code_point : code_points) append_utf8(out, code_point);
  return out;
}

}  // namespace lifeguard
