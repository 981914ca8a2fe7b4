// The JSON shape of an assessment (the stable API) and the tolerant reader:
// exact keys out, round trip back, and problems instead of exceptions for
// anything that does not fit.
#include "core/assessment_json.hpp"

#include <gtest/gtest.h>

#include "support/make_risk.hpp"

#include <algorithm>
#include <set>

namespace lifeguard {
namespace {

using nlohmann::json;

using test_support::make_risk;

std::set<std::string> keys_of(const json& object) {
  std::set<std::string> keys;
  for (const auto& item : object.items()) keys.insert(item.key());
  return keys;
}

bool has_problem(const AssessmentFromJson& read, std::string_view fragment) {
  return std::any_of(read.problems.begin(), read.problems.end(),
                     [&](const std::string& problem) { return problem.find(fragment) != std::string::npos; });
}

std::string problems_of(const AssessmentFromJson& read) {
  std::string joined;
  for (const std::string& problem : read.problems) joined += "\n  " + problem;
  return joined.empty() ? " (none)" : joined;
}

#define EXPECT_PROBLEM(read, fragment) \
  EXPECT_TRUE(has_problem(read, fragment)) << "expected a problem containing '" << (fragment) << "', got" << problems_of(read)

const Assessment kCrisis{"The user states intent.",
                         {make_risk(Subject::self, RiskType::suicide, Severity::high, Imminence::urgent,
                                    {"active_ideation", "intent_stated"}),
                          make_risk(Subject::other, RiskType::abuse, std::nullopt)}};

// ------------------------------------------------------------------ to_json

TEST(AssessmentToJson, HasExactlyTheApiKeys) {
  EXPECT_EQ(keys_of(to_json(kCrisis)),
            (std::set<std::string>{"reflection", "risks", "is_crisis", "speaker_severity", "show_resources"}));
  EXPECT_EQ(keys_of(to_json(Assessment{})),
            (std::set<std::string>{"reflection", "risks", "is_crisis", "speaker_severity", "show_resources"}));
}

TEST(AssessmentToJson, WritesReflectionAndDerivedValues) {
  const json out = to_json(kCrisis);
  EXPECT_EQ(out["reflection"], "The user states intent.");
  EXPECT_EQ(out["is_crisis"], true);
  EXPECT_EQ(out["show_resources"], true);
  EXPECT_EQ(out["speaker_severity"], "high");
}

TEST(AssessmentToJson, NoCrisisHasEmptyRisksArrayAndSpeakerSeverityNone) {
  const json out = to_json(Assessment{"fine", {}});
  EXPECT_TRUE(out["risks"].is_array());
  EXPECT_TRUE(out["risks"].empty());
  EXPECT_EQ(out["is_crisis"], false);
  EXPECT_EQ(out["show_resources"], false);
  EXPECT_EQ(out["speaker_severity"], "none");
}

TEST(AssessmentToJson, RiskHasAllFieldsWhenKnown) {
  EXPECT_EQ(to_json(kCrisis.risks[0]), json::parse(R"({"subject": "self", "type": "suicide", "severity": "high",
      "imminence": "urgent", "features": ["active_ideation", "intent_stated"]})"));
}

TEST(AssessmentToJson, UnknownSeverityIsNullAbsentImminenceIsOmittedFeaturesAlwaysAnArray) {
  const json risk = to_json(kCrisis.risks[1]);
  EXPECT_EQ(keys_of(risk), (std::set<std::string>{"subject", "type", "severity", "features"}));
  EXPECT_TRUE(risk["severity"].is_null());
  EXPECT_TRUE(risk["features"].is_array());
  EXPECT_TRUE(risk["features"].empty());
}

TEST(AssessmentToJson, RisksKeepTheirOrder) {
  const json out = to_json(kCrisis);
  ASSERT_EQ(out["risks"].size(), 2U);
  EXPECT_EQ(out["risks"][0]["type"], "suicide");
  EXPECT_EQ(out["risks"][1]["type"], "abuse");
}

// ------------------------------------------------------ assessment_from_json

TEST(AssessmentFromJson, RoundTripsWhatToJsonWrites) {
  const AssessmentFromJson read = assessment_from_json(to_json(kCrisis));
  EXPECT_EQ(read.assessment, kCrisis);
  EXPECT_TRUE(read.problems.empty()) << problems_of(read);
}

TEST(AssessmentFromJson, RoundTripsEveryTaxonomyValue) {
  Assessment assessment{"all", {}};
  for (Subject subject : kAllSubjects) {
    for (RiskType type : kAllRiskTypes) {
      for (Severity severity : kAllSeverities) {
        assessment.risks.push_back(make_risk(subject, type, severity, kAllImminences[assessment.risks.size() % 4]));
      }
    }
  }
  const AssessmentFromJson read = assessment_from_json(to_json(assessment));
  EXPECT_EQ(read.assessment, assessment);
  EXPECT_TRUE(read.problems.empty()) << problems_of(read);
}

TEST(AssessmentFromJson, SurvivesSerialisationToText) {
  const AssessmentFromJson read = assessment_from_json(json::parse(to_json(kCrisis).dump()));
  EXPECT_EQ(read.assessment, kCrisis);
}

TEST(AssessmentFromJson, IgnoresAndRecomputesDerivedFields) {
  json input = to_json(kCrisis);
  input["is_crisis"] = false;
  input["speaker_severity"] = "none";
  input["show_resources"] = "not even a bool";
  const AssessmentFromJson read = assessment_from_json(input);
  EXPECT_TRUE(read.problems.empty()) << problems_of(read);
  EXPECT_TRUE(read.assessment.is_crisis());
  EXPECT_EQ(read.assessment.speaker_severity(), SpeakerSeverity::high);
}

TEST(AssessmentFromJson, NonObjectValuesAreAProblemNotAnException) {
  for (const json& value : {json(nullptr), json(1), json(2.5), json(true), json("text"), json::array(),
                            json::array({1, 2}), json::binary({1, 2, 3})}) {
    AssessmentFromJson read;
    EXPECT_NO_THROW(read = assessment_from_json(value)) << value.type_name();
    EXPECT_EQ(read.assessment, Assessment{});
    EXPECT_PROBLEM(read, "expected an object");
  }
}

TEST(AssessmentFromJson, MissingFieldsAreReported) {
  const AssessmentFromJson read = assessment_from_json(json::object());
  EXPECT_PROBLEM(read, "reflection: missing");
  EXPECT_PROBLEM(read, "risks: missing");
}

TEST(AssessmentFromJson, WrongTopLevelTypesAreReported) {
  const AssessmentFromJson read = assessment_from_json(json{{"reflection", 42}, {"risks", {{"a", 1}}}});
  EXPECT_PROBLEM(read, "reflection: expected a string, got number");
  EXPECT_PROBLEM(read, "risks: expected an array, got object");
  EXPECT_EQ(read.assessment, Assessment{});
}

TEST(AssessmentFromJson, UnknownTypeDropsTheRiskAndKeepsTheOthers) {
  json input = to_json(kCrisis);
  input["risks"][0]["type"] = "extremism";
  const AssessmentFromJson read = assessment_from_json(input);
  ASSERT_EQ(read.assessment.risks.size(), 1U);
  EXPECT_EQ(read.assessment.risks[0].type, RiskType::abuse);
  EXPECT_PROBLEM(read, "risks[0].type: unknown value 'extremism' (risk dropped)");
}

TEST(AssessmentFromJson, UnknownOrMissingSubjectDropsTheRisk) {
  json input = to_json(kCrisis);
  input["risks"][0]["subject"] = "speaker";
  input["risks"][1].erase("subject");
  const AssessmentFromJson read = assessment_from_json(input);
  EXPECT_TRUE(read.assessment.risks.empty());
  EXPECT_PROBLEM(read, "risks[0].subject: unknown value 'speaker' (risk dropped)");
  EXPECT_PROBLEM(read, "risks[1].subject: missing (risk dropped)");
}

TEST(AssessmentFromJson, WrongRiskFieldTypesAreReported) {
  const json input = json::parse(R"({"reflection": "r", "risks": [
      "not an object",
      {"subject": 1, "type": "suicide", "severity": "high"},
      {"subject": "self", "type": "suicide", "severity": 3, "imminence": [], "features": "plan"},
      {"subject": "self", "type": "abuse", "severity": "mild", "features": ["plan", 7, null]}]})");
  const AssessmentFromJson read = assessment_from_json(input);
  EXPECT_PROBLEM(read, "risks[0]: expected an object, got string (risk dropped)");
  EXPECT_PROBLEM(read, "risks[1].subject: expected a string, got number (risk dropped)");
  EXPECT_PROBLEM(read, "risks[2].severity: expected a string, got number");
  EXPECT_PROBLEM(read, "risks[2].imminence: expected a string, got array");
  EXPECT_PROBLEM(read, "risks[2].features: expected an array, got string");
  EXPECT_PROBLEM(read, "risks[3].features[1]: expected a string, got number");
  EXPECT_PROBLEM(read, "risks[3].features[2]: expected a string, got null");
  ASSERT_EQ(read.assessment.risks.size(), 2U);
  EXPECT_EQ(read.assessment.risks[0], make_risk(Subject::self, RiskType::suicide, std::nullopt));
  EXPECT_EQ(read.assessment.risks[1], make_risk(Subject::self, RiskType::abuse, Severity::mild, {}, {"plan"}));
}

TEST(AssessmentFromJson, NullSeverityIsUnknownWithoutAProblemButMissingSeverityIsReported) {
  const json input = json::parse(R"({"reflection": "r", "risks": [
      {"subject": "self", "type": "suicide", "severity": null, "features": []},
      {"subject": "self", "type": "suicide", "features": []}]})");
  const AssessmentFromJson read = assessment_from_json(input);
  ASSERT_EQ(read.assessment.risks.size(), 2U);
  EXPECT_EQ(read.assessment.risks[0].severity, std::nullopt);
  EXPECT_EQ(read.assessment.risks[1].severity, std::nullopt);
  EXPECT_EQ(read.problems, (std::vector<std::string>{"risks[1].severity: missing"}));
}

TEST(AssessmentFromJson, UnknownSeverityAndImminenceAreAbsentAndReported) {
  const json input = json::parse(R"({"reflection": "r", "risks": [
      {"subject": "other", "type": "violence", "severity": "extreme", "imminence": "soon", "features": []}]})");
  const AssessmentFromJson read = assessment_from_json(input);
  ASSERT_EQ(read.assessment.risks.size(), 1U);
  EXPECT_EQ(read.assessment.risks[0], make_risk(Subject::other, RiskType::violence, std::nullopt));
  EXPECT_PROBLEM(read, "risks[0].severity: unknown value 'extreme'");
  EXPECT_PROBLEM(read, "risks[0].imminence: unknown value 'soon'");
}

TEST(AssessmentFromJson, AbsentImminenceAndFeaturesAreFine) {
  const json input = json::parse(R"({"reflection": "r", "risks": [
      {"subject": "self", "type": "self_harm", "severity": "moderate"}]})");
  const AssessmentFromJson read = assessment_from_json(input);
  EXPECT_TRUE(read.problems.empty()) << problems_of(read);
  ASSERT_EQ(read.assessment.risks.size(), 1U);
  EXPECT_EQ(read.assessment.risks[0], make_risk(Subject::self, RiskType::self_harm, Severity::moderate));
}

TEST(AssessmentFromJson, ProblemQuotesAreShort) {
  json input = to_json(kCrisis);
  input["risks"][0]["type"] = std::string(1000, 'x');
  const AssessmentFromJson read = assessment_from_json(input);
  ASSERT_FALSE(read.problems.empty());
  for (const std::string& problem : read.problems) EXPECT_LT(problem.size(), 120U) << problem;
}

TEST(AssessmentFromJson, ProblemQuotesOfInvalidUtf8StillDumpAsJson) {
  json input = to_json(kCrisis);
  input["risks"][0]["type"] = "\xFF\xFE bad";
  const AssessmentFromJson read = assessment_from_json(input);
  ASSERT_FALSE(read.problems.empty());
  EXPECT_NO_THROW((void)json(read.problems).dump());
}

}  // namespace
}  // namespace lifeguard
