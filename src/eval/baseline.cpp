// Baseline comparison (see baseline.hpp).
#include "eval/baseline.hpp"

#include <fstream>
#include <map>
#include <stdexcept>

#include "eval/report_json.hpp"

namespace lifeguard {
namespace {

std::optional<double> number_at(const nlohmann::json& metrics, const nlohmann::json::json_pointer& pointer) {
  if (!metrics.contains(pointer)) return std::nullopt;
  const auto& value = metrics.at(pointer);
  if (value.is_number()) return value.get<double>();
  if (value.is_array()) return static_cast<double>(value.size());  // critical_misses lists case ids
  return std::nullopt;
}

const std::vector<std::pair<std::string, std::string>>& compared_metrics() {
  static const std::vector<std::pair<std::string, std::string>> metrics{
      {"pass_rate", "/pass_rate"},
      {"recall", "/crisis/recall"},
      {"precision", "/crisis/precision"},
      {"f1", "/crisis/f1"},
      {"benign_fpr", "/crisis/benign_false_positive_rate"},
      {"critical_misses", "/critical_misses"},
  };
  return metrics;
}

void add_deltas(const std::string& scope, const nlohmann::json& before, const nlohmann::json& after,
                std::vector<MetricDelta>& out) {
  for (const auto& [name, pointer] : compared_metrics()) {
    nlohmann::json::json_pointer at(pointer);
    out.push_back({scope, name, number_at(before, at), number_at(after, at)});
  }
}

}  // namespace

nlohmann::json read_baseline_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read baseline " + path.string());
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    throw std::invalid_argument("baseline " + path.string() + " is not valid JSON (" + std::string(error.what()) + ")");
  }
}

BaselineComparison compare_with_baseline(const EvalReport& report, const nlohmann::json& baseline) {
  if (!baseline.is_object() || !baseline.contains("format") || !baseline.contains("overall") ||
      !baseline.contains("cases") || !baseline["cases"].is_array()) {
    throw std::invalid_argument("baseline is not a report written by `lifeguard eval --json`");
  }
  if (baseline["format"] != kEvalReportFormat) {
    throw std::invalid_argument("baseline report format " + baseline["format"].dump() + " is not the supported " +
                                std::to_string(kEvalReportFormat));
  }
  BaselineComparison comparison;
  if (baseline.contains("generated_at") && baseline["generated_at"].is_string()) {
    comparison.baseline_generated_at = baseline["generated_at"].get<std::string>();
  }
  add_deltas("overall", baseline["overall"], metrics_to_json(report.summary.overall), comparison.deltas);
  const nlohmann::json empty = nlohmann::json::object();
  for (const auto& suite : report.summary.suites) {
    const auto& before = baseline.contains("suites") && baseline["suites"].contains(suite.suite)
                             ? baseline["suites"][suite.suite]
                             : empty;
    add_deltas(suite.suite, before, metrics_to_json(suite.metrics), comparison.deltas);
  }

  std::map<std::string, bool> passed_before;
  for (const auto& item : baseline["cases"]) {
    if (!item.is_object() || !item.contains("suite") || !item.contains("case_id") || !item.contains("passed") ||
        !item["suite"].is_string() || !item["case_id"].is_string() || !item["passed"].is_boolean()) {
      throw std::invalid_argument("baseline has a case without suite, case_id and passed");
    }
    passed_before[item["suite"].get<std::string>() + "/" + item["case_id"].get<std::string>()] = item["passed"].get<bool>();
  }
  for (const auto& run : report.runs) {
    const std::string key = run.suite + "/" + run.labelled.case_id;
    auto found = passed_before.find(key);
    if (found == passed_before.end()) {
      comparison.missing_from_baseline.push_back(key);
    } else if (found->second && !run.outcome.passed) {
      comparison.newly_failing.push_back(key);
    } else if (!found->second && run.outcome.passed) {
      comparison.newly_passing.push_back(key);
    }
  }
  return comparison;
}

nlohmann::json comparison_to_json(const BaselineComparison& comparison) {
  nlohmann::json deltas = nlohmann::json::array();
  for (const auto& delta : comparison.deltas) {
    nlohmann::json item{{"scope", delta.scope}, {"metric", delta.metric}};
    item["before"] = delta.before ? nlohmann::json(*delta.before) : nlohmann::json(nullptr);
    item["after"] = delta.after ? nlohmann::json(*delta.after) : nlohmann::json(nullptr);
    item["delta"] = delta.before && delta.after ? nlohmann::json(*delta.after - *delta.before) : nlohmann::json(nullptr);
    deltas.push_back(std::move(item));
  }
  return {{"baseline_generated_at", comparison.baseline_generated_at},
          {"deltas", std::move(deltas)},
          {"newly_failing", comparison.newly_failing},
          {"newly_passing", comparison.newly_passing},
          {"missing_from_baseline", comparison.missing_from_baseline}};
}

}  // namespace lifeguard
