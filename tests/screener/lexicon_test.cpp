// The lexicon: parsing with precise errors, phrase and prefix matching.
#include "screener/lexicon.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace lifeguard::screener {
namespace {

std::vector<Category> categories(const Lexicon& lexicon, std::string_view text) {
  std::vector<Category> out;
  for (const auto& match : lexicon.match(tokenize_for_screening(text))) out.push_back(match.category);
  return out;
}

TEST(Lexicon, MatchesMultiWordPhrasesWhateverTheApostrophes) {
  auto lexicon = Lexicon::parse("suicide_passive\tdon't want to live\n");
  EXPECT_EQ(categories(lexicon, "I just DONT want to live anymore"), std::vector<Category>{Category::suicide_passive});
  EXPECT_TRUE(categories(lexicon, "I want to live").empty());
}

TEST(Lexicon, PrefixEntriesMatchWordBeginnings) {
  auto lexicon = Lexicon::parse("suicide_explicit\tsuicid*\n");
  EXPECT_EQ(categories(lexicon, "feeling suicidal").size(), 1u);
  EXPECT_EQ(categories(lexicon, "su1c1de").size(), 1u);
  EXPECT_TRUE(categories(lexicon, "sui").empty());
}

TEST(Lexicon, OnePhraseMayBelongToSeveralCategories) {
  auto lexicon = Lexicon::parse("means\tbelt\nabuse\tbelt\n");
  EXPECT_EQ(categories(lexicon, "the belt").size(), 2u);
}

TEST(Lexicon, IgnoresAssistantWordsAndDoesNotCrossTurns) {
  auto lexicon = Lexicon::parse("suicide_explicit\tkill myself\n");
  auto match = [&](const Conversation& turns) { return lexicon.match(tokenize_for_screening(turns)); };
  EXPECT_TRUE(match({{Role::user, "i could kill"}, {Role::user, "myself? no."}}).empty());
  EXPECT_TRUE(match({{Role::user, "hi"}, {Role::assistant, "do you want to kill myself"}}).empty());
  EXPECT_EQ(match({{Role::user, "hi"}, {Role::user, "i want to kill myself"}}).size(), 1u);
}

TEST(Lexicon, ReportsTheLineOfABadEntry) {
  try {
    Lexicon::parse("# comment\nsuicide_explicit\tok\nnot_a_category\tword\n");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("line 3"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("not_a_category"), std::string::npos);
  }
  EXPECT_THROW(Lexicon::parse("distress no tab here\n"), std::invalid_argument);
}

TEST(Lexicon, TheShippedLexiconParses) {
  auto load = [] {
    std::ifstream in(std::string(LIFEGUARD_SOURCE_DIR) + "/data/screener/lexicon.tsv");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return Lexicon::parse(buffer.str());
  };
  EXPECT_GT(load().phrase_count(), 500u);
}

}  // namespace
}  // namespace lifeguard::screener
