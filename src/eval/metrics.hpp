// Aggregate figures of an evaluation run (SPEC §5), for all cases and per
// suite: pass rate, crisis-flag recall/precision/F1, false-positive rate on
// benign cases, per-type and per-subject recall, a severity confusion matrix,
// critical misses and latency percentiles.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "eval/case_run.hpp"

namespace lifeguard {

struct Tally {
  std::size_t hits = 0;
  std::size_t total = 0;
  std::optional<double> rate() const;  // absent when total is 0
};

inline constexpr std::size_t kSeverityLevels = 5;  // none, mild, moderate, high, critical

struct Metrics {
  std::size_t cases = 0;
  std::size_t passed = 0;
  std::size_t errors = 0;  // backend calls that failed
  double mean_score = 0.0;
  // Crisis flag: expected_crisis against "any risk reported".
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t false_negatives = 0;
  std::size_t true_negatives = 0;
  std::size_t high_discrepancies = 0;
  std::vector<std::string> critical_misses;  // case ids
  // Per expected risk type: was that type reported (for any subject)?
  std::map<std::string, Tally> type_recall;
  // Per expected subject: was that exact (subject, type) pair reported?
  std::map<std::string, Tally> subject_recall;
  // [expected speaker severity][reported speaker severity], none..critical.
  std::array<std::array<std::size_t, kSeverityLevels>, kSeverityLevels> severity_confusion{};
  double latency_p50_ms = 0.0;
  double latency_p95_ms = 0.0;
  std::optional<double> mean_agreement;  // when cases were judged several times

  std::optional<double> pass_rate() const;
  std::optional<double> recall() const;
  std::optional<double> precision() const;
  std::optional<double> f1() const;
  std::optional<double> benign_false_positive_rate() const;
};

struct SuiteMetrics {
  std::string suite;
  Metrics metrics;
};

struct EvalSummary {
  Metrics overall;
  std::vector<SuiteMetrics> suites;  // in the order the suites ran
};

Metrics compute_metrics(const std::vector<const CaseRun*>& runs);
EvalSummary summarise(const std::vector<CaseRun>& runs);

// "self/suicide" style key of an expected or reported risk.
std::string risk_key(Subject subject, RiskType type);

}  // namespace lifeguard
