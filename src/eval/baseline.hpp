// Comparing an evaluation run with an earlier one (`--baseline old.json`, a
// file written by `--json`): metric deltas overall and per suite, and the
// cases that newly fail or newly pass.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/eval_report.hpp"

namespace lifeguard {

struct MetricDelta {
  std::string scope;   // "overall" or a suite name
  std::string metric;  // "pass_rate", "recall", "precision", "f1", "benign_fpr", "critical_misses"
  std::optional<double> before;
  std::optional<double> after;
};

struct BaselineComparison {
  std::string baseline_generated_at;
  std::vector<MetricDelta> deltas;
  std::vector<std::string> newly_failing;  // "suite/case_id"
  std::vector<std::string> newly_passing;
  std::vector<std::string> missing_from_baseline;  // cases the baseline did not have
};

// Throws std::invalid_argument naming what is wrong with the baseline file.
BaselineComparison compare_with_baseline(const EvalReport& report, const nlohmann::json& baseline);
nlohmann::json read_baseline_file(const std::filesystem::path& path);
nlohmann::json comparison_to_json(const BaselineComparison& comparison);

}  // namespace lifeguard
