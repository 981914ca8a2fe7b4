// The HTML report in a real browser: headless Chromium lays the page out, the
// page's own script records each chart's rendered size, and a screenshot is
// left in the build folder for a person to look at. Skipped without Chromium.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <unistd.h>

#include "eval/eval_report.hpp"
#include "eval/report_html.hpp"
#include "support/make_risk.hpp"

namespace lifeguard {
namespace {

namespace fs = std::filesystem;
using test_support::expect;
using test_support::make_risk;

std::string find_chromium() {
  if (fs::exists("/usr/bin/chromium")) return "/usr/bin/chromium";
  const char* path = std::getenv("PATH");
  std::string folders = path ? path : "";
  for (std::size_t start = 0; start <= folders.size();) {
    std::size_t end = folders.find(':', start);
    if (end == std::string::npos) end = folders.size();
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
      fs::path candidate = fs::path(folders.substr(start, end - start)) / name;
      if (!candidate.parent_path().empty() && access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    start = end + 1;
  }
  return "";
}

// Runs a shell command and returns its stdout; Chromium's stderr noise is dropped.
std::string run_shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return out;
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

std::string shell_quoted(const fs::path& path) { return "'" + path.string() + "'"; }

LabelledCase make_case(std::string id, std::string text, bool crisis, std::vector<ExpectedRisk> risks,
                       SpeakerSeverity speaker) {
  LabelledCase labelled;
  labelled.case_id = std::move(id);
  labelled.description = "Hand-built case " + labelled.case_id;
  labelled.conversation = {Turn{Role::user, "Hi, can I talk to you?"},
                           Turn{Role::assistant, "Of course. What is on your mind?"},
                           Turn{Role::user, std::move(text)}};
  labelled.expected_crisis = crisis;
  labelled.expected_risks = std::move(risks);
  labelled.expected_speaker_severity = speaker;
  labelled.acceptable_speaker_severities = {speaker};
  if (crisis) labelled.acceptable_imminence = {Imminence::urgent, Imminence::emergency};
  labelled.rationale = "Why " + labelled.case_id + " is labelled so <b>not bold</b>.";
  return labelled;
}

CaseRun make_run(std::string suite, LabelledCase labelled, std::vector<Risk> reported, double latency_ms) {
  CaseRun run;
  run.suite = std::move(suite);
  run.labelled = std::move(labelled);
  run.assessment.reflection = "The reflection for " + run.labelled.case_id + ".";
  run.assessment.risks = std::move(reported);
  run.outcome = score_case(run.labelled, run.assessment);
  run.latency_ms = latency_ms;
  return run;
}

// Three suites, several risk types, passes and each kind of failure.
EvalReport sample_report() {
  EvalReport report;
  report.backend = "screener";
  report.model = "embedded screener";
  report.generated_at = "2025-01-02T03:04:05Z";
  report.suite_files = {"data/suites/benign.json", "data/suites/self_harm.json", "data/suites/violence.json"};
  report.suite_problems = {"data/suites/violence.json:v-9: expected_risks[0].type: unknown 'threat'"};
  const auto self_suicide = expect(Subject::self, RiskType::suicide, Severity::high);
  const auto self_harm = expect(Subject::self, RiskType::self_harm, Severity::moderate);
  const auto other_violence = expect(Subject::other, RiskType::violence, Severity::high);
  const auto self_abuse = expect(Subject::self, RiskType::abuse, Severity::high);
  double latency = 3.0;
  for (int i = 0; i < 6; ++i) {
    std::vector<Risk> reported;
    if (i == 5) reported.push_back(make_risk(Subject::self, RiskType::suicide, Severity::mild, Imminence::chronic));
    report.runs.push_back(make_run("benign",
                                   make_case("b-" + std::to_string(i), "I could <script>alert(1)</script> sleep for days",
                                             false, {}, SpeakerSeverity::none),
                                   reported, latency += 1.5));
  }
  for (int i = 0; i < 5; ++i) {
    std::vector<Risk> reported;
    if (i < 3) reported.push_back(make_risk(Subject::self, RiskType::suicide, Severity::high, Imminence::urgent));
    if (i == 3) reported.push_back(make_risk(Subject::self, RiskType::self_harm, Severity::mild, Imminence::chronic));
    report.runs.push_back(make_run("self_harm",
                                   make_case("s-" + std::to_string(i), "I don't see the point anymore, I have a plan",
                                             true, {i == 3 ? self_harm : self_suicide},
                                             i == 3 ? SpeakerSeverity::moderate : SpeakerSeverity::high),
                                   reported, latency += 4.0));
  }
  for (int i = 0; i < 4; ++i) {
    std::vector<Risk> reported;
    if (i < 2) reported.push_back(make_risk(Subject::other, RiskType::violence, Severity::high, Imminence::urgent));
    report.runs.push_back(make_run("violence",
                                   make_case("v-" + std::to_string(i), "My partner hits me when he drinks", true,
                                             {i < 2 ? other_violence : self_abuse},
                                             i < 2 ? SpeakerSeverity::none : SpeakerSeverity::high),
                                   reported, latency += 2.0));
  }
  report.runs.back().error = "remote backend: HTTP 503 \"overloaded\" after 30 s";
  report.summary = summarise(report.runs);
  return report;
}

struct RenderedSize {
  int width = 0;
  int height = 0;
};

std::optional<RenderedSize> rendered_size(const std::string& dom, const std::string& id) {
  std::smatch tag;
  if (!std::regex_search(dom, tag, std::regex("<svg[^>]*id=\"" + id + "\"[^>]*>"))) return std::nullopt;
  const std::string text = tag.str();
  std::smatch size;
  if (!std::regex_search(text, size, std::regex("data-rendered=\"(\\d+)x(\\d+)\""))) return std::nullopt;
  return RenderedSize{std::stoi(size[1].str()), std::stoi(size[2].str())};
}

class ReportBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = find_chromium();
    if (chromium_.empty()) GTEST_SKIP() << "Chromium not found (/usr/bin/chromium or PATH); run scripts/setup";
    folder_ = fs::temp_directory_path() / ("lifeguard-report-browser-" + std::to_string(getpid()));
    fs::create_directories(folder_);
    page_ = folder_ / "report.html";
    std::ofstream(page_, std::ios::binary) << render_html_report(sample_report());
  }
  void TearDown() override {
    std::error_code ignored;
    if (!folder_.empty()) fs::remove_all(folder_, ignored);
  }

  // A profile of its own, so parallel runs do not fight over one profile lock.
  std::string chromium(const std::string& arguments) const {
    return "timeout 60 " + shell_quoted(chromium_) +
           " --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
           " --user-data-dir=" + shell_quoted(folder_ / "profile") + " " + arguments + " " +
           shell_quoted("file://" + page_.string());
  }

  std::string chromium_;
  fs::path folder_;
  fs::path page_;
};

TEST_F(ReportBrowser, LaysOutTheThreeCharts) {
  const std::string dom = run_shell(chromium("--window-size=1280,2400 --dump-dom"));
  ASSERT_NE(dom.find("</html>"), std::string::npos) << "no DOM dumped; Chromium output:\n" << dom.substr(0, 2000);
  EXPECT_TRUE(std::regex_search(dom, std::regex("<body[^>]*data-charts=\"3\""))) << "the page's script did not run";
  for (const char* id : {"chart-pass-rate", "chart-type-recall", "chart-severity-confusion"}) {
    auto size = rendered_size(dom, id);
    ASSERT_TRUE(size.has_value()) << id << " has no data-rendered size";
    EXPECT_GT(size->width, 100) << id;
    EXPECT_GT(size->height, 50) << id;
  }
  // The hostile suite text reached the browser as text, not as an element.
  EXPECT_EQ(dom.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(dom.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST_F(ReportBrowser, TakesAScreenshot) {
  // Beside the test binary (the build folder), wherever the test is run from.
  const fs::path screenshot = fs::read_symlink("/proc/self/exe").parent_path() / "eval-report-screenshot.png";
  std::error_code ignored;
  fs::remove(screenshot, ignored);
  run_shell(chromium("--window-size=1280,2400 --hide-scrollbars --screenshot=" + shell_quoted(screenshot)));
  ASSERT_TRUE(fs::exists(screenshot)) << "Chromium wrote no screenshot";
  std::ifstream file(screenshot, std::ios::binary);
  std::string signature(8, '\0');
  file.read(signature.data(), 8);
  EXPECT_EQ(signature, std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_GT(fs::file_size(screenshot), 10u * 1024u);
  std::cout << "HTML report screenshot: " << screenshot.string() << "\n";
}

}  // namespace
}  // namespace lifeguard
