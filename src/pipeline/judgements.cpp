// Multi-judge combination (see judgements.hpp).
#include "pipeline/judgements.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <utility>

namespace lifeguard {
namespace {

using RiskId = std::pair<Subject, RiskType>;

std::set<RiskId> risk_ids(const Assessment& assessment) {
  std::set<RiskId> ids;
  for (const auto& risk : assessment.risks) ids.insert({risk.subject, risk.type});
  return ids;
}

double jaccard(const std::set<RiskId>& a, const std::set<RiskId>& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::size_t shared = 0;
  for (const auto& id : a) shared += b.count(id);
  return static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
}

}  // namespace

CombinedJudgement combine_judgements(const std::vector<Assessment>& judgements, double min_vote_share) {
  if (judgements.empty()) throw std::invalid_argument("combine_judgements: no judgements");
  min_vote_share = std::clamp(min_vote_share, 0.0, 1.0);
  const std::size_t judges = judgements.size();
  const auto needed = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(min_vote_share * static_cast<double>(judges) - 1e-9)));

  std::vector<std::set<RiskId>> ids;
  for (const auto& judgement : judgements) ids.push_back(risk_ids(judgement));

  CombinedJudgement combined;
  std::vector<RiskId> order;  // first-reported order, so output is stable
  for (const auto& judgement : judgements) {
    for (const auto& risk : judgement.risks) {
      RiskId id{risk.subject, risk.type};
      if (std::find(order.begin(), order.end(), id) == order.end()) order.push_back(id);
    }
  }
  for (const auto& id : order) {
    std::size_t votes = 0;
    for (const auto& set : ids) votes += set.count(id);
    if (votes < needed) continue;
    Risk merged;
    merged.subject = id.first;
    merged.type = id.second;
    for (const auto& judgement : judgements) {
      for (const auto& risk : judgement.risks) {
        if (risk.subject != id.first || risk.type != id.second) continue;
        if (risk.severity && (!merged.severity || *risk.severity > *merged.severity)) merged.severity = risk.severity;
        if (risk.imminence && (!merged.imminence || *risk.imminence > *merged.imminence)) merged.imminence = risk.imminence;
        for (const auto& feature : risk.features) {
          if (std::find(merged.features.begin(), merged.features.end(), feature) == merged.features.end()) {
            merged.features.push_back(feature);
          }
        }
      }
    }
    combined.assessment.risks.push_back(std::move(merged));
  }

  std::size_t best = 0;
  std::size_t best_kept = 0;
  for (std::size_t j = 0; j < judges; ++j) {
    std::size_t kept = 0;
    for (const auto& risk : combined.assessment.risks) kept += ids[j].count({risk.subject, risk.type});
    if (kept > best_kept) {
      best = j;
      best_kept = kept;
    }
  }
  combined.assessment.reflection = judgements[best].reflection;

  if (judges > 1) {
    double sum = 0.0;
    std::size_t pairs = 0;
    for (std::size_t a = 0; a < judges; ++a) {
      for (std::size_t b = a + 1; b < judges; ++b) {
        sum += jaccard(ids[a], ids[b]);
        ++pairs;
      }
    }
    combined.agreement = sum / static_cast<double>(pairs);
  }
  return combined;
}

}  // namespace lifeguard
