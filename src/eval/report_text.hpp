// Plain-text forms of an evaluation run: the terminal table `lifeguard eval`
// prints and the Markdown of `--markdown FILE` (for READMEs). Both show the
// per-suite table, the overall crisis-flag figures, recall per type and per
// subject, the severity confusion matrix, latency, critical misses and, when
// given, the comparison with a baseline.
#pragma once

#include <string>

#include "eval/baseline.hpp"
#include "eval/eval_report.hpp"

namespace lifeguard {

std::string render_terminal_report(const EvalReport& report, const BaselineComparison* comparison);
std::string render_markdown_report(const EvalReport& report, const BaselineComparison* comparison);

}  // namespace lifeguard
