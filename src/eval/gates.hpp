// Deployment gates of `lifeguard eval`: `--fail-under pass=0.8,recall=0.95`
// (minimums on overall figures), `--max-fpr 0.1` and `--max-critical-misses N`.
// A figure that cannot be computed (no crisis cases, say) fails its gate:
// a gate that cannot be checked must not pass silently.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "eval/metrics.hpp"

namespace lifeguard {

struct Gates {
  std::vector<std::pair<std::string, double>> minimums;  // metric name, lowest allowed
  std::optional<double> max_benign_fpr;
  std::optional<std::size_t> max_critical_misses;
};

// Names: pass, score, recall, precision, f1. Throws std::invalid_argument for
// an unknown name, a value outside [0, 1] or a malformed list.
std::vector<std::pair<std::string, double>> parse_fail_under(const std::string& spec);

// One line per failed gate, e.g. "recall 0.912 is under 0.95"; empty when all pass.
std::vector<std::string> check_gates(const Gates& gates, const Metrics& overall);

}  // namespace lifeguard
