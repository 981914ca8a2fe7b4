// `lifeguard classify` as a user runs it: inputs, formats, and bad input.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/run_command.hpp"

namespace lifeguard {
namespace {

using test_support::run_lifeguard;
using nlohmann::json;

std::string temp_file(const std::string& name, const std::string& content) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::vector<json> lines_of(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

TEST(ClassifyCli, PrintsAShortSummaryByDefault) {
  auto result = run_lifeguard({"classify", "I want to end it all tonight"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("RISK DETECTED"), std::string::npos);
  EXPECT_NE(result.out.find("self / suicide"), std::string::npos);
  EXPECT_NE(result.out.find("Why:"), std::string::npos);
}

TEST(ClassifyCli, JsonHasTheStableAssessmentShape) {
  auto result = run_lifeguard({"classify", "--json", "My friend told me she's been cutting herself"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto out = json::parse(result.out);
  EXPECT_TRUE(out["reflection"].is_string());
  EXPECT_TRUE(out["is_crisis"].get<bool>());
  EXPECT_EQ(out["speaker_severity"], "none");
  EXPECT_TRUE(out["show_resources"].get<bool>());
  ASSERT_FALSE(out["risks"].empty());
  for (const char* key : {"subject", "type", "severity", "imminence", "features"}) EXPECT_TRUE(out["risks"][0].contains(key)) << key;
}

TEST(ClassifyCli, XmlIsTheNopeEdgeFormat) {
  auto result = run_lifeguard({"classify", "--xml", "kms lmao this exam is killing me"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.rfind("<reflection>", 0), 0u);
  EXPECT_NE(result.out.find("</reflection>\n<risks/>"), std::string::npos) << result.out;
}

TEST(ClassifyCli, ReadsStdinByteForByte) {
  auto result = run_lifeguard({"classify", "--json", "-"}, "i want to die tonight\n");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(json::parse(result.out)["is_crisis"].get<bool>());
}

TEST(ClassifyCli, ReadsAConversationFile) {
  auto path = temp_file("conversation.json", R"([{"role":"user","content":"can you help me with chemistry homework"},
    {"role":"assistant","content":"Of course! What's the question?"},
    {"role":"user","content":"nvm. i dont think ill be around to hand it in. been saving my pills"}])");
  auto result = run_lifeguard({"classify", "--json", "--conversation", path});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(json::parse(result.out)["is_crisis"].get<bool>()) << result.out;
}

TEST(ClassifyCli, RefusesAConversationWithAnUnknownRoleWithoutQuotingIt) {
  auto path = temp_file("bad_roles.json", R"([{"role":"user","content":"my secret words"},{"role":"bot","content":"hello"}])");
  auto result = run_lifeguard({"classify", "--conversation", path});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("turn 2"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("bot"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("my secret words"), std::string::npos) << "never echo message text";
}

TEST(ClassifyCli, RefusesInvalidUtf8WithoutEchoingTheText) {
  auto result = run_lifeguard({"classify", "-"}, std::string("private words \xC3\x28 more"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("UTF-8"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("private"), std::string::npos);
}

TEST(ClassifyCli, RefusesEmptyInput) {
  for (std::string input : {std::string(""), std::string("   \n\t  "), std::string("\xE2\x80\x8B\xE2\x80\x8B")}) {
    auto result = run_lifeguard({"classify", "-"}, input);
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("empty"), std::string::npos) << result.err;
  }
}

TEST(ClassifyCli, ClassifiesAOneMegabyteMessage) {
  std::string big;
  while (big.size() < 1024 * 1024) big += "today was long and the bus was late again. ";
  big += "honestly i want to kill myself tonight";
  auto result = run_lifeguard({"classify", "--json", "-"}, big);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(json::parse(result.out).contains("is_crisis"));
}

TEST(ClassifyCli, RefusesMessagesOverTheSizeLimitClearly) {
  auto result = run_lifeguard({"classify", "--max-bytes", "100", "-"}, std::string(200, 'a'));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("limit"), std::string::npos) << result.err;
}

TEST(ClassifyCli, NulBytesAreRemovedNotFatal) {
  auto result = run_lifeguard({"classify", "--json", "-"}, std::string("i want to\0 die\0", 15));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(json::parse(result.out)["is_crisis"].get<bool>());
}

TEST(ClassifyCli, JsonlGivesOneLinePerInputAndReportsBadLinesByNumber) {
  std::string input =
      R"({"id": 1, "text": "he choked me last night and said next time he'd finish it"})" "\n"
      "this is not json\n"
      "\n"
      R"({"id": "b", "conversation": [{"role": "user", "content": "what a lovely sunny day for a picnic"}]})" "\n"
      R"({"id": 3, "conversation": [{"role": "robot", "content": "x"}]})" "\n"
      R"({"id": 4})" "\n"
      R"({"id": 5, "text": ""})" "\n"
      R"([1, 2])" "\n";
  auto result = run_lifeguard({"classify", "--jsonl", "-"}, input);
  EXPECT_EQ(result.exit_code, 1) << "some lines failed";
  auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_TRUE(lines[0]["assessment"]["is_crisis"].get<bool>());
  EXPECT_NE(lines[1]["error"].get<std::string>().find("line 2"), std::string::npos);
  EXPECT_EQ(lines[2]["id"], "b");
  EXPECT_FALSE(lines[2]["assessment"]["is_crisis"].get<bool>());
  EXPECT_NE(lines[3]["error"].get<std::string>().find("line 5"), std::string::npos);
  EXPECT_EQ(lines[3]["id"], 3);
  EXPECT_NE(lines[4]["error"].get<std::string>().find("line 6"), std::string::npos);
  EXPECT_NE(lines[5]["error"].get<std::string>().find("empty"), std::string::npos);
  EXPECT_TRUE(lines[6].contains("error"));
}

// Found by the jsonl fuzzer: nlohmann reports a huge number as out_of_range,
// not as a parse error.
TEST(ClassifyCli, JsonlSurvivesANumberTooLargeToRepresent) {
  auto result = run_lifeguard({"classify", "--jsonl", "-"},
                              "{\"id\": 1e999999999999, \"text\": \"hi\"}\n{\"id\": 2, \"text\": \"hello there\"}\n");
  EXPECT_EQ(result.exit_code, 1);
  auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0]["error"].get<std::string>().find("line 1"), std::string::npos);
  EXPECT_TRUE(lines[1].contains("assessment"));
}

TEST(ClassifyCli, JsonlReadsAFile) {
  auto path = temp_file("batch.jsonl", "{\"id\": \"x\", \"text\": \"my ex put an airtag in my car and shows up at my work\"}\n");
  auto result = run_lifeguard({"classify", "--jsonl", path});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0]["assessment"]["is_crisis"].get<bool>());
}

TEST(ClassifyCli, RefusesADamagedScreenerModelFile) {
  auto path = temp_file("broken.lgsm", "LGSCRN01 but then nothing useful");
  auto result = run_lifeguard({"classify", "--screener-model", path, "hello"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("broken.lgsm"), std::string::npos) << result.err;
}

TEST(ClassifyCli, ExplainsUsageMistakes) {
  EXPECT_NE(run_lifeguard({"classify"}).exit_code, 0);
  auto both = run_lifeguard({"classify", "--json", "--xml", "hi"});
  EXPECT_NE(both.exit_code, 0);
  EXPECT_NE(both.err.find("--json and --xml"), std::string::npos) << both.err;
}

}  // namespace
}  // namespace lifeguard
