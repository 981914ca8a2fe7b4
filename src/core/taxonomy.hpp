// The risk taxonomy of SPEC §2: the stable public vocabulary of lifeguard.
// Every enum parses from and formats to its snake_case wire name. Parsing an
// unknown name returns std::nullopt: callers report it, they never guess.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace lifeguard {

// Who is at risk of harm: the speaker, a third party, or unclear.
enum class Subject { self, other, unknown };

enum class RiskType {
  suicide,
  self_harm,
  self_neglect,
  violence,
  abuse,
  sexual_violence,
  exploitation,
  stalking,
  neglect,
};

// Severity of one risk. Ordered: mild < moderate < high < critical.
enum class Severity { mild, moderate, high, critical };

// Severity of the speaker's own risks; `none` when the speaker reports none.
enum class SpeakerSeverity { none, mild, moderate, high, critical };

// How soon harm may happen. Ordered: chronic < acute < urgent < emergency.
enum class Imminence { chronic, acute, urgent, emergency };

inline constexpr std::array<Subject, 3> kAllSubjects = {Subject::self, Subject::other, Subject::unknown};
inline constexpr std::array<RiskType, 9> kAllRiskTypes = {
    RiskType::suicide,  RiskType::self_harm,       RiskType::self_neglect,
    RiskType::violence, RiskType::abuse,           RiskType::sexual_violence,
    RiskType::exploitation, RiskType::stalking,    RiskType::neglect};
inline constexpr std::array<Severity, 4> kAllSeverities = {Severity::mild, Severity::moderate,
                                                           Severity::high, Severity::critical};
inline constexpr std::array<SpeakerSeverity, 5> kAllSpeakerSeverities = {
    SpeakerSeverity::none, SpeakerSeverity::mild, SpeakerSeverity::moderate, SpeakerSeverity::high,
    SpeakerSeverity::critical};
inline constexpr std::array<Imminence, 4> kAllImminences = {Imminence::chronic, Imminence::acute,
                                                            Imminence::urgent, Imminence::emergency};

std::string_view to_string(Subject value);
std::string_view to_string(RiskType value);
std::string_view to_string(Severity value);
std::string_view to_string(SpeakerSeverity value);
std::string_view to_string(Imminence value);

// Exact, case-sensitive wire names ("self_harm", not "Self-Harm").
std::optional<Subject> parse_subject(std::string_view name);
std::optional<RiskType> parse_risk_type(std::string_view name);
std::optional<Severity> parse_severity(std::string_view name);
std::optional<SpeakerSeverity> parse_speaker_severity(std::string_view name);
std::optional<Imminence> parse_imminence(std::string_view name);

// A risk severity seen on the speaker scale (mild -> mild, ...).
SpeakerSeverity to_speaker_severity(Severity value);

}  // namespace lifeguard
