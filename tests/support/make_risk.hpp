// Test helper: a Risk in one expression.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/assessment.hpp"
#include "eval/labelled_case.hpp"

namespace lifeguard::test_support {

inline Risk make_risk(Subject subject, RiskType type, std::optional<Severity> severity,
                      std::optional<Imminence> imminence = std::nullopt, std::vector<std::string> features = {}) {
  Risk risk;
  risk.subject = subject;
  risk.type = type;
  risk.severity = severity;
  risk.imminence = imminence;
  risk.features = std::move(features);
  return risk;
}

// An expected (subject, type) with a severity, as suites write them.
inline ExpectedRisk expect(Subject subject, RiskType type, Severity severity) {
  ExpectedRisk risk;
  risk.subject = subject;
  risk.type = type;
  risk.severity = severity;
  return risk;
}

}  // namespace lifeguard::test_support
