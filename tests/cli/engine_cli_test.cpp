// `lifeguard make-checkpoint`, `tokenize`, `generate` and `classify --model`
// as users run them, compared with HF transformers through the fixtures.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/reference_tokenizer.hpp"
#include "support/run_command.hpp"

namespace lifeguard {
namespace {

using nlohmann::json;
using test_support::run_lifeguard;
using test_support::source_path;

json fixture(const std::string& name) {
  std::ifstream in(source_path("tests/engine/fixtures/" + name + ".json"));
  return json::parse(in);
}

// The fixture's checkpoint rebuilt by the CLI, with the real tokenizer files.
std::string fixture_checkpoint(const std::string& name) {
  const json f = fixture(name);
  const std::string config = ::testing::TempDir() + "/config_" + name + ".json";
  std::ofstream(config) << f["config"].dump();
  const std::string dir = ::testing::TempDir() + "/cli_" + name;
  auto made = run_lifeguard({"make-checkpoint", "--config", config, "--seed", std::to_string(f["generator"]["seed"].get<int>()),
                             "--out", dir, "--tokenizer", test_support::reference_tokenizer_dir()->string()});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return dir;
}

TEST(EngineCli, TokenizeGivesTheIdsOfHfEncode) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  const std::string dir = test_support::reference_tokenizer_dir()->string();
  const json probes = fixture("tiny_tied_h32")["tokenizer_probes"];  // a local: the fixture must outlive the loop
  for (const auto& probe : probes) {
    auto result = run_lifeguard({"tokenize", "--model", dir, "--json", probe["text"].get<std::string>()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(json::parse(result.out)["ids"], probe["ids"]) << probe["text"];
  }
  // stdin is read byte for byte: the trailing newline is encoded too.
  auto piped = run_lifeguard({"tokenize", "--model", dir, "--json", "-"}, "hello\n");
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(json::parse(piped.out)["ids"], json::array({14990, 198}));
  auto bad = run_lifeguard({"tokenize", "--model", dir, "-"}, std::string("\xff\xfe", 2));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("not valid UTF-8"), std::string::npos) << bad.err;
}

TEST(EngineCli, GenerateGivesTheTokensOfTransformersGenerate) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  const std::string name = "tiny_untied_h64";
  const json f = fixture(name);
  const std::string dir = fixture_checkpoint(name);
  for (const auto& prompt : f["prompts"]) {
    const auto expected = prompt["greedy_f32"];
    auto result = run_lifeguard({"generate", "--model", dir, "--prompt", prompt["text"].get<std::string>(),
                                 "--max-new-tokens", std::to_string(expected.size()), "--json", "--threads", "2"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const json out = json::parse(result.out);
    EXPECT_EQ(out["prompt_ids"], prompt["prompt_ids"]) << prompt["text"];
    EXPECT_EQ(out["new_ids"], expected) << prompt["text"];
    EXPECT_TRUE(out["text"].is_string());
  }
}

TEST(EngineCli, ClassifyWithAModelThatDoesNotAnswerInXmlIsAnErrorNotNoRisk) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  const std::string dir = fixture_checkpoint("tiny_tied_h32");  // random weights: never writes <risks>
  auto result = run_lifeguard({"classify", "--model", dir, "--threads", "2", "--json", "I want to end it all tonight"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("not a nope-edge answer"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("end it all"), std::string::npos) << "errors must not quote the message";
}

TEST(EngineCli, BadModelFoldersGetOneClearLine) {
  auto missing = run_lifeguard({"generate", "--model", "/nonexistent/model", "--prompt", "hi"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nonexistent/model"), std::string::npos) << missing.err;
  auto shape = run_lifeguard({"make-checkpoint", "--shape", "70B", "--out", ::testing::TempDir() + "/x"});
  EXPECT_NE(shape.exit_code, 0);
}

}  // namespace
}  // namespace lifeguard
