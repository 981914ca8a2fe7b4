// One self-contained HTML page for an evaluation run: summary figures, SVG
// charts (pass rate per suite, recall per risk type, the severity confusion
// matrix) and the failures with expected vs got and the case's rationale.
// No external resources; every string from the suites, the backend or its
// errors is escaped. Failed cases are listed critical misses first, with any
// case whose backend call failed (it may have scored as a pass). The page's one
// inline script records each chart's rendered size (data-rendered="WxH" on
// the .chart SVGs, data-charts on <body>) so a browser test can check layout.
#pragma once

#include <string>

#include "eval/eval_report.hpp"

namespace lifeguard {

std::string render_html_report(const EvalReport& report);

}  // namespace lifeguard
