// Combining several judgements of one input (multi-judge mode: the same model
// sampled N times, or N prompt variants) into one conservative Assessment.
//
// Rule (docs/evaluation.md):
//  - a risk, identified by (subject, type), is kept when at least
//    `min_vote_share` of the judges report it (default: any one judge);
//  - its severity is the highest any judge gave it, its imminence the most
//    urgent, its features the union;
//  - the reflection is that of the first judge that reported the most risks
//    kept (ties: the first judge);
//  - agreement is the mean, over all pairs of judges, of the Jaccard
//    similarity of their (subject, type) sets (two empty sets agree fully);
//    a single judgement has agreement 1.
#pragma once

#include <vector>

#include "core/assessment.hpp"

namespace lifeguard {

struct CombinedJudgement {
  Assessment assessment;
  double agreement = 1.0;
};

// `judgements` must not be empty; `min_vote_share` is clamped to [0, 1].
CombinedJudgement combine_judgements(const std::vector<Assessment>& judgements, double min_vote_share = 0.0);

}  // namespace lifeguard
