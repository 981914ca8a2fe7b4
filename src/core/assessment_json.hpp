// JSON form of an Assessment (the stable API shape):
// {"reflection": str,
//  "risks": [{"subject","type","severity","imminence","features":[...]}],
//  "is_crisis": bool, "speaker_severity": "none|mild|...", "show_resources": bool}
// `imminence` is omitted when unknown; `severity` is null when unknown.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/assessment.hpp"

namespace lifeguard {

nlohmann::json to_json(const Assessment& assessment);
nlohmann::json to_json(const Risk& risk);

struct AssessmentFromJson {
  Assessment assessment;
  std::vector<std::string> problems;  // e.g. "risks[1].type: unknown value 'extremism'"
};

// Reads the shape written by to_json (derived fields are ignored: they are
// recomputed). Never throws; a risk with an unknown subject/type is dropped and
// reported.
AssessmentFromJson assessment_from_json(const nlohmann::json& value);

}  // namespace lifeguard
