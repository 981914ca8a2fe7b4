// Safety floor (see safety_floor.hpp).
#include "screener/safety_floor.hpp"

#include <algorithm>

namespace lifeguard::screener {
namespace {

bool present(const FeatureVector& features, Category category) {
  return features.evidence[static_cast<std::size_t>(category)].token_count > 0;
}

bool framed_otherwise(const FeatureVector& features) {
  for (Category frame : {Category::humour, Category::hyperbole_target, Category::gaming, Category::fiction,
                         Category::news_education, Category::clinical, Category::past_recovery, Category::clarification}) {
    if (present(features, frame)) return true;
  }
  return false;
}

}  // namespace

std::optional<SafetyFloor> safety_floor(const FeatureVector& features) {
  if (framed_otherwise(features)) return std::nullopt;
  // `evidence` holds non-negated matches only: "i dont want to die" does not count.
  if (present(features, Category::explicit_intent)) return SafetyFloor::explicit_intent;
  const Signal method{SignalKind::composite, static_cast<std::uint8_t>(Composite::method_seeking), 0};
  if (std::find(features.signals.begin(), features.signals.end(), method) != features.signals.end()) {
    return SafetyFloor::method_seeking;
  }
  return std::nullopt;
}

}  // namespace lifeguard::screener
