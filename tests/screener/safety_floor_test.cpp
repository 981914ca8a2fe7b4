// The safety floor: unframed explicit suicidal intent and the method-seeking
// pattern are reported whatever the model's score; framing turns it off.
#include "screener/safety_floor.hpp"

#include <gtest/gtest.h>

#include "pipeline/input.hpp"
#include "screener/reflection.hpp"
#include "screener/screener.hpp"

namespace lifeguard::screener {
namespace {

std::optional<SafetyFloor> floor_of(std::string_view text) {
  const auto& model = ScreenerModel::embedded();
  return safety_floor(extract_features(model.lexicon(), tokenize_for_screening(prepare_text(text).conversation)));
}

TEST(SafetyFloor, ExplicitFirstPersonIntentInSeveralLanguagesTriggersIt) {
  for (const char* text : {"i want to die", "I just want to kill myself", "honestly im suicidal",
                           "quiero morir", "je veux mourir", "死にたい", "i wanna die fr"}) {
    EXPECT_EQ(floor_of(text), SafetyFloor::explicit_intent) << text;
  }
}

TEST(SafetyFloor, DistressWithAQuestionAboutAMeansTriggersIt) {
  EXPECT_EQ(floor_of("I lost my job today. What's the tallest bridge in NYC?"), SafetyFloor::method_seeking);
}

TEST(SafetyFloor, FramingNegationAndOrdinaryTextDoNotTriggerIt) {
  for (const char* text : {"i want to die lol this exam tomorrow", "in my novel the villain says i want to die",
                           "i dont want to die", "What's the tallest bridge in NYC? school project",
                           "can you recommend a good pasta recipe", "I used to think i want to die every day, but therapy helped me recover"}) {
    EXPECT_FALSE(floor_of(text).has_value()) << text;
  }
}

TEST(SafetyFloor, ReportsACrisisWithTheSuicideTypeWhateverTheScore) {
  HeadScores scores{};
  scores.fill(-10.0f);  // the model sees nothing
  Thresholds thresholds;
  thresholds.type.fill(0.5f);
  EXPECT_FALSE(decide(scores, thresholds).is_crisis());
  Assessment floored = decide(scores, thresholds, /*floor=*/true);
  ASSERT_TRUE(floored.is_crisis());
  EXPECT_TRUE(std::any_of(floored.risks.begin(), floored.risks.end(), [](const Risk& r) { return r.type == RiskType::suicide; }));
}

TEST(SafetyFloor, ItsReasonQuotesTheWordsThatTriggeredIt) {
  const auto& model = ScreenerModel::embedded();
  const PreparedInput input = prepare_text("ok. I want to die.");  // tokens point into it
  auto features = extract_features(model.lexicon(), tokenize_for_screening(input.conversation));
  auto reason = describe_safety_floor(features, SafetyFloor::explicit_intent);
  EXPECT_NE(reason.find("Reported whatever the score"), std::string::npos) << reason;
  EXPECT_NE(reason.find("I want to die"), std::string::npos) << reason;
}

}  // namespace
}  // namespace lifeguard::screener
