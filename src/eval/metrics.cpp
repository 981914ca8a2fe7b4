// Evaluation metrics (see metrics.hpp).
#include "eval/metrics.hpp"

#include <algorithm>
#include <cmath>

namespace lifeguard {
namespace {

std::optional<double> ratio(std::size_t numerator, std::size_t denominator) {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

// Nearest-rank percentile of sorted values.
double percentile(const std::vector<double>& sorted, double share) {
  if (sorted.empty()) return 0.0;
  auto rank = static_cast<std::size_t>(std::ceil(share * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

std::optional<double> Tally::rate() const { return ratio(hits, total); }

std::optional<double> Metrics::pass_rate() const { return ratio(passed, cases); }
std::optional<double> Metrics::recall() const { return ratio(true_positives, true_positives + false_negatives); }
std::optional<double> Metrics::precision() const { return ratio(true_positives, true_positives + false_positives); }
std::optional<double> Metrics::benign_false_positive_rate() const {
  return ratio(false_positives, false_positives + true_negatives);
}
std::optional<double> Metrics::f1() const {
  auto r = recall();
  auto p = precision();
  if (!r || !p) return std::nullopt;
  if (*r + *p == 0.0) return 0.0;
  return 2.0 * *r * *p / (*r + *p);
}

std::string risk_key(Subject subject, RiskType type) {
  return std::string(to_string(subject)) + "/" + std::string(to_string(type));
}

Metrics compute_metrics(const std::vector<const CaseRun*>& runs) {
  Metrics metrics;
  std::vector<double> latencies;
  double score_sum = 0.0;
  double agreement_sum = 0.0;
  std::size_t agreements = 0;
  for (const CaseRun* run : runs) {
    const LabelledCase& labelled = run->labelled;
    const Assessment& got = run->assessment;
    ++metrics.cases;
    if (run->outcome.passed) ++metrics.passed;
    if (!run->error.empty()) ++metrics.errors;
    score_sum += run->outcome.score;
    latencies.push_back(run->latency_ms);
    if (run->agreement) {
      agreement_sum += *run->agreement;
      ++agreements;
    }

    const bool flagged = got.is_crisis();
    if (labelled.expected_crisis) {
      ++(flagged ? metrics.true_positives : metrics.false_negatives);
    } else {
      ++(flagged ? metrics.false_positives : metrics.true_negatives);
    }
    if (run->outcome.high_discrepancy) ++metrics.high_discrepancies;
    if (run->outcome.critical_miss) metrics.critical_misses.push_back(labelled.case_id);

    for (const auto& expected : labelled.expected_risks) {
      Tally& by_type = metrics.type_recall[std::string(to_string(expected.type))];
      ++by_type.total;
      if (std::any_of(got.risks.begin(), got.risks.end(), [&](const Risk& r) { return r.type == expected.type; })) {
        ++by_type.hits;
      }
      Tally& by_subject = metrics.subject_recall[std::string(to_string(expected.subject))];
      ++by_subject.total;
      if (std::any_of(got.risks.begin(), got.risks.end(), [&](const Risk& r) {
            return r.type == expected.type && (r.subject == expected.subject || expected.subject == Subject::unknown);
          })) {
        ++by_subject.hits;
      }
    }
    auto expected_level = static_cast<std::size_t>(labelled.expected_speaker_severity);
    auto got_level = static_cast<std::size_t>(got.speaker_severity());
    ++metrics.severity_confusion[expected_level][got_level];
  }
  if (metrics.cases > 0) metrics.mean_score = score_sum / static_cast<double>(metrics.cases);
  if (agreements > 0) metrics.mean_agreement = agreement_sum / static_cast<double>(agreements);
  std::sort(latencies.begin(), latencies.end());
  metrics.latency_p50_ms = percentile(latencies, 0.50);
  metrics.latency_p95_ms = percentile(latencies, 0.95);
  return metrics;
}

EvalSummary summarise(const std::vector<CaseRun>& runs) {
  EvalSummary summary;
  std::vector<const CaseRun*> all;
  std::vector<std::string> order;  // suites in the order they first appear
  std::map<std::string, std::vector<const CaseRun*>> by_suite;
  for (const auto& run : runs) {
    all.push_back(&run);
    auto& suite_runs = by_suite[run.suite];
    if (suite_runs.empty()) order.push_back(run.suite);
    suite_runs.push_back(&run);
  }
  summary.overall = compute_metrics(all);
  for (const auto& name : order) summary.suites.push_back({name, compute_metrics(by_suite[name])});
  return summary;
}

}  // namespace lifeguard
