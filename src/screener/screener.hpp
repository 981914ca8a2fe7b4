// The embedded screener: message text -> Assessment in microseconds. A linear
// model over hashed n-grams and lexicon signals (see features.hpp), with
// operating thresholds chosen for recall (see trainer.hpp). Used as the
// default backend and as stage 1 of /v1/evaluate.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/assessment.hpp"
#include "screener/model.hpp"
#include "screener/tokens.hpp"
#include "text/conversation.hpp"

namespace lifeguard::screener {

struct ScreenerResult {
  Assessment assessment;
  float crisis_probability = 0.0f;
  bool safety_floor = false;  // reported because of the safety floor, not the score
  bool floor_signal = false;  // the floor's condition holds (explicit unframed intent), whatever the score
};

class Screener {
 public:
  explicit Screener(const ScreenerModel& model) : model_(model) {}
  // The model compiled into the library.
  static Screener embedded() { return Screener(ScreenerModel::embedded()); }

  // One message, already normalised (normalize_message).
  ScreenerResult screen_text(std::string_view normalised_text) const;
  // Turns already normalised (normalise_conversation, or PreparedInput::conversation).
  ScreenerResult screen_turns(const Conversation& normalised_turns) const;

  // Head scores only, without building the assessment (benchmarks).
  HeadScores scores(const Conversation& normalised_turns) const;
  // Head scores and whether the safety floor applies (training, calibration).
  struct Scored {
    HeadScores scores;
    bool floor = false;
  };
  Scored score_with_floor(const Conversation& normalised_turns) const;

  const ScreenerModel& model() const { return model_; }

 private:
  ScreenerResult screen_tokens(std::vector<Token> tokens) const;

  const ScreenerModel& model_;
};

// Decision rule shared with the trainer's calibration: scores -> assessment,
// without the reflection. `floor` (safety_floor.hpp) reports a crisis whatever
// the crisis score, with the suicide type among the risks.
Assessment decide(const HeadScores& scores, const Thresholds& thresholds, bool floor = false);

// Level chosen from a softmax over ordered classes: the smallest level whose
// cumulative probability reaches `quantile` (a low quantile is conservative).
std::size_t ordered_level(const float* logits, std::size_t count, float quantile);

float sigmoid(float logit);

}  // namespace lifeguard::screener
