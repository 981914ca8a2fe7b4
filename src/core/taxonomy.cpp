// Wire names of the SPEC §2 taxonomy. The names are the stable public
// vocabulary (JSON, model output, suite files), so they live in one place.
#include "core/taxonomy.hpp"

namespace lifeguard {
namespace {

// Every parse is the inverse of to_string over the full value list, so a new
// enum value needs only its name in the switch below.
template <typename Enum, std::size_t Count>
std::optional<Enum> find_by_name(const std::array<Enum, Count>& all_values, std::string_view name) {
  for (Enum value : all_values) {
    if (to_string(value) == name) return value;
  }
  return std::nullopt;
}

// Out-of-range enum values can only come from a bad cast; give them a name
// that no parse accepts instead of undefined behaviour.
constexpr std::string_view kInvalidName = "invalid";

}  // namespace

std::string_view to_string(Subject value) {
  switch (value) {
    case Subject::self: return "self";
    case Subject::other: return "other";
    case Subject::unknown: return "unknown";
  }
  return kInvalidName;
}

std::string_view to_string(RiskType value) {
  switch (value) {
    case RiskType::suicide: return "suicide";
    case RiskType::self_harm: return "self_harm";
    case RiskType::self_neglect: return "self_neglect";
    case RiskType::violence: return "violence";
    case RiskType::abuse: return "abuse";
    case RiskType::sexual_violence: return "sexual_violence";
    case RiskType::exploitation: return "exploitation";
    case RiskType::stalking: return "stalking";
    case RiskType::neglect: return "neglect";
  }
  return kInvalidName;
}

std::string_view to_string(Severity value) {
  switch (value) {
    case Severity::mild: return "mild";
    case Severity::moderate: return "moderate";
    case Severity::high: return "high";
    case Severity::critical: return "critical";
  }
  return kInvalidName;
}

std::string_view to_string(SpeakerSeverity value) {
  switch (value) {
    case SpeakerSeverity::none: return "none";
    case SpeakerSeverity::mild: return "mild";
    case SpeakerSeverity::moderate: return "moderate";
    case SpeakerSeverity::high: return "high";
    case SpeakerSeverity::critical: return "critical";
  }
  return kInvalidName;
}

std::string_view to_string(Imminence value) {
  switch (value) {
    case Imminence::chronic: return "chronic";
    case Imminence::acute: return "acute";
    case Imminence::urgent: return "urgent";
    case Imminence::emergency: return "emergency";
  }
  return kInvalidName;
}

std::optional<Subject> parse_subject(std::string_view name) { return find_by_name(kAllSubjects, name); }
std::optional<RiskType> parse_risk_type(std::string_view name) { return find_by_name(kAllRiskTypes, name); }
std::optional<Severity> parse_severity(std::string_view name) { return find_by_name(kAllSeverities, name); }
std::optional<SpeakerSeverity> parse_speaker_severity(std::string_view name) {
  return find_by_name(kAllSpeakerSeverities, name);
}
std::optional<Imminence> parse_imminence(std::string_view name) { return find_by_name(kAllImminences, name); }

SpeakerSeverity to_speaker_severity(Severity value) {
  switch (value) {
    case Severity::mild: return SpeakerSeverity::mild;
    case Severity::moderate: return SpeakerSeverity::moderate;
    case Severity::high: return SpeakerSeverity::high;
    case Severity::critical: return SpeakerSeverity::critical;
  }
  // A corrupt severity is still a reported risk: never let it read as `none`.
  return SpeakerSeverity::mild;
}

}  // namespace lifeguard
