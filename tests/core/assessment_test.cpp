// The derived values of an assessment (SPEC §2): is_crisis, speaker_severity
// and show_resources, including the conservative edge cases.
#include "core/assessment.hpp"

#include <gtest/gtest.h>

namespace lifeguard {
namespace {

Risk make_risk(Subject subject, RiskType type, std::optional<Severity> severity) {
  Risk risk;
  risk.subject = subject;
  risk.type = type;
  risk.severity = severity;
  return risk;
}

TEST(Assessment, WithoutRisksIsNoCrisisAndShowsNoResources) {
  const Assessment assessment{"hyperbole", {}};
  EXPECT_FALSE(assessment.is_crisis());
  EXPECT_FALSE(assessment.show_resources());
  EXPECT_EQ(assessment.speaker_severity(), SpeakerSeverity::none);
}

TEST(Assessment, AnySelfRiskIsACrisisWithItsSeverity) {
  const Assessment assessment{"", {make_risk(Subject::self, RiskType::suicide, Severity::high)}};
  EXPECT_TRUE(assessment.is_crisis());
  EXPECT_TRUE(assessment.show_resources());
  EXPECT_EQ(assessment.speaker_severity(), SpeakerSeverity::high);
}

TEST(Assessment, ThirdPartyRiskIsACrisisButLeavesSpeakerSeverityNone) {
  const Assessment assessment{"", {make_risk(Subject::other, RiskType::self_harm, Severity::critical)}};
  EXPECT_TRUE(assessment.is_crisis());
  EXPECT_TRUE(assessment.show_resources());
  EXPECT_EQ(assessment.speaker_severity(), SpeakerSeverity::none);
}

TEST(Assessment, UnknownSubjectRiskStillShowsResourcesButIsNotTheSpeakers) {
  const Assessment assessment{"", {make_risk(Subject::unknown, RiskType::violence, Severity::high)}};
  EXPECT_TRUE(assessment.show_resources());
  EXPECT_EQ(assessment.speaker_severity(), SpeakerSeverity::none);
}

TEST(Assessment, SpeakerSeverityIsTheHighestAmongSelfRisksOnly) {
  const Assessment assessment{"",
                              {make_risk(Subject::self, RiskType::self_harm, Severity::moderate),
                               make_risk(Subject::other, RiskType::violence, Severity::critical),
                               make_risk(Subject::self, RiskType::suicide, Severity::high),
                               make_risk(Subject::self, RiskType::self_neglect, Severity::mild)}};
  EXPECT_EQ(assessment.speaker_severity(), SpeakerSeverity::high);
}

TEST(Assessment, SelfRiskWithUnknownSeverityCountsAsMild) {
  const Assessment assessment{"", {make_risk(Subject::self, RiskType::suicide, std::nullopt)}};
  EXPECT_EQ(assessment.speaker_severity(), SpeakerSeverity::mild);
  EXPECT_TRUE(assessment.is_crisis());
}

TEST(Assessment, UnknownSeverityNeverLowersAKnownOne) {
  const Assessment assessment{"",
                              {make_risk(Subject::self, RiskType::suicide, Severity::critical),
                               make_risk(Subject::self, RiskType::self_harm, std::nullopt)}};
  EXPECT_EQ(assessment.speaker_severity(), SpeakerSeverity::critical);
}

TEST(Assessment, ShowResourcesAlwaysEqualsIsCrisis) {
  for (Subject subject : kAllSubjects) {
    for (Severity severity : kAllSeverities) {
      const Assessment assessment{"", {make_risk(subject, RiskType::abuse, severity)}};
      EXPECT_EQ(assessment.show_resources(), assessment.is_crisis());
      EXPECT_TRUE(assessment.show_resources());
    }
  }
}

TEST(Assessment, EqualityComparesReflectionAndEveryRiskField) {
  Assessment left{"why", {make_risk(Subject::self, RiskType::suicide, Severity::high)}};
  Assessment right = left;
  EXPECT_EQ(left, right);
  right.risks[0].features.push_back("plan");
  EXPECT_NE(left, right);
  right = left;
  right.risks[0].imminence = Imminence::urgent;
  EXPECT_NE(left, right);
  right = left;
  right.reflection = "other";
  EXPECT_NE(left, right);
}

}  // namespace
}  // namespace lifeguard
