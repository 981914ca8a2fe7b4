// Compositional signals: the screener reads words in context.
#include "screener/features.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace lifeguard::screener {
namespace {

const Lexicon& test_lexicon() {
  static const Lexicon lexicon = Lexicon::parse(
      "suicide_explicit\tkill myself\nnegation\tnot\nnegation\tnever\nhumour\tlol\ndistress\tlost my job\n"
      "means\tbridge\nlocation_query\ttallest\nthird_party\tmy friend\npast_recovery\tused to\n");
  return lexicon;
}

bool has(const FeatureVector& features, Signal signal) {
  return std::find(features.signals.begin(), features.signals.end(), signal) != features.signals.end();
}

Signal present(Category c) { return {SignalKind::present, static_cast<std::uint8_t>(c)}; }
Signal negated(Category c) { return {SignalKind::negated, static_cast<std::uint8_t>(c)}; }
Signal crossed(Category c, Category m) {
  return {SignalKind::crossed, static_cast<std::uint8_t>(c), static_cast<std::uint8_t>(m)};
}
Signal composite(Composite c) { return {SignalKind::composite, static_cast<std::uint8_t>(c)}; }

FeatureVector features_of(std::string_view text) { return extract_features(test_lexicon(), tokenize_for_screening(text)); }

TEST(ScreenerFeatures, NegationJustBeforeAPhraseNegatesIt) {
  auto features = features_of("i would never kill myself");
  EXPECT_TRUE(has(features, negated(Category::suicide_explicit)));
  EXPECT_FALSE(has(features, present(Category::suicide_explicit)));
}

TEST(ScreenerFeatures, NegationFarAwayDoesNotNegate) {
  auto features = features_of("not sure why but today i want to kill myself");
  EXPECT_TRUE(has(features, present(Category::suicide_explicit)));
}

TEST(ScreenerFeatures, DistressPlusMeansPlusQuestionIsMethodSeeking) {
  auto features = features_of("I lost my job. which is the tallest bridge around here?");
  EXPECT_TRUE(has(features, composite(Composite::method_seeking)));
  auto tourist = features_of("which is the tallest bridge around here?");
  EXPECT_FALSE(has(tourist, composite(Composite::method_seeking)));
  EXPECT_TRUE(has(tourist, composite(Composite::means_question)));
}

TEST(ScreenerFeatures, RiskWordsAreCrossedWithTheirContext) {
  EXPECT_TRUE(has(features_of("gonna kill myself lol"), crossed(Category::suicide_explicit, Category::humour)));
  EXPECT_TRUE(has(features_of("my friend wants to kill myself she said"),
                  crossed(Category::suicide_explicit, Category::third_party)));
  EXPECT_TRUE(has(features_of("i used to want to kill myself"), crossed(Category::suicide_explicit, Category::past_recovery)));
}

TEST(ScreenerFeatures, EvidenceKeepsTheWordsThatFired) {
  auto features = features_of("honestly I want to KILL MYSELF");
  const auto& match = features.evidence[static_cast<std::size_t>(Category::suicide_explicit)];
  ASSERT_EQ(match.token_count, 2u);
  EXPECT_EQ(features.tokens[match.first_token].surface, "KILL");
}

TEST(ScreenerFeatures, LateDisclosureInAConversationIsItsOwnSignal) {
  Conversation turns = {{Role::user, "can you help with math"}, {Role::assistant, "sure"},
                        {Role::user, "actually i want to kill myself"}};
  auto features = extract_features(test_lexicon(), tokenize_for_screening(turns));
  EXPECT_TRUE(has(features, composite(Composite::late_disclosure)));
}

}  // namespace
}  // namespace lifeguard::screener
