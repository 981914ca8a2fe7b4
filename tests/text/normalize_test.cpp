// normalize_message removes decoration and obfuscation and keeps everything a
// person meant: emoji, punctuation intensity, casing, slang, spelling.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "text/normalize.hpp"
#include "text/utf8.hpp"

namespace lifeguard {
namespace {

// --- styled letters ---------------------------------------------------------

TEST(NormalizeStyledLetters, FoldsMathematicalScriptToPlainLetters) {
  EXPECT_EQ(normalize_message("𝓲 𝔀𝓪𝓷𝓽 𝓽𝓸 𝓭𝓲𝓮"), "i want to die");
}

TEST(NormalizeStyledLetters, FoldsFullwidthLettersAndDigits) {
  EXPECT_EQ(normalize_message("ｆｕｌｌｗｉｄｔｈ"), "fullwidth");
  EXPECT_EQ(normalize_message("ＡＢＣ １２３"), "ABC 123");
}

TEST(NormalizeStyledLetters, FoldsBoldAndDoubleStruck) {
  EXPECT_EQ(normalize_message("𝐤𝐦𝐬"), "kms");
  EXPECT_EQ(normalize_message("𝕜𝕞𝕤"), "kms");
}

TEST(NormalizeStyledLetters, FoldsFrakturItalicSansSerifAndMonospace) {
  EXPECT_EQ(normalize_message("𝔨𝔦𝔩𝔩 𝘮𝘺𝘴𝘦𝘭𝘧 𝗻𝗼𝘄 𝚜𝚘𝚘𝚗"), "kill myself now soon");
}

TEST(NormalizeStyledLetters, FoldsLetterlikeSymbolsUsedByStyleGenerators) {
  EXPECT_EQ(normalize_message("ℌℯℓ𝔭"), "Help");
}

TEST(NormalizeStyledLetters, FoldsMathematicalDigits) { EXPECT_EQ(normalize_message("𝟏𝟐 𝟙𝟚"), "12 12"); }

TEST(NormalizeStyledLetters, FoldsCircledLettersAndNumbers) {
  EXPECT_EQ(normalize_message("Ⓗⓔⓛⓟ ①⑩"), "Help 110");
}

TEST(NormalizeStyledLetters, FoldsParenthesizedLetters) { EXPECT_EQ(normalize_message("⒣⒠⒧⒫"), "help"); }

TEST(NormalizeStyledLetters, FoldsSquaredAndNegativeLetters) {
  EXPECT_EQ(normalize_message("🄷🄴🄻🄿 🅗🅔🅛🅟 🅷🅴🅻🅿"), "HELP HELP HELP");
}

TEST(NormalizeStyledLetters, FoldsSmallCapitalsToLowerCase) {
  EXPECT_EQ(normalize_message("ɪ ᴡᴀɴᴛ ᴛᴏ ᴅɪᴇ"), "i want to die");
}

TEST(NormalizeStyledLetters, FoldsLatinLigatures) { EXPECT_EQ(normalize_message("ﬁnally ﬂat"), "finally flat"); }

TEST(NormalizeStyledLetters, FoldsStyledGreekToGreek) { EXPECT_EQ(normalize_message("𝛼𝛽"), "αβ"); }

TEST(NormalizeStyledLetters, KeepsEmojiLettersThatAskForEmojiPresentation) {
  EXPECT_EQ(normalize_message("blood type 🅰️ or 🅱️"), "blood type 🅰️ or 🅱️");
  EXPECT_EQ(normalize_message("ℹ️ Ⓜ️"), "ℹ️ Ⓜ️");
}

TEST(NormalizeStyledLetters, FoldsEmojiCapableLettersWithoutPresentationSelector) {
  EXPECT_EQ(normalize_message("🅱ruh"), "Bruh");
}

TEST(NormalizeStyledLetters, KeepsRegionalIndicatorsSoFlagsSurvive) {
  EXPECT_EQ(normalize_message("🇺🇸 🇫🇷"), "🇺🇸 🇫🇷");
}

TEST(NormalizeStyledLetters, KeepsSuperscriptsAndSubscripts) {
  EXPECT_EQ(normalize_message("x² H₂O ⁱ ʷᵃⁿᵗ"), "x² H₂O ⁱ ʷᵃⁿᵗ");
}

TEST(NormalizeStyledLetters, KeepsMathematicalOperatorsThatAreNotLetters) {
  EXPECT_EQ(normalize_message("𝛁 𝛛"), "𝛁 𝛛");
}

TEST(NormalizeStyledLetters, KeepsFullwidthPunctuationAndCjk) {
  EXPECT_EQ(normalize_message("我想死！？ ㊀ ㎏ カ"), "我想死！？ ㊀ ㎏ カ");
}

// --- things that are not decoration -----------------------------------------

TEST(NormalizeKeeps, EmojiAndPunctuationIntensity) {
  EXPECT_EQ(normalize_message("I can't do this anymore!!! 😭😭 why??? ..."),
            "I can't do this anymore!!! 😭😭 why??? ...");
}

TEST(NormalizeKeeps, CasingSlangTyposAndElongations) {
  EXPECT_EQ(normalize_message("IM SOOOO DONE lol kms unalive tmrw"), "IM SOOOO DONE lol kms unalive tmrw");
}

TEST(NormalizeKeeps, EllipsisCharacterAndNonLatinScripts) {
  EXPECT_EQ(normalize_message("I'm tired… أريد أن أموت नमस्ते café"), "I'm tired… أريد أن أموت नमस्ते café");
}

TEST(NormalizeKeeps, EmojiZwjSequencesByteExact) {
  for (const std::string emoji : {"👨‍👩‍👧", "🏳️‍🌈", "🧑🏽‍🦰", "❤️‍🔥", "👁️‍🗨️", "🐈‍⬛", "👩🏻‍❤️‍💋‍👨🏿"}) {
    EXPECT_EQ(normalize_message(emoji), emoji);
    EXPECT_EQ(normalize_message("family " + emoji + " here"), "family " + emoji + " here");
  }
}

TEST(NormalizeKeeps, KeycapsSkinTonesAndTextPresentation) {
  EXPECT_EQ(normalize_message("1️⃣ #️⃣ 👍🏿 ☺︎"), "1️⃣ #️⃣ 👍🏿 ☺︎");
}

TEST(NormalizeKeeps, FlagTagSequences) {
  const std::string scotland = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F";
  EXPECT_EQ(normalize_message("go " + scotland + "!"), "go " + scotland + "!");
}

TEST(NormalizeKeeps, ZeroWidthJoinerAfterAVirama) {
  const std::string sinhala_shri = "\u0DC1\u0DCA\u200D\u0DBB\u0DD3";
  EXPECT_EQ(normalize_message(sinhala_shri), sinhala_shri);
}

// --- invisible characters ----------------------------------------------------

TEST(NormalizeInvisible, RemovesZeroWidthSpaceInsideWords) { EXPECT_EQ(normalize_message("su\u200Bicide"), "suicide"); }

TEST(NormalizeInvisible, RemovesEveryZeroWidthAndFormattingCharacter) {
  for (const std::string invisible : {"\u200B", "\u200C", "\u2060", "\uFEFF", "\u00AD", "\u180E", "\u2061", "\u2062",
                                      "\u2063", "\u2064", "\u200E", "\u200F", "\u202E", "\u2066", "\u034F", "\u3164"}) {
    EXPECT_EQ(normalize_message("k" + invisible + "i" + invisible + "ll"), "kill");
  }
}

TEST(NormalizeInvisible, RemovesZeroWidthJoinerBetweenLetters) {
  EXPECT_EQ(normalize_message("d\u200Die"), "die");
  EXPECT_EQ(normalize_message("\u200Dhi\u200D"), "hi");
}

TEST(NormalizeInvisible, RemovesZeroWidthJoinerHangingOffAnEmoji) {
  EXPECT_EQ(normalize_message("😭\u200D ok"), "😭 ok");
  EXPECT_EQ(normalize_message("a\u200D😭"), "a😭");
}

TEST(NormalizeInvisible, RemovesVariationSelectorsInsideWords) {
  EXPECT_EQ(normalize_message("d\uFE0Fi\uFE0Ee"), "die");
}

TEST(NormalizeInvisible, RemovesTagCharactersOutsideFlags) {
  EXPECT_EQ(normalize_message("hi\U000E0069\U000E0067\U000E006E there"), "hi there");
}

TEST(NormalizeInvisible, RemovesAByteOrderMarkAtTheStart) { EXPECT_EQ(normalize_message("\uFEFFhello"), "hello"); }

// --- control characters ---------------------------------------------------

TEST(NormalizeControls, RemovesNulBytes) {
  EXPECT_EQ(normalize_message(std::string("kil\0l me", 8)), "kill me");
  EXPECT_EQ(normalize_message(std::string("\0", 1)), "");
}

TEST(NormalizeControls, RemovesC0AndC1ControlsButKeepsNewlineAndTab) {
  EXPECT_EQ(normalize_message("a\x01\x1b[31mb\x7f\u0080\u009Fc\nd\te"), "a[31mbc\nd e");
}

TEST(NormalizeControls, TurnsCarriageReturnsIntoNewlines) {
  EXPECT_EQ(normalize_message("one\r\ntwo\rthree"), "one\ntwo\nthree");
}

TEST(NormalizeControls, TurnsLineBreakingControlsIntoNewlinesSoWordsStayApart) {
  EXPECT_EQ(normalize_message("a\vb\fc\u0085d\u2028e\u2029f"), "a\nb\nc\nd\ne\nf");
}

// --- whitespace ----------------------------------------------------------------

TEST(NormalizeWhitespace, CollapsesRunsOfSpacesAndTabs) { EXPECT_EQ(normalize_message("a  \t  b\t\tc"), "a b c"); }

TEST(NormalizeWhitespace, TurnsUnicodeSpacesIntoPlainSpaces) {
  EXPECT_EQ(normalize_message("a\u00A0b\u2003c\u3000d\u202Fe\u2009\u2009f"), "a b c d e f");
}

TEST(NormalizeWhitespace, RemovesTrailingSpacesBeforeANewline) { EXPECT_EQ(normalize_message("a   \nb \t\nc"), "a\nb\nc"); }

TEST(NormalizeWhitespace, KeepsOneBlankLineAtMost) {
  EXPECT_EQ(normalize_message("a\n\n\n\n\nb"), "a\n\nb");
  EXPECT_EQ(normalize_message("a\n \n \n b"), "a\n\n b");
  EXPECT_EQ(normalize_message("a\n\nb"), "a\n\nb");
}

TEST(NormalizeWhitespace, TrimsStartAndEnd) { EXPECT_EQ(normalize_message(" \n\t hi there \n\n "), "hi there"); }

TEST(NormalizeWhitespace, WhitespaceLeftByRemovedCharactersCollapsesToo) {
  EXPECT_EQ(normalize_message("a \u200B b\u200B \n\u200B\n\u200B\nc"), "a b\n\nc");
}

TEST(NormalizeWhitespace, EmptyAndBlankInputsBecomeEmpty) {
  EXPECT_EQ(normalize_message(""), "");
  EXPECT_EQ(normalize_message(" \t\n\r\n\u200B\u3000"), "");
}

// --- robustness, speed and properties ------------------------------------------

TEST(NormalizeRobustness, NormalisesOneMegabyteWellUnderASecond) {
  std::string input;
  const std::string chunk = "I'm 𝓯𝓲𝓷𝓮 really 😭\u200B\u200B  honestly!!!  \n\n\n 我很好 ｏｋ ";
  while (input.size() < 1'000'000) input += chunk;
  const auto start = std::chrono::steady_clock::now();
  const std::string out = normalize_message(input);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 1000);
  EXPECT_FALSE(validate_utf8(out).has_value());
  EXPECT_NE(out.find("I'm fine really 😭 honestly!!!\n\n 我很好 ok"), std::string::npos);
}

TEST(NormalizeRobustness, HandlesEveryCodePointWithoutBreakingUtf8) {
  std::string all;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    append_utf8(all, c);
    if (c % 64 == 0) all.push_back(' ');
  }
  const std::string out = normalize_message(all);
  EXPECT_FALSE(validate_utf8(out).has_value());
  EXPECT_EQ(normalize_message(out), out);
}

TEST(NormalizeRobustness, InvalidInputDespiteThePreconditionStillGivesValidUtf8) {
  const std::string out = normalize_message(std::string("ok \xC3 \xFF\xED\xA0\x80 fine", 14));
  EXPECT_FALSE(validate_utf8(out).has_value());
}

// Random messages from pieces that interact: styled letters next to emoji and
// joiners, invisible characters between whitespace, CR/LF in every order.
std::string random_message(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {
      "a", "Z", "kms", "die", " ", "  ", "\t", "\n", "\r", "\r\n", "\n\n\n", "!!!", "???", "...", "…", "'", "1",
      "😭", "👨", "👩", "🏳", "🌈", "🏴", "🏽", "\u200D", "\uFE0F", "\uFE0E", "\u20E3", "\U000E0067", "\U000E007F",
      "👨‍👩‍👧", "🏳️‍🌈", "🅰", "🅱", "ℹ", "Ⓜ", "🇺", "🇸", "我", "想", "死", "ｆ", "！", "𝓲", "𝔀", "𝕜", "𝐤", "ᴀ",
      "ɪ", "⒜", "①", "⑩", "ﬁ", "²", "\u0915", "\u094D", "\u200B", "\u200C", "\u2060", "\uFEFF", "\u00AD",
      "\u180E", "\u200E", "\u202E", "\u00A0", "\u3000", "\u2028", "\u0085", std::string("\0", 1), "\x01", "\x7f",
      "\u0301", "é", "ا", "\u3164"};
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  std::string message;
  for (int i = length(rng); i > 0; --i) message += pieces[pick(rng)];
  return message;
}

TEST(NormalizeProperties, IsIdempotentAndAlwaysValidUtf8OverRandomMessages) {
  std::mt19937 rng(20240611);
  for (int i = 0; i < 20000; ++i) {
    const std::string input = random_message(rng);
    const std::string once = normalize_message(input);
    ASSERT_FALSE(validate_utf8(once).has_value()) << "case " << i;
    ASSERT_EQ(normalize_message(once), once) << "case " << i;
  }
}

TEST(NormalizeProperties, OutputHasNoEdgeWhitespaceNoControlsAndNoLongBlankRuns) {
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    const std::string out = normalize_message(random_message(rng));
    if (out.empty()) continue;
    EXPECT_NE(out.front(), ' ');
    EXPECT_NE(out.front(), '\n');
    EXPECT_NE(out.back(), ' ');
    EXPECT_NE(out.back(), '\n');
    EXPECT_EQ(out.find("\n\n\n"), std::string::npos);
    EXPECT_EQ(out.find("  "), std::string::npos);
    EXPECT_EQ(out.find(" \n"), std::string::npos);
    for (char c : out) {
      const auto byte = static_cast<unsigned char>(c);
      EXPECT_TRUE(byte >= 0x20 || c == '\n') << "control byte " << static_cast<int>(byte) << " in case " << i;
    }
  }
}

}  // namespace
}  // namespace lifeguard

namespace lifeguard {
namespace {

// normalize_message takes a byte loop for pure ASCII; it must agree with the
// general Unicode path on every ASCII input.
TEST(NormalizeFastPath, AgreesWithTheGeneralPathOnRandomMixedText) {
  std::mt19937 random(99);
  // Plain pieces the fast path writes through, and special ones that make it
  // hand over to the general path (styled letters, joiners, selectors, NBSP...).
  const std::vector<std::string> pieces = {
      "a", "Z", " ", "  ", "\t", "\n", "\r\n", "\n\n\n", "!", "?", "\xC3\xA9", "\xE6\xAD\xBB", "\xF0\x9F\x98\xAD",
      "\xF0\x9F\x91\x8D", "\xF0\x9F\x8F\xBD", "\xE2\x80\x8D", "\xEF\xB8\x8F", "\xC2\xA0", "\xE2\x80\x8B",
      "\xF0\x9D\x93\xB2", "\xEF\xBD\x86", "\xC2\x85", "\xE2\x80\xA8", "\xF3\xA0\x80\xA1", "\xE2\x80\x99", "\x01"};
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 16);
    for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
    ASSERT_EQ(normalize_message(text), detail::normalize_message_unicode(text)) << "round " << round;
  }
}

TEST(NormalizeAsciiFastPath, AgreesWithTheGeneralPathOnRandomAscii) {
  std::mt19937 random(1234);
  const std::string alphabet = std::string("ab Z.!?\t\r\n\n  ") + '\0' + '\x0B' + '\x0C' + '\x7F' + '\x01';
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 40);
    for (int i = 0; i < length; ++i) text.push_back(alphabet[random() % alphabet.size()]);
    ASSERT_EQ(normalize_message(text), detail::normalize_message_unicode(text)) << "round " << round;
  }
}

}  // namespace
}  // namespace lifeguard
