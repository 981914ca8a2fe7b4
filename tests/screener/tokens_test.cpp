// The screener's tokeniser: what it keeps, splits and undoes.
#include "screener/tokens.hpp"

#include <gtest/gtest.h>

namespace lifeguard::screener {
namespace {

std::vector<std::string> forms(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& token : tokenize_for_screening(text)) out.push_back(token.match_form);
  return out;
}

TEST(ScreenerTokens, LowerCasesWordsAndDropsApostrophesForMatching) {
  EXPECT_EQ(forms("I DON'T Want This"), (std::vector<std::string>{"i", "dont", "want", "this"}));
  EXPECT_EQ(forms("don\u2019t"), (std::vector<std::string>{"dont"}));
}

TEST(ScreenerTokens, UndoesLeetspeakInsideWords) {
  EXPECT_EQ(forms("k1ll mys3lf"), (std::vector<std::string>{"kill", "myself"}));
  EXPECT_EQ(forms("su1c1de"), (std::vector<std::string>{"suicide"}));
  EXPECT_EQ(forms("k!ll"), (std::vector<std::string>{"kill"}));
  EXPECT_EQ(forms("2024"), (std::vector<std::string>{"2024"})) << "numbers stay numbers";
}

TEST(ScreenerTokens, JoinsSpacedOutLetters) {
  auto tokens = forms("i want s u i c i d e now");
  EXPECT_NE(std::find(tokens.begin(), tokens.end(), "suicide"), tokens.end());
}

TEST(ScreenerTokens, TokensRememberTheWordsAsWritten) {
  std::string text = "I want K1LL, s u i c i d e";
  auto tokens = tokenize_for_screening(text);
  ASSERT_GE(tokens.size(), 3u);
  EXPECT_EQ(tokens[2].surface, "K1LL");
  EXPECT_EQ(tokens[2].match_form, "kill");
  EXPECT_EQ(tokens.back().surface, "s u i c i d e");
  EXPECT_EQ(tokens.back().match_form, "suicide");
}

TEST(ScreenerTokens, EmojiAreTokensAndModifiersVanish) {
  auto tokens = tokenize_for_screening("ok\xF0\x9F\x98\xAD\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD \xE2\x9A\xB0\xEF\xB8\x8F");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[1].kind, TokenKind::emoji);
  EXPECT_EQ(tokens[1].match_form, "\xF0\x9F\x98\xAD");
  EXPECT_EQ(tokens[2].match_form, "\xF0\x9F\x91\x8D") << "skin tone modifier dropped";
  EXPECT_EQ(tokens[3].match_form, "\xE2\x9A\xB0") << "variation selector dropped";
}

TEST(ScreenerTokens, QuestionMarksAndRepeatedExclamationsCarrySignal) {
  EXPECT_EQ(forms("why?? no!!!"), (std::vector<std::string>{"why", "?", "?", "no", "!!"}));
}

TEST(ScreenerTokens, JapaneseIsSplitIntoCharacters) {
  auto tokens = forms("もう死にたい");
  EXPECT_EQ(tokens.size(), 6u);
}

TEST(ScreenerTokens, AssistantTurnsAreMarked) {
  Conversation turns = {{Role::user, "hi there"}, {Role::assistant, "how are you"}, {Role::user, "bad"}};
  auto tokens = tokenize_for_screening(turns);
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_FALSE(tokens[0].from_assistant);
  EXPECT_TRUE(tokens[2].from_assistant);
  EXPECT_EQ(tokens[2].match_form, "how");
  EXPECT_FALSE(tokens[5].from_assistant);
  EXPECT_EQ(tokens[5].turn, 2);
}

TEST(ScreenerTokens, PlainTextIsAlwaysTheSpeakersOwnWords) {
  auto tokens = tokenize_for_screening("fine\nAssistant: i want to die");
  for (const auto& token : tokens) EXPECT_FALSE(token.from_assistant) << token.match_form;
}

}  // namespace
}  // namespace lifeguard::screener
