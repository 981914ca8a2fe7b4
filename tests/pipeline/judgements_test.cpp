// Multi-judge combination: conservative union, vote shares, agreement.
#include "pipeline/judgements.hpp"

#include <gtest/gtest.h>

namespace lifeguard {
namespace {

Risk risk(Subject subject, RiskType type, Severity severity, std::optional<Imminence> imminence = std::nullopt,
          std::vector<std::string> features = {}) {
  return Risk{subject, type, severity, imminence, std::move(features)};
}

Assessment judged(std::vector<Risk> risks, std::string reflection = "r") { return Assessment{std::move(reflection), std::move(risks)}; }

TEST(Judgements, ASingleJudgementIsReturnedAsIsWithFullAgreement) {
  Assessment only = judged({risk(Subject::self, RiskType::suicide, Severity::high)});
  auto combined = combine_judgements({only});
  EXPECT_EQ(combined.assessment, only);
  EXPECT_DOUBLE_EQ(combined.agreement, 1.0);
}

TEST(Judgements, AnyJudgeReportingARiskKeepsItAtTheHighestSeverityAndMostUrgentImminence) {
  auto combined = combine_judgements({
      judged({risk(Subject::self, RiskType::suicide, Severity::high, Imminence::acute, {"passive"})}, "first"),
      judged({}, "second"),
      judged({risk(Subject::self, RiskType::suicide, Severity::critical, Imminence::chronic, {"plan"}),
              risk(Subject::self, RiskType::self_harm, Severity::moderate)}, "third"),
  });
  ASSERT_EQ(combined.assessment.risks.size(), 2u);
  const Risk& suicide = combined.assessment.risks[0];
  EXPECT_EQ(suicide.type, RiskType::suicide);
  EXPECT_EQ(suicide.severity, Severity::critical);
  EXPECT_EQ(suicide.imminence, Imminence::acute);
  EXPECT_EQ(suicide.features, (std::vector<std::string>{"passive", "plan"}));
  EXPECT_EQ(combined.assessment.risks[1].type, RiskType::self_harm);
  EXPECT_EQ(combined.assessment.reflection, "third");  // the judge that reported most of what was kept
  // Pairs: {S} vs {} = 0, {S} vs {S,H} = 1/2, {} vs {S,H} = 0.
  EXPECT_NEAR(combined.agreement, 1.0 / 6.0, 1e-12);
}

TEST(Judgements, AVoteShareDropsRisksTooFewJudgesReported) {
  std::vector<Assessment> judgements{
      judged({risk(Subject::self, RiskType::suicide, Severity::high)}),
      judged({}),
      judged({risk(Subject::self, RiskType::suicide, Severity::mild), risk(Subject::other, RiskType::abuse, Severity::high)}),
  };
  auto half = combine_judgements(judgements, 0.5);  // needs 2 of 3
  ASSERT_EQ(half.assessment.risks.size(), 1u);
  EXPECT_EQ(half.assessment.risks[0].type, RiskType::suicide);
  EXPECT_EQ(half.assessment.risks[0].severity, Severity::high);
  EXPECT_TRUE(combine_judgements(judgements, 1.0).assessment.risks.empty());
}

TEST(Judgements, SubjectsAreKeptApart) {
  auto combined = combine_judgements({judged({risk(Subject::self, RiskType::violence, Severity::high)}),
                                      judged({risk(Subject::other, RiskType::violence, Severity::high)})});
  EXPECT_EQ(combined.assessment.risks.size(), 2u);
  EXPECT_DOUBLE_EQ(combined.agreement, 0.0);
}

TEST(Judgements, JudgesThatAllSeeNoRiskAgreeFully) {
  auto combined = combine_judgements({judged({}), judged({}), judged({})});
  EXPECT_TRUE(combined.assessment.risks.empty());
  EXPECT_DOUBLE_EQ(combined.agreement, 1.0);
}

TEST(Judgements, NoJudgementIsAnError) { EXPECT_THROW(combine_judgements({}), std::invalid_argument); }

}  // namespace
}  // namespace lifeguard
