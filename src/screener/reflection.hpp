// Explains a screener decision in one to three sentences, naming the signals
// that drove it (with the words that fired them), and fills each risk's
// `features` list from the same signals.
#pragma once

#include <string>

#include "core/assessment.hpp"
#include "screener/features.hpp"
#include "screener/model.hpp"
#include "screener/safety_floor.hpp"

namespace lifeguard::screener {

void annotate_features(const FeatureVector& features, Assessment& assessment);

// `signal_crisis_weights`: each signal's weight on the crisis head, as
// ScreenerModel::score reports them.
std::string write_reflection(const ScreenerModel& model, const FeatureVector& features,
                             const std::vector<float>& signal_crisis_weights, const Assessment& assessment,
                             float crisis_probability);

// One sentence saying why the safety floor reported a crisis, quoting the words.
std::string describe_safety_floor(const FeatureVector& features, SafetyFloor floor);

}  // namespace lifeguard::screener
