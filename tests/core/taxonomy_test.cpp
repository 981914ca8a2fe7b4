// The taxonomy's wire names are a stable public interface (SPEC §2): these
// tests pin every name and the round trip between names and values.
#include "core/taxonomy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lifeguard {
namespace {

template <typename Enum, std::size_t Count>
std::vector<std::string> names_of(const std::array<Enum, Count>& values) {
  std::vector<std::string> names;
  for (Enum value : values) names.emplace_back(to_string(value));
  return names;
}

TEST(Taxonomy, SubjectsHaveTheSpecNames) {
  EXPECT_EQ(names_of(kAllSubjects), (std::vector<std::string>{"self", "other", "unknown"}));
}

TEST(Taxonomy, RiskTypesHaveTheSpecNames) {
  EXPECT_EQ(names_of(kAllRiskTypes),
            (std::vector<std::string>{"suicide", "self_harm", "self_neglect", "violence", "abuse", "sexual_violence",
                                      "exploitation", "stalking", "neglect"}));
}

TEST(Taxonomy, SeveritiesHaveTheSpecNamesInAscendingOrder) {
  EXPECT_EQ(names_of(kAllSeverities), (std::vector<std::string>{"mild", "moderate", "high", "critical"}));
  EXPECT_LT(Severity::mild, Severity::moderate);
  EXPECT_LT(Severity::moderate, Severity::high);
  EXPECT_LT(Severity::high, Severity::critical);
}

TEST(Taxonomy, SpeakerSeveritiesStartAtNone) {
  EXPECT_EQ(names_of(kAllSpeakerSeverities),
            (std::vector<std::string>{"none", "mild", "moderate", "high", "critical"}));
  EXPECT_LT(SpeakerSeverity::none, SpeakerSeverity::mild);
}

TEST(Taxonomy, ImminencesHaveTheSpecNamesInAscendingOrder) {
  EXPECT_EQ(names_of(kAllImminences), (std::vector<std::string>{"chronic", "acute", "urgent", "emergency"}));
  EXPECT_LT(Imminence::chronic, Imminence::acute);
  EXPECT_LT(Imminence::acute, Imminence::urgent);
  EXPECT_LT(Imminence::urgent, Imminence::emergency);
}

TEST(Taxonomy, EveryValueParsesBackFromItsName) {
  for (Subject value : kAllSubjects) EXPECT_EQ(parse_subject(to_string(value)), value);
  for (RiskType value : kAllRiskTypes) EXPECT_EQ(parse_risk_type(to_string(value)), value);
  for (Severity value : kAllSeverities) EXPECT_EQ(parse_severity(to_string(value)), value);
  for (SpeakerSeverity value : kAllSpeakerSeverities) EXPECT_EQ(parse_speaker_severity(to_string(value)), value);
  for (Imminence value : kAllImminences) EXPECT_EQ(parse_imminence(to_string(value)), value);
}

TEST(Taxonomy, UnknownNamesParseToNothing) {
  EXPECT_EQ(parse_subject("speaker"), std::nullopt);
  EXPECT_EQ(parse_risk_type("extremism"), std::nullopt);
  EXPECT_EQ(parse_severity("extreme"), std::nullopt);
  EXPECT_EQ(parse_speaker_severity("unknown"), std::nullopt);
  EXPECT_EQ(parse_imminence("soon"), std::nullopt);
  EXPECT_EQ(parse_risk_type(""), std::nullopt);
}

TEST(Taxonomy, ParsingIsExactAndCaseSensitive) {
  EXPECT_EQ(parse_risk_type("Self-Harm"), std::nullopt);
  EXPECT_EQ(parse_risk_type("SELF_HARM"), std::nullopt);
  EXPECT_EQ(parse_risk_type(" self_harm"), std::nullopt);
  EXPECT_EQ(parse_severity("High"), std::nullopt);
  EXPECT_EQ(parse_subject("self "), std::nullopt);
}

TEST(Taxonomy, SeverityMapsOntoTheSameSpeakerSeverity) {
  EXPECT_EQ(to_speaker_severity(Severity::mild), SpeakerSeverity::mild);
  EXPECT_EQ(to_speaker_severity(Severity::moderate), SpeakerSeverity::moderate);
  EXPECT_EQ(to_speaker_severity(Severity::high), SpeakerSeverity::high);
  EXPECT_EQ(to_speaker_severity(Severity::critical), SpeakerSeverity::critical);
}

TEST(Taxonomy, SpeakerSeverityNoneIsNotARiskSeverity) { EXPECT_EQ(parse_severity("none"), std::nullopt); }

}  // namespace
}  // namespace lifeguard
