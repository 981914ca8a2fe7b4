// Running labelled suites through a Backend: every case prepared like any
// caller's input, assessed (in parallel), timed and scored (eval/case_run.hpp).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "eval/case_run.hpp"
#include "pipeline/backend.hpp"

namespace lifeguard {

struct RunOptions {
  std::size_t jobs = 1;  // cases assessed at once
  // Called after each case with (done, total), from the worker threads, one call at a time.
  std::function<void(std::size_t, std::size_t)> progress;
};

// Cases come back in suite order, then case order, whatever the parallelism.
std::vector<CaseRun> run_suites(const std::vector<LabelledSuite>& suites, const Backend& backend,
                                const RunOptions& options);

}  // namespace lifeguard
