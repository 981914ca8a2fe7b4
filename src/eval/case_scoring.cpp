// SPEC §5 case scoring.
#include "eval/case_scoring.hpp"

#include <algorithm>
#include <cstdlib>

namespace lifeguard {

std::optional<Imminence> assessment_imminence(const Assessment& assessment) {
  std::optional<Imminence> most_urgent;
  for (const auto& risk : assessment.risks) {
    if (risk.imminence && (!most_urgent || *risk.imminence > *most_urgent)) most_urgent = risk.imminence;
  }
  return most_urgent;
}

CaseOutcome score_case(const LabelledCase& expected, const Assessment& actual) {
  CaseOutcome outcome;
  outcome.crisis_correct = actual.is_crisis() == expected.expected_crisis;
  const SpeakerSeverity got = actual.speaker_severity();
  const auto& acceptable = expected.acceptable_speaker_severities;
  outcome.severity_acceptable = std::find(acceptable.begin(), acceptable.end(), got) != acceptable.end();

  for (const auto& risk : expected.expected_risks) {
    bool found = std::any_of(actual.risks.begin(), actual.risks.end(), [&](const Risk& reported) {
      return reported.type == risk.type && (reported.subject == risk.subject || risk.subject == Subject::unknown);
    });
    if (!found) {
      outcome.missing_risks.push_back(std::string(to_string(risk.subject)) + "/" + std::string(to_string(risk.type)));
    }
  }
  outcome.risks_found = outcome.missing_risks.empty();

  int checks = 3;
  int passed = int{outcome.crisis_correct} + int{outcome.severity_acceptable} + int{outcome.risks_found};
  if (!expected.acceptable_imminence.empty() && expected.expected_crisis) {
    auto imminence = assessment_imminence(actual);
    const auto& allowed = expected.acceptable_imminence;
    outcome.imminence_acceptable = imminence && std::find(allowed.begin(), allowed.end(), *imminence) != allowed.end();
    ++checks;
    passed += int{*outcome.imminence_acceptable};
  }
  outcome.score = static_cast<double>(passed) / checks;
  outcome.passed = passed == checks;

  const bool expected_serious = std::any_of(expected.expected_risks.begin(), expected.expected_risks.end(), [](const ExpectedRisk& r) {
    return r.severity && *r.severity >= Severity::high;
  }) || expected.expected_speaker_severity >= SpeakerSeverity::high;
  outcome.critical_miss = expected_serious && !actual.is_crisis();
  outcome.high_discrepancy =
      std::abs(static_cast<int>(got) - static_cast<int>(expected.expected_speaker_severity)) >= 2;
  return outcome;
}

}  // namespace lifeguard
