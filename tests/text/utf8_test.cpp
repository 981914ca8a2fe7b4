// UTF-8 validation is strict (RFC 3629), reports where and what, never the text.
#include <gtest/gtest.h>

#include <string>

#include "text/utf8.hpp"

namespace lifeguard {
namespace {

std::string bytes(std::initializer_list<unsigned char> values) { return std::string(values.begin(), values.end()); }

void expect_invalid(const std::string& input, std::size_t offset, const std::string& kind) {
  const auto error = validate_utf8(input);
  ASSERT_TRUE(error.has_value()) << "accepted invalid input, expected: " << kind;
  EXPECT_EQ(error->byte_offset, offset);
  EXPECT_EQ(error->message, "invalid UTF-8 at byte " + std::to_string(offset) + ": " + kind);
}

TEST(ValidateUtf8, AcceptsEmptyInput) { EXPECT_FALSE(validate_utf8("").has_value()); }

TEST(ValidateUtf8, AcceptsAsciiIncludingNul) { EXPECT_FALSE(validate_utf8(std::string("a\0b\x7f", 4)).has_value()); }

TEST(ValidateUtf8, AcceptsEveryWellFormedLength) {
  EXPECT_FALSE(validate_utf8("caf\u00e9 \u2764 \U0001F600 \u4e2d\u6587 \u0645\u0631\u062d\u0628\u0627").has_value());
}

TEST(ValidateUtf8, AcceptsTheBoundariesOfEachRange) {
  for (char32_t code_point : {0x0u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xD7FFu, 0xE000u, 0xFFFDu, 0xFFFFu, 0x10000u, 0x10FFFFu}) {
    std::string encoded;
    append_utf8(encoded, code_point);
    EXPECT_FALSE(validate_utf8(encoded).has_value()) << std::hex << static_cast<unsigned>(code_point);
  }
}

TEST(ValidateUtf8, RejectsAStrayContinuationByte) { expect_invalid("ab" + bytes({0x80}) + "c", 2, "unexpected continuation byte"); }

TEST(ValidateUtf8, RejectsOverlongTwoByteForms) {
  expect_invalid(bytes({0xC0, 0xAF}), 0, "overlong encoding");
  expect_invalid(bytes({0xC1, 0xBF}), 0, "overlong encoding");
}

TEST(ValidateUtf8, RejectsOverlongThreeAndFourByteForms) {
  expect_invalid("x" + bytes({0xE0, 0x80, 0xAF}), 1, "overlong encoding");
  expect_invalid(bytes({0xF0, 0x8F, 0xBF, 0xBF}), 0, "overlong encoding");
}

TEST(ValidateUtf8, RejectsEncodedSurrogates) {
  expect_invalid(bytes({0xED, 0xA0, 0x80}), 0, "encoded surrogate (U+D800..U+DFFF)");
  expect_invalid(bytes({0xED, 0xBF, 0xBF}), 0, "encoded surrogate (U+D800..U+DFFF)");
}

TEST(ValidateUtf8, RejectsCodePointsAboveTheUnicodeRange) {
  expect_invalid(bytes({0xF4, 0x90, 0x80, 0x80}), 0, "code point above U+10FFFF");
  expect_invalid(bytes({0xF5, 0x80, 0x80, 0x80}), 0, "code point above U+10FFFF");
}

TEST(ValidateUtf8, RejectsBytesThatNeverAppear) {
  expect_invalid(bytes({0xF8, 0x88, 0x80, 0x80, 0x80}), 0, "byte that never appears in UTF-8");
  expect_invalid(bytes({0xFF}), 0, "byte that never appears in UTF-8");
}

TEST(ValidateUtf8, RejectsASequenceTruncatedByTheEndOfInput) {
  expect_invalid("ok " + bytes({0xF0, 0x9F, 0x98}), 3, "truncated sequence at end of input");
  expect_invalid(bytes({0xC3}), 0, "truncated sequence at end of input");
}

TEST(ValidateUtf8, RejectsASequenceInterruptedByANonContinuationByte) {
  expect_invalid(bytes({0xE2, 0x9D}) + "a", 0, "incomplete sequence (expected a continuation byte)");
}

TEST(ValidateUtf8, ReportsTheFirstErrorAfterLongAsciiRuns) {
  const std::string input = std::string(1000, 'a') + bytes({0xC3, 0xA9}) + std::string(37, 'b') + bytes({0xFF, 0x80});
  expect_invalid(input, 1039, "byte that never appears in UTF-8");
}

TEST(ValidateUtf8, ErrorMessageNeverContainsTheText) {
  const std::string secret = "I want to end it all";
  const auto error = validate_utf8(secret + bytes({0xC3}));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->message.find("want"), std::string::npos);
  EXPECT_EQ(error->message.find("\xC3"), std::string::npos);
}

TEST(DecodeUtf8, DecodesEveryLength) {
  EXPECT_EQ(decode_utf8("a\u00e9\u2764\U0001F600"), (std::vector<char32_t>{U'a', 0xE9, 0x2764, 0x1F600}));
}

TEST(DecodeUtf8, TurnsInvalidBytesIntoReplacementCharactersInsteadOfFailing) {
  EXPECT_EQ(decode_utf8(bytes({'a', 0xFF, 0xC3})), (std::vector<char32_t>{U'a', 0xFFFD, 0xFFFD}));
}

TEST(EncodeUtf8, RoundTripsWithDecode) {
  const std::string text = "hi \u00e9\u4e2d \U0001F468\u200D\U0001F469 \U0010FFFF";
  EXPECT_EQ(encode_utf8(decode_utf8(text)), text);
}

TEST(EncodeUtf8, WritesReplacementCharacterForSurrogatesAndOutOfRangeValues) {
  EXPECT_EQ(encode_utf8({0xD800, 0x110000}), "\uFFFD\uFFFD");
}

}  // namespace
}  // namespace lifeguard
