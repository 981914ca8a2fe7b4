// Everything one `lifeguard eval` run produced, as the report writers (JSON,
// terminal, Markdown, HTML) and the baseline comparison read it.
#pragma once

#include <string>
#include <vector>

#include "eval/metrics.hpp"
#include "eval/case_run.hpp"

namespace lifeguard {

struct EvalReport {
  std::string backend;       // "screener", "model", "remote"
  std::string model;         // which model answered
  std::string generated_at;  // ISO 8601, UTC
  std::size_t judges = 1;
  std::vector<std::string> suite_files;     // every file that was read
  std::vector<std::string> suite_problems;  // "file:case_id: problem"
  std::vector<CaseRun> runs;
  EvalSummary summary;
};

}  // namespace lifeguard
