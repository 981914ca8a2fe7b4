// One crisis assessment: the reflection (why) and the risks found (who, what,
// how severe, how soon), plus the values derived from them (SPEC §2).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/taxonomy.hpp"

namespace lifeguard {

struct Risk {
  Subject subject = Subject::unknown;
  RiskType type = RiskType::suicide;
  // Absent only when model output named a severity we could not read; the
  // problem is reported by the parser. Such a risk still counts as a crisis.
  std::optional<Severity> severity;
  std::optional<Imminence> imminence;
  std::vector<std::string> features;  // snake_case indicators, in the order given

  bool operator==(const Risk&) const = default;
};

struct Assessment {
  std::string reflection;
  std::vector<Risk> risks;

  bool operator==(const Assessment&) const = default;

  // At least one risk.
  bool is_crisis() const;
  // Highest severity among subject=self risks; `none` if there are none. A self
  // risk whose severity is unknown counts as mild (it is still a risk).
  SpeakerSeverity speaker_severity() const;
  // True whenever any risk is reported (conservative), so callers show resources.
  bool show_resources() const;
};

}  // namespace lifeguard
