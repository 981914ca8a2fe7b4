// The JSON form of an evaluation run (`lifeguard eval --json FILE`): every
// metric, overall and per suite, and every case's outcome with what was
// expected and what came back. Also what `--baseline` reads back.
#pragma once

#include <nlohmann/json.hpp>

#include "eval/eval_report.hpp"

namespace lifeguard {

inline constexpr int kEvalReportFormat = 1;

nlohmann::json metrics_to_json(const Metrics& metrics);
nlohmann::json report_to_json(const EvalReport& report);

}  // namespace lifeguard
