// One labelled case as a backend answered it: what came back, how long it
// took, and its SPEC §5 outcome. A case whose backend call failed is kept,
// scored as "no risk reported" and marked with the error, so a broken backend
// can never look like a good one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/assessment.hpp"
#include "eval/case_scoring.hpp"
#include "eval/labelled_case.hpp"

namespace lifeguard {

struct CaseRun {
  std::string suite;
  LabelledCase labelled;
  Assessment assessment;               // empty when the call failed
  std::string error;                   // why the backend call failed; empty on success
  std::vector<std::string> problems;   // e.g. model output that did not parse cleanly
  std::vector<Assessment> judgements;  // each judge's answer when several judged
  std::optional<double> agreement;     // between those judgements
  CaseOutcome outcome;
  double latency_ms = 0.0;
};

}  // namespace lifeguard
