// Behaviour of the nope-edge output parser and renderer (SPEC §3): the seed's
// example outputs, the tolerated variations, every reported problem, the
// render/parse round trip on generated assessments, and robustness against
// truncated and hostile text.
#include "core/model_output.hpp"

#include <gtest/gtest.h>

#include "support/make_risk.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace lifeguard {
namespace {

using namespace std::string_literals;

// ------------------------------------------------------------------ helpers

std::string problems_of(const ModelOutputParse& parse) {
  std::string joined;
  for (const std::string& problem : parse.problems) joined += "\n  " + problem;
  return joined.empty() ? " (none)" : joined;
}

bool has_problem(const ModelOutputParse& parse, std::string_view fragment) {
  return std::any_of(parse.problems.begin(), parse.problems.end(),
                     [&](const std::string& problem) { return problem.find(fragment) != std::string::npos; });
}

#define EXPECT_PROBLEM(parse, fragment) \
  EXPECT_TRUE(has_problem(parse, fragment)) << "expected a problem containing '" << (fragment) << "', got" << problems_of(parse)

#define EXPECT_NO_PROBLEMS(parse) EXPECT_TRUE((parse).problems.empty()) << "problems:" << problems_of(parse)

bool is_valid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
    if (length == 0 || lead > 0xF4 || pos + length > text.size()) return false;
    for (std::size_t index = pos + 1; index < pos + length; ++index) {
      if ((static_cast<unsigned char>(text[index]) & 0xC0) != 0x80) return false;
    }
    pos += length;
  }
  return true;
}

using test_support::make_risk;

// The parse of render(parse(text)) must give back the same assessment: what
// the parser produces is always representable in canonical form.
void expect_canonical_round_trip(std::string_view text) {
  const ModelOutputParse first = parse_model_output(text);
  const std::string rendered = render_model_output(first.assessment);
  const ModelOutputParse second = parse_model_output(rendered);
  EXPECT_EQ(second.assessment, first.assessment) << "input: " << text << "\nrendered: " << rendered;
  EXPECT_TRUE(second.complete) << rendered;
  EXPECT_EQ(render_model_output(second.assessment), rendered);
  for (const std::string& problem : first.problems) EXPECT_TRUE(is_valid_utf8(problem)) << problem;
  EXPECT_TRUE(is_valid_utf8(first.assessment.reflection));
}

// ------------------------------------------------- the seed's example outputs

constexpr std::string_view kSeedUrgentSuicide = R"xml(<reflection>The user directly expresses intent to end their life with a specific timeline ("tonight"), indicating acute suicidal ideation with imminent risk.</reflection>
<risks>
  <risk subject="self" type="suicide" severity="high" imminence="urgent"/>
</risks>)xml";

constexpr std::string_view kSeedFriendSelfHarm = R"xml(<reflection>The user is reporting concern about a friend engaging in self-harm behavior. This is third-party disclosure requiring attention.</reflection>
<risks>
  <risk subject="other" type="self_harm" severity="moderate" imminence="chronic"/>
</risks>)xml";

constexpr std::string_view kSeedHyperbole = R"xml(<reflection>The user is using hyperbolic internet slang ("kms" = "kill myself") to express frustration about an exam. The "lmao" and casual context indicate this is not genuine suicidal ideation.</reflection>
<risks/>)xml";

constexpr std::string_view kSeedRecovery = R"xml(<reflection>The user is sharing a recovery narrative about past suicidal ideation. They explicitly state therapy helped and they have recovered. No current crisis indicators.</reflection>
<risks/>)xml";

constexpr std::string_view kSeedFormatExample = R"xml(<reflection>Reasoning about the input...</reflection>
<risks>
  <risk subject="self" type="suicide" severity="high" imminence="urgent" features="active_ideation,intent_stated"/>
</risks>)xml";

const std::vector<std::string_view> kSeedOutputs = {kSeedUrgentSuicide, kSeedFriendSelfHarm, kSeedHyperbole,
                                                    kSeedRecovery, kSeedFormatExample};

TEST(ModelOutputSeeds, UrgentSuicideExampleParses) {
  const ModelOutputParse parse = parse_model_output(kSeedUrgentSuicide);
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_TRUE(parse.complete);
  EXPECT_EQ(parse.assessment.reflection,
            "The user directly expresses intent to end their life with a specific timeline (\"tonight\"), "
            "indicating acute suicidal ideation with imminent risk.");
  EXPECT_EQ(parse.assessment.risks,
            (std::vector<Risk>{make_risk(Subject::self, RiskType::suicide, Severity::high, Imminence::urgent)}));
}

TEST(ModelOutputSeeds, ThirdPartySelfHarmExampleParses) {
  const ModelOutputParse parse = parse_model_output(kSeedFriendSelfHarm);
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_TRUE(parse.complete);
  EXPECT_EQ(parse.assessment.risks, (std::vector<Risk>{make_risk(Subject::other, RiskType::self_harm,
                                                                 Severity::moderate, Imminence::chronic)}));
}

TEST(ModelOutputSeeds, NoCrisisExamplesParseToNoRisks) {
  for (std::string_view text : {kSeedHyperbole, kSeedRecovery}) {
    const ModelOutputParse parse = parse_model_output(text);
    EXPECT_NO_PROBLEMS(parse);
    EXPECT_TRUE(parse.complete);
    EXPECT_TRUE(parse.assessment.risks.empty());
    EXPECT_FALSE(parse.assessment.reflection.empty());
  }
}

TEST(ModelOutputSeeds, FormatExampleParsesFeatures) {
  const ModelOutputParse parse = parse_model_output(kSeedFormatExample);
  EXPECT_NO_PROBLEMS(parse);
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].features, (std::vector<std::string>{"active_ideation", "intent_stated"}));
}

// The model writes '"' raw in its reflection; the canonical form escapes it.
TEST(ModelOutputSeeds, CanonicalRenderingMatchesTheSeedExamplesUpToEscapedQuotes) {
  for (std::string_view text : kSeedOutputs) {
    std::string rendered = render_model_output(parse_model_output(text).assessment);
    for (std::size_t at = rendered.find("&quot;"); at != std::string::npos; at = rendered.find("&quot;", at)) {
      rendered.replace(at, 6, "\"");
    }
    EXPECT_EQ(rendered, text);
  }
}

// ---------------------------------------------------- tolerated variations

TEST(ModelOutputParse, AcceptsRisksSelfClosingWithASpace) {
  const ModelOutputParse parse = parse_model_output("<reflection>fine</reflection>\n<risks />");
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_TRUE(parse.complete);
  EXPECT_TRUE(parse.assessment.risks.empty());
}

TEST(ModelOutputParse, AcceptsAnEmptyRisksBlock) {
  const ModelOutputParse parse = parse_model_output("<reflection>fine</reflection><risks>\n</risks>");
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_TRUE(parse.complete);
  EXPECT_TRUE(parse.assessment.risks.empty());
}

TEST(ModelOutputParse, AcceptsAttributesInAnyOrder) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk features=\"plan\" imminence=\"acute\" severity=\"critical\" "
      "type=\"violence\" subject=\"other\"/></risks>");
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_EQ(parse.assessment.risks, (std::vector<Risk>{make_risk(Subject::other, RiskType::violence,
                                                                 Severity::critical, Imminence::acute, {"plan"})}));
}

TEST(ModelOutputParse, AcceptsSingleQuotedAttributes) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject='self' type='self_harm' severity='mild' "
      "features='say \"hi\"'/></risks>");
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_EQ(parse.assessment.risks,
            (std::vector<Risk>{make_risk(Subject::self, RiskType::self_harm, Severity::mild, {}, {"say \"hi\""})}));
}

TEST(ModelOutputParse, AcceptsWhitespaceAndNewlinesAnywhere) {
  const ModelOutputParse parse = parse_model_output(
      "\n\n  <reflection>\n   spaced out \n</reflection   >\n\n\t<risks\n>\n<risk\n subject = \"self\"\n\ttype=\n"
      "'suicide'   severity=\"high\"\n /   >\n\n</risks\n>\n\n");
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_TRUE(parse.complete);
  EXPECT_EQ(parse.assessment.reflection, "spaced out");
  EXPECT_EQ(parse.assessment.risks, (std::vector<Risk>{make_risk(Subject::self, RiskType::suicide, Severity::high)}));
}

TEST(ModelOutputParse, AcceptsRiskWithASeparateClosingTag) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"other\" type=\"abuse\" severity=\"moderate\"></risk>\n"
      "<risk subject=\"self\" type=\"stalking\" severity=\"mild\">  </risk></risks>");
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_EQ(parse.assessment.risks,
            (std::vector<Risk>{make_risk(Subject::other, RiskType::abuse, Severity::moderate),
                               make_risk(Subject::self, RiskType::stalking, Severity::mild)}));
}

TEST(ModelOutputParse, TrimsTheReflectionButKeepsItsInnerWhitespace) {
  const ModelOutputParse parse = parse_model_output("<reflection> \n line one\n\n line two \t</reflection><risks/>");
  EXPECT_EQ(parse.assessment.reflection, "line one\n\n line two");
}

TEST(ModelOutputParse, DecodesNamedEntitiesInReflectionAndAttributes) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</reflection><risks><risk subject=\"self\" "
      "type=\"suicide\" severity=\"high\" features=\"x&amp;y,&lt;z&gt;\"/></risks>");
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_EQ(parse.assessment.reflection, "a & b <c> \"d\" 'e'");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].features, (std::vector<std::string>{"x&y", "<z>"}));
}

TEST(ModelOutputParse, DecodesDecimalAndHexNumericEntitiesAsUtf8) {
  const ModelOutputParse parse =
      parse_model_output("<reflection>&#65;&#x42;&#X43;&#233;&#x1F622;&#x20AC;</reflection><risks/>");
  EXPECT_EQ(parse.assessment.reflection, "AB&#X43;\xC3\xA9\xF0\x9F\x98\xA2\xE2\x82\xAC");
  EXPECT_PROBLEM(parse, "invalid entity '&#X43;'");
}

TEST(ModelOutputParse, EntitiesDecodeInsideEnumAttributes) {
  const ModelOutputParse parse =
      parse_model_output("<reflection>r</reflection><risks><risk subject=\"s&#101;lf\" type=\"suicide\" "
                         "severity=\"high\"/></risks>");
  EXPECT_NO_PROBLEMS(parse);
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].subject, Subject::self);
}

TEST(ModelOutputParse, KeepsInvalidEntitiesLiterallyAndReportsEach) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>&nbsp; &#0; &#xD800; &#x110000; &#; &#xZZ; &toolongentityname; fish & chips &</reflection>"
      "<risks/>");
  EXPECT_EQ(parse.assessment.reflection,
            "&nbsp; &#0; &#xD800; &#x110000; &#; &#xZZ; &toolongentityname; fish & chips &");
  EXPECT_PROBLEM(parse, "reflection: invalid entity '&nbsp;'");
  EXPECT_PROBLEM(parse, "invalid entity '&#0;'");
  EXPECT_PROBLEM(parse, "invalid entity '&#xD800;'");
  EXPECT_PROBLEM(parse, "invalid entity '&#x110000;'");
  EXPECT_PROBLEM(parse, "invalid entity '&#;'");
  EXPECT_PROBLEM(parse, "invalid entity '&#xZZ;'");
  EXPECT_PROBLEM(parse, "reflection: unescaped '&'");
  EXPECT_TRUE(parse.complete);
}

TEST(ModelOutputParse, ReportsInvalidEntitiesInAttributesWithTheRiskAndAttribute) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\" "
      "features=\"a&bogus;b\"/></risks>");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].features, (std::vector<std::string>{"a&bogus;b"}));
  EXPECT_PROBLEM(parse, "risk 1 features: invalid entity '&bogus;'");
}

TEST(ModelOutputParse, SplitsFeaturesTrimmingItemsAndDroppingEmptyOnes) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\" "
      "features=\" a, b,c ,, ,\"/></risks>");
  EXPECT_NO_PROBLEMS(parse);
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].features, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ModelOutputParse, EmptyFeaturesAttributeGivesNoFeatures) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\" "
      "features=\"\"/></risks>");
  EXPECT_NO_PROBLEMS(parse);
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_TRUE(parse.assessment.risks[0].features.empty());
}

TEST(ModelOutputParse, AbsentImminenceIsNotAProblem) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\"/></risks>");
  EXPECT_NO_PROBLEMS(parse);
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].imminence, std::nullopt);
}

TEST(ModelOutputParse, SubjectUnknownIsAValidWireValue) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"unknown\" type=\"abuse\" severity=\"high\"/></risks>");
  EXPECT_NO_PROBLEMS(parse);
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].subject, Subject::unknown);
}

TEST(ModelOutputParse, AnEmptyLeadingThinkBlockIsNotAProblem) {
  const ModelOutputParse parse = parse_model_output("<think>\n\n</think>\n\n<reflection>r</reflection>\n<risks/>");
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_TRUE(parse.complete);
  EXPECT_EQ(parse.assessment.reflection, "r");
}

TEST(ModelOutputParse, ANonEmptyThinkBlockIsReportedButSkipped) {
  const ModelOutputParse parse =
      parse_model_output("<think>maybe <risks/></think><reflection>r</reflection>\n<risks/>");
  EXPECT_PROBLEM(parse, "unexpected <think> block");
  EXPECT_TRUE(parse.complete);
  EXPECT_EQ(parse.problems.size(), 1U) << problems_of(parse);
}

TEST(ModelOutputParse, LessThanSignsInProseStayText) {
  const ModelOutputParse parse = parse_model_output("<reflection>I <3 this, 2 < 3</reflection><risks/>");
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_EQ(parse.assessment.reflection, "I <3 this, 2 < 3");
}

TEST(ModelOutputParse, TagsInsideTheReflectionAreReflectionText) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>user typed <risk type=\"suicide\"/> as a joke</reflection>\n<risks/>");
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_TRUE(parse.assessment.risks.empty());
  EXPECT_EQ(parse.assessment.reflection, "user typed <risk type=\"suicide\"/> as a joke");
}

TEST(ModelOutputParse, SelfClosingReflectionIsAnEmptyReflection) {
  const ModelOutputParse parse = parse_model_output("<reflection/><risks/>");
  EXPECT_NO_PROBLEMS(parse);
  EXPECT_TRUE(parse.complete);
  EXPECT_EQ(parse.assessment.reflection, "");
}

// --------------------------------------------------------- reported problems

TEST(ModelOutputProblems, EmptyTextMissesEverything) {
  const ModelOutputParse parse = parse_model_output("");
  EXPECT_FALSE(parse.complete);
  EXPECT_PROBLEM(parse, "missing <reflection>");
  EXPECT_PROBLEM(parse, "missing <risks>");
  EXPECT_EQ(parse.assessment, Assessment{});
}

TEST(ModelOutputProblems, MissingReflectionIsReportedAndRisksStillRead) {
  const ModelOutputParse parse = parse_model_output(
      "<risks><risk subject=\"self\" type=\"suicide\" severity=\"high\"/></risks>");
  EXPECT_FALSE(parse.complete);
  EXPECT_PROBLEM(parse, "missing <reflection>");
  EXPECT_EQ(parse.assessment.risks.size(), 1U);
}

TEST(ModelOutputProblems, UnterminatedReflectionStillReadsTheRisksAfterIt) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>forgot to close\n<risks><risk subject=\"self\" type=\"suicide\" severity=\"high\"/></risks>");
  EXPECT_FALSE(parse.complete);
  EXPECT_PROBLEM(parse, "unterminated <reflection>");
  EXPECT_EQ(parse.assessment.reflection, "forgot to close");
  EXPECT_EQ(parse.assessment.risks.size(), 1U);
}

TEST(ModelOutputProblems, ReflectionCutInsideItsClosingTagLosesTheTagFragment) {
  const ModelOutputParse parse = parse_model_output("<reflection>cut here</refl");
  EXPECT_PROBLEM(parse, "unterminated <reflection>");
  EXPECT_EQ(parse.assessment.reflection, "cut here");
}

TEST(ModelOutputProblems, MissingRisksIsReported) {
  const ModelOutputParse parse = parse_model_output("<reflection>only thoughts</reflection>");
  EXPECT_FALSE(parse.complete);
  EXPECT_PROBLEM(parse, "missing <risks>");
  EXPECT_EQ(parse.assessment.reflection, "only thoughts");
}

TEST(ModelOutputProblems, MissingClosingRisksKeepsTheRisksParsedSoFar) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection>\n<risks>\n  <risk subject=\"self\" type=\"suicide\" severity=\"critical\"/>\n"
      "  <risk subject=\"other\" type=\"violence\" severity=\"high\"/>\n");
  EXPECT_FALSE(parse.complete);
  EXPECT_PROBLEM(parse, "missing </risks> (output truncated?)");
  EXPECT_EQ(parse.assessment.risks.size(), 2U);
}

TEST(ModelOutputProblems, UnknownSubjectBecomesUnknownAndIsReported) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"speaker\" type=\"suicide\" severity=\"high\"/></risks>");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].subject, Subject::unknown);
  EXPECT_PROBLEM(parse, "risk 1: unknown subject 'speaker'");
  EXPECT_TRUE(parse.complete);
}

TEST(ModelOutputProblems, MissingSubjectBecomesUnknownAndIsReported) {
  const ModelOutputParse parse =
      parse_model_output("<reflection>r</reflection><risks><risk type=\"suicide\" severity=\"high\"/></risks>");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].subject, Subject::unknown);
  EXPECT_PROBLEM(parse, "risk 1: missing subject");
}

TEST(ModelOutputProblems, UnknownTypeDropsTheRiskAndSaysSo) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\"/>"
      "<risk subject=\"self\" type=\"extremism\" severity=\"high\"/></risks>");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].type, RiskType::suicide);
  EXPECT_PROBLEM(parse, "risk 2: unknown type 'extremism' (risk dropped)");
}

TEST(ModelOutputProblems, MissingTypeDropsTheRiskAndSaysSo) {
  const ModelOutputParse parse =
      parse_model_output("<reflection>r</reflection><risks><risk subject=\"self\" severity=\"high\"/></risks>");
  EXPECT_TRUE(parse.assessment.risks.empty());
  EXPECT_PROBLEM(parse, "risk 1: missing type (risk dropped)");
}

TEST(ModelOutputProblems, UnknownSeverityIsAbsentAndReported) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"extreme\"/></risks>");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].severity, std::nullopt);
  EXPECT_PROBLEM(parse, "risk 1: unknown severity 'extreme'");
  EXPECT_EQ(parse.assessment.speaker_severity(), SpeakerSeverity::mild);
}

TEST(ModelOutputProblems, MissingSeverityIsAbsentAndReported) {
  const ModelOutputParse parse =
      parse_model_output("<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\"/></risks>");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].severity, std::nullopt);
  EXPECT_PROBLEM(parse, "risk 1: missing severity");
}

TEST(ModelOutputProblems, UnknownImminenceIsAbsentAndReported) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\" "
      "imminence=\"soonish\"/></risks>");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].imminence, std::nullopt);
  EXPECT_PROBLEM(parse, "risk 1: unknown imminence 'soonish'");
}

TEST(ModelOutputProblems, UnknownAttributeNamesAreReportedAndIgnored) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\" "
      "confidence=\"0.9\" urgent/></risks>");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_PROBLEM(parse, "risk 1: unknown attribute 'confidence'");
  EXPECT_PROBLEM(parse, "risk 1: unknown attribute 'urgent'");
}

TEST(ModelOutputProblems, DuplicateAttributesKeepTheFirstAndAreReported) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\" "
      "severity=\"mild\" x=\"1\" x=\"2\"/></risks>");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].severity, Severity::high);
  EXPECT_PROBLEM(parse, "risk 1: duplicate attribute 'severity'");
  EXPECT_PROBLEM(parse, "risk 1: duplicate attribute 'x'");
}

TEST(ModelOutputProblems, ValuelessKnownAttributeIsReported) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity/></risks>");
  EXPECT_PROBLEM(parse, "risk 1: attribute 'severity' has no value");
  EXPECT_PROBLEM(parse, "risk 1: missing severity");
  EXPECT_EQ(parse.assessment.risks.size(), 1U);
}

TEST(ModelOutputProblems, TruncatedRiskTagIsReportedAndKeepsItsCompleteAttributes) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection>\n<risks>\n  <risk subject=\"self\" type=\"suicide\" severity=\"hi");
  EXPECT_FALSE(parse.complete);
  EXPECT_PROBLEM(parse, "risk 1: truncated <risk> tag");
  EXPECT_PROBLEM(parse, "missing </risks>");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0], make_risk(Subject::self, RiskType::suicide, std::nullopt));
}

TEST(ModelOutputProblems, TruncatedRiskTagWithoutTypeIsDroppedAndSaysSo) {
  const ModelOutputParse parse =
      parse_model_output("<reflection>r</reflection>\n<risks>\n  <risk subject=\"self\" ty");
  EXPECT_TRUE(parse.assessment.risks.empty());
  EXPECT_PROBLEM(parse, "risk 1: truncated <risk> tag");
  EXPECT_PROBLEM(parse, "risk 1: missing type (risk dropped)");
}

TEST(ModelOutputProblems, RiskTagCutShortByAnotherTagIsMalformedButKept) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\"\n</risks>");
  EXPECT_PROBLEM(parse, "risk 1: malformed tag");
  EXPECT_TRUE(parse.complete);
  EXPECT_EQ(parse.assessment.risks.size(), 1U);
}

TEST(ModelOutputProblems, UnquotedAttributeValuesAreReadButReported) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=self type=suicide severity=high/></risks>");
  EXPECT_PROBLEM(parse, "risk 1: malformed tag");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0], make_risk(Subject::self, RiskType::suicide, Severity::high));
}

TEST(ModelOutputProblems, StrayTextBeforeReflectionIsReported) {
  const ModelOutputParse parse = parse_model_output("Sure! Here you go:\n<reflection>r</reflection><risks/>");
  EXPECT_PROBLEM(parse, "text before <reflection>: 'Sure! Here you go:'");
  EXPECT_TRUE(parse.complete);
}

TEST(ModelOutputProblems, TextAfterClosingRisksIsReported) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\"/></risks>\n"
      "Hope this helps");
  EXPECT_PROBLEM(parse, "text after </risks>: 'Hope this helps'");
  EXPECT_TRUE(parse.complete);
}

TEST(ModelOutputProblems, TextAfterEmptyRisksIsReported) {
  const ModelOutputParse parse = parse_model_output("<reflection>r</reflection><risks/> trailing");
  EXPECT_PROBLEM(parse, "text after <risks/>: 'trailing'");
}

TEST(ModelOutputProblems, StrayTextBetweenTheBlocksIsReported) {
  const ModelOutputParse parse = parse_model_output("<reflection>r</reflection> so: <risks/>");
  EXPECT_PROBLEM(parse, "stray text: 'so:'");
}

TEST(ModelOutputProblems, SurroundingWhitespaceIsNotAProblem) {
  const ModelOutputParse parse = parse_model_output(" \n\t<reflection>r</reflection>\n\n<risks/>\n \n");
  EXPECT_NO_PROBLEMS(parse);
}

TEST(ModelOutputProblems, EmptyRisksTogetherWithRiskElementsKeepsTheRisks) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks/>\n<risk subject=\"self\" type=\"suicide\" severity=\"high\"/>");
  EXPECT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_PROBLEM(parse, "<risks/> together with <risk> elements (risks kept)");
  EXPECT_TRUE(parse.assessment.is_crisis());
}

TEST(ModelOutputProblems, EmptyRisksAfterARisksBlockKeepsTheRisks) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\"/></risks><risks/>");
  EXPECT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_PROBLEM(parse, "<risks/> together with <risk> elements");
}

TEST(ModelOutputProblems, RiskOutsideARisksBlockIsKeptAndReported) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection>\n<risk subject=\"self\" type=\"suicide\" severity=\"high\"/>");
  EXPECT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_PROBLEM(parse, "risk 1: outside <risks> (kept)");
  EXPECT_PROBLEM(parse, "missing <risks>");
}

TEST(ModelOutputProblems, OnlyTheFirstReflectionIsUsed) {
  const ModelOutputParse parse =
      parse_model_output("<reflection>first</reflection><reflection>second</reflection><risks/>");
  EXPECT_EQ(parse.assessment.reflection, "first");
  EXPECT_PROBLEM(parse, "extra <reflection> ignored");
  EXPECT_TRUE(parse.complete);
}

TEST(ModelOutputProblems, RisksBeforeTheReflectionAreReadAndTheOrderReported) {
  const ModelOutputParse parse = parse_model_output(
      "<risks><risk subject=\"self\" type=\"suicide\" severity=\"high\"/></risks><reflection>late</reflection>");
  EXPECT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.reflection, "late");
  EXPECT_PROBLEM(parse, "<reflection> after <risks>");
  EXPECT_TRUE(parse.complete);
}

TEST(ModelOutputProblems, UnexpectedTagsAreReported) {
  const ModelOutputParse parse =
      parse_model_output("<reflection>r</reflection><answer><risks/></answer></risk></reflection>");
  EXPECT_PROBLEM(parse, "unexpected tag '<answer>'");
  EXPECT_PROBLEM(parse, "unexpected tag '</answer>'");
  EXPECT_PROBLEM(parse, "unexpected </risk>");
  EXPECT_PROBLEM(parse, "unexpected </reflection>");
}

TEST(ModelOutputProblems, UnclosedRiskElementIsReported) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\"></risks>");
  EXPECT_PROBLEM(parse, "risk 1: missing </risk>");
  EXPECT_EQ(parse.assessment.risks.size(), 1U);
}

TEST(ModelOutputProblems, NestedRisksBlocksAreReported) {
  const ModelOutputParse parse = parse_model_output("<reflection>r</reflection><risks><risks></risks>");
  EXPECT_PROBLEM(parse, "nested <risks>");
}

TEST(ModelOutputProblems, QuotesOfModelOutputAreShort) {
  const std::string long_type(500, 'x');
  const ModelOutputParse parse = parse_model_output("<reflection>r</reflection><risks><risk subject=\"self\" type=\"" +
                                                    long_type + "\" severity=\"high\"/></risks>");
  ASSERT_FALSE(parse.problems.empty());
  for (const std::string& problem : parse.problems) EXPECT_LT(problem.size(), 120U) << problem;
  EXPECT_PROBLEM(parse, "...");
}

TEST(ModelOutputProblems, QuotesShowControlAndInvalidBytesAsHex) {
  const ModelOutputParse parse = parse_model_output("\xFF\x01 junk<reflection>r</reflection><risks/>");
  EXPECT_PROBLEM(parse, "text before <reflection>: '\\xFF\\x01 junk'");
  for (const std::string& problem : parse.problems) EXPECT_TRUE(is_valid_utf8(problem)) << problem;
}

TEST(ModelOutputProblems, QuotesNeverSplitAMultiByteCharacter) {
  std::string long_type;
  for (int index = 0; index < 100; ++index) long_type += "\xE2\x82\xAC";  // euro signs
  const ModelOutputParse parse = parse_model_output("<risks><risk type=\"" + long_type + "\"/></risks>");
  for (const std::string& problem : parse.problems) EXPECT_TRUE(is_valid_utf8(problem)) << problem;
}

TEST(ModelOutputProblems, InvalidUtf8InTextIsReplacedAndReported) {
  const ModelOutputParse parse = parse_model_output(
      "<reflection>cut mid-emoji \xF0\x9F\x98</reflection><risks><risk subject=\"self\" type=\"suicide\" "
      "severity=\"high\" features=\"a\xC0\xAF\"/></risks>");
  EXPECT_EQ(parse.assessment.reflection, "cut mid-emoji \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_PROBLEM(parse, "reflection: invalid UTF-8 replaced");
  ASSERT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.risks[0].features, (std::vector<std::string>{"a\xEF\xBF\xBD\xEF\xBF\xBD"}));
  EXPECT_PROBLEM(parse, "risk 1 features: invalid UTF-8 replaced");
}

TEST(ModelOutputProblems, ProblemListIsBoundedOnHostileInput) {
  std::string text = "<reflection>r</reflection><risks>";
  for (int index = 0; index < 1000; ++index) text += "<risk/>";
  const ModelOutputParse parse = parse_model_output(text);
  EXPECT_LE(parse.problems.size(), 56U);
  EXPECT_PROBLEM(parse, "further problems not shown: ");
}

TEST(ModelOutputProblems, MissingTagVerdictsAreNeverCrowdedOut) {
  std::string text = "<reflection>r</reflection><risks>";
  for (int index = 0; index < 1000; ++index) text += "<risk/>";
  const ModelOutputParse parse = parse_model_output(text);
  EXPECT_EQ(parse.problems.back(), "missing </risks> (output truncated?)");
}

TEST(ModelOutputProblems, AnUnterminatedThinkBlockDoesNotHideTheAnswer) {
  const ModelOutputParse parse = parse_model_output(
      "<think>hmm\n<reflection>r</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\"/></risks>");
  EXPECT_PROBLEM(parse, "unterminated <think> block");
  EXPECT_EQ(parse.assessment.risks.size(), 1U);
  EXPECT_EQ(parse.assessment.reflection, "r");
}

// ------------------------------------------------------------------ render

TEST(ModelOutputRender, CrisisRendersInCanonicalForm) {
  const Assessment assessment{"text", {make_risk(Subject::self, RiskType::suicide, Severity::high, Imminence::urgent,
                                                 {"active_ideation", "intent_stated"})}};
  EXPECT_EQ(render_model_output(assessment),
            "<reflection>text</reflection>\n<risks>\n  <risk subject=\"self\" type=\"suicide\" severity=\"high\" "
            "imminence=\"urgent\" features=\"active_ideation,intent_stated\"/>\n</risks>");
}

TEST(ModelOutputRender, NoCrisisRendersSelfClosingRisks) {
  EXPECT_EQ(render_model_output(Assessment{"text", {}}), "<reflection>text</reflection>\n<risks/>");
}

TEST(ModelOutputRender, OmitsAbsentSeverityImminenceAndEmptyFeatures) {
  const Assessment assessment{"r",
                              {make_risk(Subject::other, RiskType::neglect, std::nullopt),
                               make_risk(Subject::unknown, RiskType::exploitation, Severity::mild)}};
  EXPECT_EQ(render_model_output(assessment),
            "<reflection>r</reflection>\n<risks>\n  <risk subject=\"other\" type=\"neglect\"/>\n"
            "  <risk subject=\"unknown\" type=\"exploitation\" severity=\"mild\"/>\n</risks>");
}

TEST(ModelOutputRender, EscapesMarkupCharactersInTextAndAttributes) {
  const Assessment assessment{"a & b < c > d \"e\" 'f'",
                              {make_risk(Subject::self, RiskType::abuse, Severity::high, {}, {"x&\"<y>"})}};
  EXPECT_EQ(render_model_output(assessment),
            "<reflection>a &amp; b &lt; c &gt; d &quot;e&quot; 'f'</reflection>\n<risks>\n  <risk subject=\"self\" "
            "type=\"abuse\" severity=\"high\" features=\"x&amp;&quot;&lt;y&gt;\"/>\n</risks>");
}

TEST(ModelOutputRender, ManyRisksWithoutSeverityStillRoundTrip) {
  Assessment assessment{"r", {}};
  for (int index = 0; index < 80; ++index) assessment.risks.push_back(make_risk(Subject::self, RiskType::abuse, {}));
  EXPECT_EQ(parse_model_output(render_model_output(assessment)).assessment, assessment);
}

TEST(ModelOutputRender, AbsentSeverityRoundTripsWithOnlyAMissingSeverityProblem) {
  const Assessment assessment{"r", {make_risk(Subject::self, RiskType::suicide, std::nullopt, Imminence::acute)}};
  const ModelOutputParse parse = parse_model_output(render_model_output(assessment));
  EXPECT_EQ(parse.assessment, assessment);
  EXPECT_EQ(parse.problems, (std::vector<std::string>{"risk 1: missing severity"}));
}

// ------------------------------------------------ generated round trips

class AssessmentGenerator {
 public:
  explicit AssessmentGenerator(unsigned seed) : rng_(seed) {}

  Assessment next() {
    Assessment assessment;
    assessment.reflection = std::string(trim(random_text()));
    const std::size_t risk_count = pick(4);
    for (std::size_t index = 0; index < risk_count; ++index) assessment.risks.push_back(random_risk());
    return assessment;
  }

 private:
  std::size_t pick(std::size_t bound) { return std::uniform_int_distribution<std::size_t>(0, bound - 1)(rng_); }

  template <typename T, std::size_t N>
  T pick_from(const std::array<T, N>& values) {
    return values[pick(N)];
  }

  static std::string_view trim(std::string_view text) {
    constexpr std::string_view kSpace = " \t\n\r\f\v";
    const std::size_t first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
  }

  // Pieces chosen to stress the escaping and the tag scanner.
  std::string random_text() {
    static const std::array<std::string_view, 26> kPieces = {
        "a",     "Z",      " ",          "\n",        "\t",       "&",       "<",    ">",
        "\"",    "'",      ";",          "#",         "&amp;",    "&#65;",   ",",    "=",
        "/",     "</reflection>", "<risks/>", "<risk type=\"suicide\"/>", "\xC3\xA9", "\xF0\x9F\x98\xA2",
        "kms",   "I want to die", "  ", "\r\n"};
    std::string text;
    const std::size_t piece_count = pick(30);
    for (std::size_t index = 0; index < piece_count; ++index) text += pick_from(kPieces);
    return text;
  }

  std::string random_feature() {
    static const std::array<std::string_view, 10> kFeatures = {
        "active_ideation", "plan", "intent_stated", "a&b", "x<y>", "quote\"d", "it's", "\xC3\xBCn\xC3\xAF",
        "with space", "&amp;"};
    return std::string(pick_from(kFeatures));
  }

  Risk random_risk() {
    Risk risk;
    risk.subject = pick_from(kAllSubjects);
    risk.type = pick_from(kAllRiskTypes);
    risk.severity = pick_from(kAllSeverities);  // always present: absent severity is itself reported
    if (pick(2) == 0) risk.imminence = pick_from(kAllImminences);
    const std::size_t feature_count = pick(4);
    for (std::size_t index = 0; index < feature_count; ++index) risk.features.push_back(random_feature());
    return risk;
  }

  std::mt19937 rng_;
};

TEST(ModelOutputRoundTrip, ParseOfRenderGivesBackEveryGeneratedAssessmentWithoutProblems) {
  AssessmentGenerator generator(20240607);
  for (int iteration = 0; iteration < 3000; ++iteration) {
    const Assessment assessment = generator.next();
    const std::string rendered = render_model_output(assessment);
    const ModelOutputParse parse = parse_model_output(rendered);
    ASSERT_EQ(parse.assessment, assessment) << rendered;
    ASSERT_TRUE(parse.problems.empty()) << rendered << problems_of(parse);
    ASSERT_TRUE(parse.complete) << rendered;
  }
}

// Every byte prefix of a valid output is what a token limit or a dropped
// connection leaves behind: it must be flagged, never crash, and never lose
// a risk whose tag was already complete.
void expect_every_prefix_is_reported(std::string_view full_text) {
  const ModelOutputParse full = parse_model_output(full_text);
  for (std::size_t length = 0; length < full_text.size(); ++length) {
    const std::string_view prefix = full_text.substr(0, length);
    const ModelOutputParse parse = parse_model_output(prefix);
    ASSERT_FALSE(parse.complete) << prefix;
    ASSERT_FALSE(parse.problems.empty()) << prefix;
    std::size_t complete_risk_tags = 0;
    for (std::size_t at = prefix.find("/>"); at != std::string_view::npos; at = prefix.find("/>", at + 1)) {
      ++complete_risk_tags;
    }
    if (full.assessment.risks.empty()) continue;
    ASSERT_GE(parse.assessment.risks.size(), complete_risk_tags) << prefix;
    ASSERT_LE(parse.assessment.risks.size(), complete_risk_tags + 1) << prefix;
    for (std::size_t index = 0; index < complete_risk_tags; ++index) {
      ASSERT_EQ(parse.assessment.risks[index], full.assessment.risks[index]) << prefix;
    }
  }
}

TEST(ModelOutputRoundTrip, EveryTruncationOfTheSeedOutputsIsReported) {
  for (std::string_view text : kSeedOutputs) expect_every_prefix_is_reported(text);
}

TEST(ModelOutputRoundTrip, EveryTruncationOfGeneratedOutputsIsReported) {
  AssessmentGenerator generator(7);
  for (int iteration = 0; iteration < 40; ++iteration) {
    expect_every_prefix_is_reported(render_model_output(generator.next()));
  }
}

TEST(ModelOutputRoundTrip, HandWrittenMalformedOutputsStillRenderCanonically) {
  const std::vector<std::string> inputs = {
      "",
      "<",
      "</",
      "<>",
      "< risk>",
      "<reflection",
      "<reflection>",
      "<reflection></reflection",
      "</reflection>",
      "<reflection>a</reflection></reflection></reflection>",
      "<reflection><reflection>x</reflection></reflection>",
      "<risks",
      "<risks/",
      "<risks / x>",
      "<risks></risks></risks>",
      "<risk",
      "<risk/>",
      "<risk ></risk>",
      "<risk type=\"suicide\"",
      "<risk type=\"suicide",
      "<risk type='suicide\"/>",
      "<risk type=suicide",
      "<risk type=>",
      "<risk type=",
      "<risk =\"self\"/>",
      "<risk type=\"suicide\"//>",
      "<risk type=\"suicide\" / / >",
      "<risk type=\"suicide\" subject=\"self\" features=\",,,\"/>",
      "<risk type=\"suicide\" features=\"&#44;a&#44;\"/>",
      "<risk type=\"suicide\" features=\"&#32;a&#32;,&#9;\"/>",
      "<risk type=\"self_harm\" subject=\"&#115;elf\" severity=\"&#x6D;ild\"/>",
      "<reflection>&#32;leading entity space&#32;</reflection><risks/>",
      "<reflection>&#x20;&#x20;</reflection><risks/>",
      "<reflection>\xFF\xFE\xFD</reflection><risks/>",
      "<reflection>&#xFFFF;&#x10FFFF;&#x7F;&#1;</reflection><risks/>",
      "<reflection>a</reflection>\n<risks>\n<risk subject=\"self\" type=\"suicide\" severity=\"high\">text</risk>",
      "<think>",
      "<think></think>",
      "<think></think><think></think>",
      "   <think>  </think  >   <reflection>x</reflection><risks/>",
      "<reflection>x</reflection><risks><!-- comment --></risks>",
      "<?xml version=\"1.0\"?><reflection>x</reflection><risks/>",
      "<reflection>x</reflection><risks><risk subject=\"self\" type=\"suicide\" severity=\"high\" "
      "features=\"a\nb,c\r\"/></risks>",
      "<reflection>nul\0byte</reflection><risks/>"s,
  };
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input);
    expect_canonical_round_trip(input);
  }
}

TEST(ModelOutputRoundTrip, RandomFragmentSoupAlwaysRendersCanonically) {
  static const std::array<std::string_view, 24> kFragments = {
      "<reflection>", "</reflection>", "<risks>", "</risks>", "<risks/>", "<risks />", "<risk ", "/>", "</risk>",
      "subject=\"self\" ", "type=\"suicide\" ", "type='abuse' ", "severity=\"high\"", "imminence=\"x\"",
      "features=\"a, b\"", "\"", "'", ">", "<", "&", "&#x41;", "\xFF", "text ", "\n"};
  std::mt19937 rng(99);
  std::uniform_int_distribution<std::size_t> fragment(0, kFragments.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  for (int iteration = 0; iteration < 5000; ++iteration) {
    std::string text;
    const int fragment_count = length(rng);
    for (int index = 0; index < fragment_count; ++index) text += kFragments[fragment(rng)];
    SCOPED_TRACE(text);
    expect_canonical_round_trip(text);
    if (testing::Test::HasFatalFailure() || testing::Test::HasNonfatalFailure()) return;
  }
}

TEST(ModelOutputRoundTrip, RandomBytesNeverCrashTheParser) {
  std::mt19937 rng(1234);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 200);
  for (int iteration = 0; iteration < 3000; ++iteration) {
    std::string text;
    const int byte_count = length(rng);
    for (int index = 0; index < byte_count; ++index) text += static_cast<char>(byte(rng));
    expect_canonical_round_trip(text);
    if (testing::Test::HasNonfatalFailure()) return;
  }
}

// ------------------------------------------------------------- performance

// Shapes that make naive scanners quadratic; each must parse in linear time.
TEST(ModelOutputPerformance, HostileMegabyteInputsParseQuickly) {
  constexpr std::size_t kRepeats = 100000;
  const std::vector<std::string_view> units = {"<risk ", "<reflection>", "</reflection", "&", "&#x",
                                               "<risks>", "<a ", "<risk a=\"\" ", ",", "</think",
                                               "<reflection><risks>", "<reflection>x</reflection"};
  for (std::string_view unit : units) {
    std::string text;
    if (unit == ",") text = "<reflection>r</reflection><risks><risk type=\"suicide\" features=\"";
    if (unit == "</think") text = "<think>";
    if (unit == "&" || unit == "&#x" || unit == "</reflection") text = "<reflection>";
    for (std::size_t index = 0; index < kRepeats; ++index) text += unit;
    const auto start = std::chrono::steady_clock::now();
    const ModelOutputParse parse = parse_model_output(text);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(elapsed.count(), 5.0) << "unit '" << unit << "'";
    EXPECT_LE(parse.problems.size(), 56U);
  }
}

}  // namespace
}  // namespace lifeguard
