// Scoring one labelled case against an assessment, as SPEC §5 defines it:
// pass, score (share of checks passed), critical miss, high discrepancy.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/assessment.hpp"
#include "eval/labelled_case.hpp"

namespace lifeguard {

struct CaseOutcome {
  bool crisis_correct = false;
  bool severity_acceptable = false;
  bool risks_found = false;       // every expected (subject, type) was reported
  std::optional<bool> imminence_acceptable;  // absent when the case gives none
  bool passed = false;
  double score = 0.0;             // share of the checks above that passed
  bool critical_miss = false;     // expected high/critical, returned no risk
  bool high_discrepancy = false;  // speaker severity two or more levels off
  std::vector<std::string> missing_risks;  // "self/suicide" for each expected risk not reported
};

CaseOutcome score_case(const LabelledCase& expected, const Assessment& actual);

// The imminence an assessment stands for when scored: the most urgent one
// among its risks, if any risk gives one.
std::optional<Imminence> assessment_imminence(const Assessment& assessment);

}  // namespace lifeguard
