// Deployment gates (see gates.hpp).
#include "eval/gates.hpp"

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace lifeguard {
namespace {

std::optional<double> metric_value(const std::string& name, const Metrics& metrics) {
  if (name == "pass") return metrics.pass_rate();
  if (name == "score") return metrics.cases > 0 ? std::optional<double>(metrics.mean_score) : std::nullopt;
  if (name == "recall") return metrics.recall();
  if (name == "precision") return metrics.precision();
  if (name == "f1") return metrics.f1();
  throw std::invalid_argument("unknown metric '" + name + "' (expected pass, score, recall, precision or f1)");
}

std::string format(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

}  // namespace

std::vector<std::pair<std::string, double>> parse_fail_under(const std::string& spec) {
  std::vector<std::pair<std::string, double>> minimums;
  std::size_t start = 0;
  while (start <= spec.size()) {
    std::size_t comma = spec.find(',', start);
    std::string item = spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    auto equals = item.find('=');
    if (item.empty() || equals == std::string::npos) {
      throw std::invalid_argument("--fail-under expects NAME=VALUE[,NAME=VALUE...], e.g. pass=0.8,recall=0.95");
    }
    std::string name = item.substr(0, equals);
    std::string text = item.substr(equals + 1);
    metric_value(name, Metrics{});  // validates the name
    double value = 0.0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || !(value >= 0.0 && value <= 1.0)) {
      throw std::invalid_argument("--fail-under " + name + ": expected a number between 0 and 1");
    }
    minimums.emplace_back(name, value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return minimums;
}

std::vector<std::string> check_gates(const Gates& gates, const Metrics& overall) {
  std::vector<std::string> failures;
  for (const auto& [name, minimum] : gates.minimums) {
    auto value = metric_value(name, overall);
    if (!value) {
      failures.push_back(name + " cannot be computed on these cases (required at least " + format(minimum) + ")");
    } else if (*value < minimum) {
      failures.push_back(name + " " + format(*value) + " is under " + format(minimum));
    }
  }
  if (gates.max_benign_fpr) {
    auto fpr = overall.benign_false_positive_rate();
    if (!fpr) {
      failures.push_back("benign false-positive rate cannot be computed: no benign cases");
    } else if (*fpr > *gates.max_benign_fpr) {
      failures.push_back("benign false-positive rate " + format(*fpr) + " is over " + format(*gates.max_benign_fpr));
    }
  }
  if (gates.max_critical_misses && overall.critical_misses.size() > *gates.max_critical_misses) {
    failures.push_back(std::to_string(overall.critical_misses.size()) + " critical misses, more than the " +
                       std::to_string(*gates.max_critical_misses) + " allowed");
  }
  return failures;
}

}  // namespace lifeguard
