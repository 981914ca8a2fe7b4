// Running labelled suites through a Backend: every case assessed (in
// parallel), timed and scored as SPEC §5 says. A case whose backend call fails
// is kept, scored as "no risk reported" and marked with the error, so a broken
// backend can never look like a good one.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/assessment.hpp"
#include "eval/case_scoring.hpp"
#include "eval/labelled_case.hpp"
#include "pipeline/backend.hpp"

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

struct RunOptions {
  std::size_t jobs = 1;  // cases assessed at once
  // Called after each case with (done, total), from the worker threads, one call at a time.
  std::function<void(std::size_t, std::size_t)> progress;
};

// Cases come back in suite order, then case order, whatever the parallelism.
std::vector<CaseRun> run_suites(const std::vector<LabelledSuite>& suites, const Backend& backend,
                                const RunOptions& options);

}  // namespace lifeguard
