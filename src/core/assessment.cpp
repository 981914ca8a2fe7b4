// Values derived from an assessment's risks (SPEC §2). They are computed on
// demand, never stored, so they can never disagree with the risks.
#include "core/assessment.hpp"

#include <algorithm>

namespace lifeguard {

bool Assessment::is_crisis() const { return !risks.empty(); }

SpeakerSeverity Assessment::speaker_severity() const {
  SpeakerSeverity highest = SpeakerSeverity::none;
  for (const Risk& risk : risks) {
    if (risk.subject != Subject::self) continue;
    // An unreadable severity is still a risk to the speaker, so at least mild.
    const SpeakerSeverity severity = to_speaker_severity(risk.severity.value_or(Severity::mild));
    highest = std::max(highest, severity);
  }
  return highest;
}

// Conservative on purpose: a third-party or unknown-subject risk still shows
// resources, since the person writing may be the one who can act.
bool Assessment::show_resources() const { return is_crisis(); }

}  // namespace lifeguard
