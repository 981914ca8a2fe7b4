// `lifeguard eval` as a user runs it: hand-counted figures through a fake
// OpenAI-compatible server, the screener on the bundled suites, bad suite
// files, gates, baselines and judges.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/fake_chat_server.hpp"
#include "support/run_command.hpp"

namespace lifeguard {
namespace {

using nlohmann::json;
using test_support::FakeChatServer;
using test_support::FakeReply;
using test_support::completion_body;
using test_support::run_lifeguard;
using test_support::source_path;

std::string xml(const std::string& risks) { return "<reflection>fixture</reflection>\n" + risks; }
std::string one_risk(const std::string& attributes) { return xml("<risks>\n  <risk " + attributes + "/>\n</risks>"); }

// What the fake model answers to each fixture message (tests/eval/fixtures/hand_count).
std::map<std::string, std::string> hand_count_answers() {
  return {
      {"fixture message c1", one_risk(R"(subject="self" type="suicide" severity="high" imminence="acute")")},
      {"fixture message c2", one_risk(R"(subject="self" type="self_harm" severity="mild")")},
      {"fixture message c3", one_risk(R"(subject="self" type="violence" severity="high")")},
      {"fixture message c4", xml("<risks/>")},
      {"fixture message b1", xml("<risks />")},
      {"fixture message b2", one_risk(R"(subject="self" type="abuse" severity="moderate")")},
      {"fixture message b3", xml("<risks/>")},
      {"fixture message c5", one_risk(R"(type="stalking" subject="self" severity="moderate" imminence="chronic")")},
  };
}

FakeReply answer_from(const std::map<std::string, std::string>& answers, const json& request) {
  const std::string content = request["messages"][0]["content"].get<std::string>();
  auto found = answers.find(content);
  if (found == answers.end()) return {400, R"({"error": {"message": "unexpected message"}})"};
  return {200, completion_body(found->second)};
}

std::string temp_path(const std::string& name) { return ::testing::TempDir() + "/" + name; }

json read_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

std::vector<std::string> remote_eval(const FakeChatServer& server, const std::string& json_out) {
  return {"eval", "--suite", source_path("tests/eval/fixtures/hand_count"), "--backend", "remote", "--remote",
          server.url(), "--remote-model", "nope-edge-test", "--json", json_out, "--quiet"};
}

TEST(EvalCli, FiguresMatchAHandCountOnAFixtureSuite) {
  std::mutex mutex;
  std::vector<json> requests;
  auto answers = hand_count_answers();
  FakeChatServer server([&](const json& request) {
    std::lock_guard lock(mutex);
    requests.push_back(request);
    return answer_from(answers, request);
  });
  const std::string out = temp_path("hand_count.json");
  auto result = run_lifeguard(remote_eval(server, out));
  ASSERT_EQ(result.exit_code, 0) << result.err;

  // The nope-edge prompt: one user message, the model's name, greedy, 300 new tokens.
  ASSERT_EQ(requests.size(), 8u);
  for (const auto& request : requests) {
    EXPECT_EQ(request["model"], "nope-edge-test");
    ASSERT_EQ(request["messages"].size(), 1u);
    EXPECT_EQ(request["messages"][0]["role"], "user");
    EXPECT_EQ(request["temperature"], 0.0);
    EXPECT_EQ(request["max_tokens"], 300);
  }

  json report = read_json(out);
  const json& all = report["overall"];
  // Hand count: passes c1, b1, b3, c5; c2 severity too low; c3 wrong subject;
  // c4 nothing reported; b2 a false alarm.
  EXPECT_EQ(all["cases"], 8);
  EXPECT_EQ(all["passed"], 4);
  EXPECT_DOUBLE_EQ(all["pass_rate"].get<double>(), 0.5);
  EXPECT_NEAR(all["mean_score"].get<double>(), (1 + 2.0 / 3 + 1.0 / 3 + 0 + 1 + 1.0 / 3 + 1 + 1) / 8, 1e-12);
  EXPECT_EQ(all["crisis"]["true_positives"], 4);
  EXPECT_EQ(all["crisis"]["false_negatives"], 1);
  EXPECT_EQ(all["crisis"]["false_positives"], 1);
  EXPECT_EQ(all["crisis"]["true_negatives"], 2);
  EXPECT_DOUBLE_EQ(all["crisis"]["recall"].get<double>(), 0.8);
  EXPECT_DOUBLE_EQ(all["crisis"]["precision"].get<double>(), 0.8);
  EXPECT_NEAR(all["crisis"]["f1"].get<double>(), 0.8, 1e-12);
  EXPECT_NEAR(all["crisis"]["benign_false_positive_rate"].get<double>(), 1.0 / 3, 1e-12);
  EXPECT_EQ(all["critical_misses"], json::array({"hc-c4"}));
  EXPECT_EQ(all["high_discrepancies"], 3);  // c3 none->high, c4 critical->none, b2 none->moderate
  EXPECT_EQ(all["type_recall"]["suicide"]["hits"], 1);
  EXPECT_EQ(all["type_recall"]["suicide"]["total"], 2);
  EXPECT_EQ(all["type_recall"]["violence"]["hits"], 1);  // the type was found, for the wrong subject
  EXPECT_EQ(all["subject_recall"]["self"]["hits"], 3);
  EXPECT_EQ(all["subject_recall"]["self"]["total"], 4);
  EXPECT_EQ(all["subject_recall"]["other"]["hits"], 0);
  const json& confusion = all["severity_confusion"]["expected_by_reported"];
  EXPECT_EQ(confusion[0], json::array({2, 0, 1, 1, 0}));  // none: b1 b3 none, b2 moderate, c3 high
  EXPECT_EQ(confusion[2], json::array({0, 1, 1, 0, 0}));  // moderate: c2 mild, c5 moderate
  EXPECT_EQ(confusion[3], json::array({0, 0, 0, 1, 0}));  // high: c1
  EXPECT_EQ(confusion[4], json::array({1, 0, 0, 0, 0}));  // critical: c4 none

  EXPECT_EQ(report["suites"]["hand_a"]["cases"], 5);
  EXPECT_EQ(report["suites"]["hand_a"]["passed"], 2);
  EXPECT_EQ(report["suites"]["hand_b"]["crisis"]["benign_false_positive_rate"], 0.5);
  EXPECT_EQ(report["suites"]["hand_b"]["crisis"]["recall"], 1.0);

  ASSERT_EQ(report["cases"].size(), 8u);
  const json& c3 = report["cases"][2];
  EXPECT_EQ(c3["case_id"], "hc-c3");
  EXPECT_EQ(c3["missing_risks"], json::array({"other/violence"}));
  EXPECT_EQ(c3["checks"]["crisis"], true);
  EXPECT_EQ(c3["checks"]["severity"], false);
  EXPECT_EQ(c3["got"]["risks"][0]["type"], "violence");
  EXPECT_EQ(report["cases"][3]["checks"]["imminence"], false);
}

TEST(EvalCli, RunsTheScreenerOnTheBundledSuitesAndWritesEveryReport) {
  const std::string json_out = temp_path("screener.json");
  const std::string html_out = temp_path("screener.html");
  const std::string md_out = temp_path("screener.md");
  auto result = run_lifeguard({"eval", "--suite", source_path("data/suites"), "--json", json_out, "--report", html_out,
                               "--markdown", md_out});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("pass rate"), std::string::npos);
  EXPECT_NE(result.out.find("litmus"), std::string::npos);
  json report = read_json(json_out);
  EXPECT_EQ(report["backend"], "screener");
  EXPECT_GE(report["overall"]["cases"].get<int>(), 600);
  EXPECT_EQ(report["overall"]["errors"], 0);
  EXPECT_EQ(report["cases"].size(), report["overall"]["cases"].get<std::size_t>());
  std::ifstream html(html_out);
  std::stringstream page;
  page << html.rdbuf();
  EXPECT_NE(page.str().find("chart-pass-rate"), std::string::npos);
  std::ifstream md(md_out);
  std::stringstream markdown;
  markdown << md.rdbuf();
  EXPECT_NE(markdown.str().find("| suite | cases | pass |"), std::string::npos);
}

TEST(EvalCli, BadSuiteFilesAreNamedPreciselyAndTheOthersStillRun) {
  const std::string out = temp_path("broken.json");
  auto result = run_lifeguard({"eval", "--suite", source_path("tests/eval/fixtures/broken"), "--json", out, "--quiet"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("invalid_json.json: not valid JSON (error near byte"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("unknown_enum.json:en-1: expected_risks[0]: unknown type 'extremism'"), std::string::npos);
  EXPECT_NE(result.err.find("duplicate_ids.json:dup-1: duplicate case_id"), std::string::npos);
  EXPECT_NE(result.err.find("good.json:ok-1: duplicate case_id (also in"), std::string::npos);
  EXPECT_NE(result.err.find("missing_field.json:mi-1: missing boolean 'expected_crisis'"), std::string::npos);
  json report = read_json(out);
  std::vector<std::string> ran;
  for (const auto& item : report["cases"]) ran.push_back(item["case_id"]);
  EXPECT_EQ(ran, (std::vector<std::string>{"dup-1", "ok-1", "ok-2", "en-2"}));
  EXPECT_EQ(report["suite_problems"].size(), 5u);
}

TEST(EvalCli, GatesSetTheExitCode) {
  auto answers = hand_count_answers();
  FakeChatServer server([&](const json& request) { return answer_from(answers, request); });
  auto arguments = remote_eval(server, temp_path("gates.json"));
  auto with = [&](std::vector<std::string> extra) {
    auto all = arguments;
    all.insert(all.end(), extra.begin(), extra.end());
    return run_lifeguard(all);
  };
  EXPECT_EQ(with({"--fail-under", "pass=0.5,recall=0.8"}).exit_code, 0);
  auto failed = with({"--fail-under", "pass=0.8,recall=0.95"});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find("gate failed: pass 0.5 is under 0.8"), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("gate failed: recall 0.8 is under 0.95"), std::string::npos) << failed.err;
  EXPECT_EQ(with({"--max-critical-misses", "1"}).exit_code, 0);
  EXPECT_EQ(with({"--max-critical-misses", "0"}).exit_code, 1);
  EXPECT_EQ(with({"--max-fpr", "0.3"}).exit_code, 1);
  auto bad = with({"--fail-under", "speed=2"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("unknown metric 'speed'"), std::string::npos) << bad.err;
}

TEST(EvalCli, ABaselineShowsDeltasAndNewlyFailingCases) {
  auto answers = hand_count_answers();
  std::mutex mutex;
  FakeChatServer server([&](const json& request) {
    std::lock_guard lock(mutex);
    return answer_from(answers, request);
  });
  const std::string before = temp_path("before.json");
  ASSERT_EQ(run_lifeguard(remote_eval(server, before)).exit_code, 0);
  {
    std::lock_guard lock(mutex);
    answers["fixture message c1"] = xml("<risks/>");  // now missed
    answers["fixture message c2"] = one_risk(R"(subject="self" type="self_harm" severity="moderate")");  // now right
  }
  const std::string after = temp_path("after.json");
  auto arguments = remote_eval(server, after);
  arguments.pop_back();  // not --quiet: the table shows the comparison
  arguments.insert(arguments.end(), {"--baseline", before});
  auto result = run_lifeguard(arguments);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("newly failing (1): hand_a/hc-c1"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("newly passing (1): hand_a/hc-c2"), std::string::npos) << result.out;
  json comparison = read_json(after)["baseline"];
  EXPECT_EQ(comparison["newly_failing"], json::array({"hand_a/hc-c1"}));
  bool saw_recall = false;
  for (const auto& delta : comparison["deltas"]) {
    if (delta["scope"] == "overall" && delta["metric"] == "recall") {
      saw_recall = true;
      EXPECT_NEAR(delta["delta"].get<double>(), -0.2, 1e-12);
    }
  }
  EXPECT_TRUE(saw_recall);

  auto not_a_report = run_lifeguard({"eval", "--suite", source_path("tests/eval/fixtures/hand_count"), "--baseline",
                                     source_path("tests/eval/fixtures/hand_count/a.json"), "--quiet"});
  EXPECT_EQ(not_a_report.exit_code, 1);
  EXPECT_NE(not_a_report.err.find("baseline is not a report written by `lifeguard eval --json`"), std::string::npos);
}

TEST(EvalCli, JudgesAreCombinedConservativelyAndTheirAgreementReported) {
  auto answers = hand_count_answers();
  // Judge with seed 1 always says "no risk"; the others answer as usual.
  FakeChatServer server([&](const json& request) {
    if (request.value("seed", -1) == 1) return FakeReply{200, completion_body(xml("<risks/>"))};
    return answer_from(answers, request);
  });
  const std::string out = temp_path("judges.json");
  auto arguments = remote_eval(server, out);
  arguments.insert(arguments.end(), {"--judges", "3", "--temperature", "0.7"});
  auto result = run_lifeguard(arguments);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server.requests(), 24);
  json report = read_json(out);
  const json& c1 = report["cases"][0];
  EXPECT_EQ(c1["judgements"].size(), 3u);
  EXPECT_NEAR(c1["agreement"].get<double>(), 1.0 / 3, 1e-12);  // {S},{},{S}: pairs 0, 1, 0
  EXPECT_EQ(c1["got"]["risks"].size(), 1u);                     // kept: two judges reported it
  EXPECT_EQ(report["cases"][4]["agreement"], 1.0);              // b1: nobody saw a risk
  EXPECT_EQ(report["overall"]["crisis"]["recall"], 0.8);        // same as one greedy judge
}

TEST(EvalCli, AnUnreachableServerIsReportedAndFailsTheRun) {
  std::string url;
  {
    FakeChatServer gone([](const json&) { return FakeReply{}; });
    url = gone.url();
  }  // stopped: nothing listens there now
  const std::string out = temp_path("down.json");
  auto result = run_lifeguard({"eval", "--suite", source_path("tests/eval/fixtures/hand_count"), "--backend", "remote",
                               "--remote", url, "--remote-model", "m", "--timeout", "2", "--json", out, "--quiet"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("8 cases could not be assessed"), std::string::npos) << result.err;
  json report = read_json(out);
  EXPECT_EQ(report["overall"]["errors"], 8);
  EXPECT_EQ(report["overall"]["crisis"]["recall"], 0.0);
  EXPECT_NE(report["cases"][0]["error"].get<std::string>().find("after 3 attempts"), std::string::npos);
}

TEST(EvalCli, UsageErrorsAreClear) {
  auto no_remote = run_lifeguard({"eval", "--suite", source_path("tests/eval/fixtures/hand_count"), "--backend", "remote"});
  EXPECT_NE(no_remote.exit_code, 0);
  EXPECT_NE(no_remote.err.find("--remote URL"), std::string::npos) << no_remote.err;
  auto model = run_lifeguard({"eval", "--suite", source_path("tests/eval/fixtures/hand_count"), "--backend", "model"});
  EXPECT_NE(model.exit_code, 0);
  EXPECT_NE(model.err.find("--backend model needs --model DIR"), std::string::npos) << model.err;
  auto no_model = run_lifeguard({"eval", "--suite", source_path("tests/eval/fixtures/hand_count"), "--backend", "model",
                                 "--model", "/nonexistent/model"});
  EXPECT_EQ(no_model.exit_code, 1);
  EXPECT_NE(no_model.err.find("/nonexistent/model"), std::string::npos) << no_model.err;
  auto missing = run_lifeguard({"eval", "--suite", "/nonexistent/suites"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nonexistent/suites: no such file or folder"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace lifeguard
