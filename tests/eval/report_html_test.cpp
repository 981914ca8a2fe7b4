// The HTML report: one self-contained page with the three charts, every
// failure with expected vs got and its rationale, and every string from the
// suites or the backend escaped so it can never become markup.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eval/eval_report.hpp"
#include "eval/report_html.hpp"
#include "support/make_risk.hpp"

namespace lifeguard {
namespace {

using test_support::expect;
using test_support::make_risk;

LabelledCase make_case(std::string id, std::string text, bool crisis, std::vector<ExpectedRisk> risks,
                       SpeakerSeverity speaker, std::string rationale) {
  LabelledCase labelled;
  labelled.case_id = std::move(id);
  labelled.description = "description of " + labelled.case_id;
  labelled.conversation = {Turn{Role::user, std::move(text)}};
  labelled.expected_crisis = crisis;
  labelled.expected_risks = std::move(risks);
  labelled.expected_speaker_severity = speaker;
  labelled.acceptable_speaker_severities = {speaker};
  labelled.rationale = std::move(rationale);
  return labelled;
}

CaseRun make_run(std::string suite, LabelledCase labelled, std::vector<Risk> reported, std::string error = "") {
  CaseRun run;
  run.suite = std::move(suite);
  run.labelled = std::move(labelled);
  run.assessment.risks = std::move(reported);
  run.error = std::move(error);
  run.outcome = score_case(run.labelled, run.assessment);
  run.latency_ms = 12.5;
  return run;
}

EvalReport sample_report() {
  EvalReport report;
  report.backend = "screener";
  report.model = "embedded";
  report.generated_at = "2025-01-02T03:04:05Z";
  report.suite_files = {"data/suites/benign.json", "data/suites/crisis.json"};
  report.suite_problems = {"data/suites/crisis.json:c-broken: unknown risk type <sorrow>"};
  report.runs.push_back(make_run("benign", make_case("b-pass", "That workout was a killer", false, {},
                                                     SpeakerSeverity::none, "Idiom, no risk."),
                                 {}));
  report.runs.push_back(make_run(
      "benign",
      make_case("b-false-alarm", "I could murder a pizza", false, {}, SpeakerSeverity::none, "Food idiom."),
      {make_risk(Subject::self, RiskType::self_harm, Severity::mild, Imminence::chronic)}));
  report.runs.push_back(make_run(
      "crisis",
      make_case("c-pass", "I am going to end my life tonight", true,
                {expect(Subject::self, RiskType::suicide, Severity::critical)}, SpeakerSeverity::critical,
                "Intent and timing."),
      {make_risk(Subject::self, RiskType::suicide, Severity::critical, Imminence::emergency)}));
  report.runs.push_back(make_run(
      "crisis",
      make_case("c-critical", "I have the pills ready <script>alert(1)</script>", true,
                {expect(Subject::self, RiskType::suicide, Severity::high)}, SpeakerSeverity::high,
                "Means in hand \"&' stated plainly."),
      {}));
  report.runs.push_back(make_run(
      "crisis",
      make_case("c-error", "He said he would hurt me", true, {expect(Subject::self, RiskType::abuse, Severity::moderate)},
                SpeakerSeverity::moderate, "Threat from a partner."),
      {}, "backend failed: <timeout> after 30 s"));
  report.summary = summarise(report.runs);
  return report;
}

// The part of the page from the failures section to the end.
std::string failures_part(const std::string& html) {
  auto start = html.find("id=\"failures\"");
  EXPECT_NE(start, std::string::npos);
  return start == std::string::npos ? std::string() : html.substr(start);
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

TEST(HtmlReport, IsOneSelfContainedPageWithTheThreeCharts) {
  const std::string html = render_html_report(sample_report());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* id : {"id=\"chart-pass-rate\"", "id=\"chart-type-recall\"", "id=\"chart-severity-confusion\""}) {
    EXPECT_NE(html.find(id), std::string::npos) << id;
  }
  EXPECT_EQ(count(html, "<svg class=\"chart\""), 3u);
  EXPECT_EQ(count(html, "viewBox="), 3u);
  // Nothing is fetched from elsewhere (the SVG namespace is a name, not a fetch).
  EXPECT_EQ(count(html, "http://") + count(html, "https://"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(count(html, "<script"), 1u);  // only the page's own measuring script
}

TEST(HtmlReport, HeaderNamesTheRunAndListsSuiteProblems) {
  const std::string html = render_html_report(sample_report());
  EXPECT_NE(html.find("screener"), std::string::npos);
  EXPECT_NE(html.find("2025-01-02T03:04:05Z"), std::string::npos);
  EXPECT_NE(html.find("<b>5</b> cases"), std::string::npos);
  EXPECT_NE(html.find("c-broken: unknown risk type &lt;sorrow&gt;"), std::string::npos);
}

TEST(HtmlReport, ListsEveryFailureWithItsRationaleAndLeavesPassedCasesOut) {
  const std::string failures = failures_part(render_html_report(sample_report()));
  for (const char* id : {"c-critical", "b-false-alarm", "c-error"}) EXPECT_NE(failures.find(id), std::string::npos) << id;
  EXPECT_EQ(failures.find("c-pass"), std::string::npos);
  EXPECT_EQ(failures.find("b-pass"), std::string::npos);
  EXPECT_NE(failures.find("Food idiom."), std::string::npos);
  EXPECT_NE(failures.find("description of b-false-alarm"), std::string::npos);
  EXPECT_NE(failures.find("I could murder a pizza"), std::string::npos);
  EXPECT_NE(failures.find("self/self_harm mild chronic"), std::string::npos);
  EXPECT_NE(failures.find("critical miss"), std::string::npos);
  EXPECT_NE(failures.find("missing risks: self/suicide"), std::string::npos);
  EXPECT_NE(failures.find("backend failed: &lt;timeout&gt; after 30 s"), std::string::npos);
}

TEST(HtmlReport, PutsCriticalMissesFirst) {
  const std::string failures = failures_part(render_html_report(sample_report()));
  // b-false-alarm ran first, but c-critical is the critical miss.
  EXPECT_LT(failures.find("c-critical"), failures.find("b-false-alarm"));
}

TEST(HtmlReport, EscapesSuiteTextSoItNeverBecomesMarkup) {
  const std::string html = render_html_report(sample_report());
  EXPECT_EQ(html.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("\"&'"), std::string::npos);
  EXPECT_NE(html.find("&quot;&amp;&#39;"), std::string::npos);
}

TEST(HtmlReport, HeatmapCountsEveryCaseOnce) {
  const std::string html = render_html_report(sample_report());
  auto start = html.find("id=\"chart-severity-confusion\"");
  auto end = html.find("</svg>", start);
  ASSERT_NE(start, std::string::npos);
  const std::string heatmap = html.substr(start, end - start);
  // 25 cells, each with its count as the cell's text.
  EXPECT_EQ(count(heatmap, "font-size=\"14\""), 25u);
  for (const char* level : {">none<", ">mild<", ">moderate<", ">high<", ">critical<"}) {
    EXPECT_EQ(count(heatmap, level), 2u) << level;  // once per axis
  }
}

TEST(HtmlReport, ShowsAbsentFiguresAsADash) {
  EvalReport report = sample_report();
  const std::string html = render_html_report(report);
  EXPECT_NE(html.find("mean agreement</div><div class=\"value\">\u2013</div>"), std::string::npos);

  report.runs[0].agreement = 0.75;
  report.summary = summarise(report.runs);
  EXPECT_NE(render_html_report(report).find("mean agreement</div><div class=\"value\">75.0%</div>"),
            std::string::npos);
}

TEST(HtmlReport, EmptyReportSaysThereWereNoCases) {
  EvalReport report;
  report.backend = "screener";
  report.summary = summarise(report.runs);
  const std::string html = render_html_report(report);
  EXPECT_NE(html.find("There were no cases to evaluate."), std::string::npos);
  EXPECT_NE(html.find("No cases were run."), std::string::npos);
  EXPECT_NE(html.find("pass rate</div><div class=\"value\">\u2013</div>"), std::string::npos);
  EXPECT_NE(html.find("crisis recall</div><div class=\"value\">\u2013</div>"), std::string::npos);
  EXPECT_NE(html.find("latency p50</div><div class=\"value\">\u2013</div>"), std::string::npos);
  EXPECT_EQ(count(html, "<svg class=\"chart\""), 3u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

}  // namespace
}  // namespace lifeguard
