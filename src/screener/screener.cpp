// Screener decisions: thresholds on head probabilities, then the reflection.
#include "screener/screener.hpp"

#include <algorithm>
#include <cmath>

#include "screener/reflection.hpp"
#include "screener/safety_floor.hpp"

namespace lifeguard::screener {

float sigmoid(float logit) { return 1.0f / (1.0f + std::exp(-logit)); }

std::size_t ordered_level(const float* logits, std::size_t count, float quantile) {
  float largest = *std::max_element(logits, logits + count);
  float probabilities[8];
  float total = 0.0f;
  for (std::size_t k = 0; k < count; ++k) {
    probabilities[k] = std::exp(logits[k] - largest);
    total += probabilities[k];
  }
  float cumulative = 0.0f;
  for (std::size_t k = 0; k < count; ++k) {
    cumulative += probabilities[k] / total;
    if (cumulative >= quantile) return k;
  }
  return count - 1;
}

Assessment decide(const HeadScores& scores, const Thresholds& thresholds, bool floor) {
  Assessment assessment;
  if (!floor && sigmoid(scores[kHeadCrisis]) < thresholds.crisis) return assessment;

  // Severity is the severity of a crisis, given that there is one (the
  // severity head is trained on crises only). Reading it from the mass of "no
  // risk" as well was tried: it rated real but uncertain crises, such as
  // distress plus a bridge question, as mild, against the conservative bias.
  const auto severity = static_cast<Severity>(
      ordered_level(&scores[kHeadSeverityFirst], kAllSeverities.size(), thresholds.severity_quantile));
  const auto imminence = static_cast<Imminence>(
      ordered_level(&scores[kHeadImminenceFirst], kAllImminences.size(), thresholds.imminence_quantile));

  std::size_t best_type = 0;
  for (std::size_t t = 0; t < kTypeCount; ++t) {
    if (scores[kHeadTypeFirst + t] > scores[kHeadTypeFirst + best_type]) best_type = t;
  }
  for (std::size_t t = 0; t < kTypeCount; ++t) {
    bool reported = sigmoid(scores[kHeadTypeFirst + t]) >= thresholds.type[t] || t == best_type ||
                    (floor && kAllRiskTypes[t] == RiskType::suicide);
    if (!reported) continue;
    Risk risk;
    risk.type = kAllRiskTypes[t];
    float other = sigmoid(scores[kHeadSubjectShared] + scores[kHeadSubjectTypeFirst + t]);
    risk.subject = other >= thresholds.subject_other ? Subject::other : Subject::self;
    risk.severity = severity;
    risk.imminence = imminence;
    assessment.risks.push_back(std::move(risk));
  }
  return assessment;
}

HeadScores Screener::scores(const Conversation& normalised_turns) const {
  return model_.score(extract_features(model_.lexicon(), tokenize_for_screening(normalised_turns)));
}

Screener::Scored Screener::score_with_floor(const Conversation& normalised_turns) const {
  FeatureVector features = extract_features(model_.lexicon(), tokenize_for_screening(normalised_turns));
  return {model_.score(features), safety_floor(features).has_value()};
}

ScreenerResult Screener::screen_text(std::string_view normalised_text) const {
  return screen_tokens(tokenize_for_screening(normalised_text));
}

ScreenerResult Screener::screen_turns(const Conversation& normalised_turns) const {
  return screen_tokens(tokenize_for_screening(normalised_turns));
}

ScreenerResult Screener::screen_tokens(std::vector<Token> tokens) const {
  FeatureVector features = extract_features(model_.lexicon(), std::move(tokens));
  std::vector<float> signal_crisis_weights;
  HeadScores scores = model_.score(features, &signal_crisis_weights);
  ScreenerResult result;
  result.crisis_probability = sigmoid(scores[kHeadCrisis]);
  auto floor = safety_floor(features);
  result.floor_signal = floor.has_value();
  result.safety_floor = floor.has_value() && result.crisis_probability < model_.thresholds().crisis;
  result.assessment = decide(scores, model_.thresholds(), result.safety_floor);
  annotate_features(features, result.assessment);
  result.assessment.reflection = write_reflection(model_, features, signal_crisis_weights, result.assessment,
                                                 result.crisis_probability);
  if (result.safety_floor) result.assessment.reflection = describe_safety_floor(features, *floor) + " " + result.assessment.reflection;
  return result;
}

}  // namespace lifeguard::screener
