// The screener's safety floor: two patterns are always reported as a crisis,
// whatever the model's score, because missing them costs far more than a
// false alarm and a linear model trained on many jokes ("i want to die lol
// this exam") can learn to discount them:
//  - explicit first-person suicidal intent ("i want to die", lexicon
//    category explicit_intent), not negated;
//  - the compositional method-seeking pattern (distress + a means + a
//    question about places or amounts, SPEC §5's bridge example);
// each only when nothing in the message frames it otherwise (humour,
// hyperbole about a target, gaming, fiction, news or education, clinical
// talk, a recovery narrative, a later clarification).
#pragma once

#include <optional>

#include "core/taxonomy.hpp"
#include "screener/features.hpp"

namespace lifeguard::screener {

enum class SafetyFloor { explicit_intent, method_seeking };

std::optional<SafetyFloor> safety_floor(const FeatureVector& features);

}  // namespace lifeguard::screener
