// The CPU engine against HF transformers on the committed fixtures
// (scripts/make_fixtures.py): the checkpoint is regenerated here from the
// shared weight generator and checked tensor by tensor (SHA-256), then the
// logits and greedy continuations must match what transformers computed.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/qwen3_model.hpp"
#include "engine/random_checkpoint.hpp"
#include "engine/safetensors.hpp"

namespace lifeguard::engine {
namespace {

using nlohmann::json;

// float32 forward passes differ from torch's only in summation order.
constexpr double kLogitTolerance = 1e-4;
constexpr TokenId kEndOfTurn = 151645;

std::string sha256_hex(const std::byte* data, std::size_t size) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data, size, digest, &length, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

json read_fixture(const std::string& name) {
  std::ifstream in(std::string(LIFEGUARD_SOURCE_DIR) + "/tests/engine/fixtures/" + name + ".json");
  return json::parse(in);
}

class Fixture : public ::testing::TestWithParam<std::string> {};

TEST_P(Fixture, RegeneratedWeightsAreTheOnesTransformersRanOn) {
  const json fixture = read_fixture(GetParam());
  const Qwen3Config config = parse_qwen3_config(fixture["config"]);
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("fixture_" + GetParam());
  write_random_checkpoint(dir, config, fixture["generator"]["seed"].get<std::uint64_t>(), {});
  auto checkpoint = SafetensorsCheckpoint::open(dir);
  ASSERT_EQ(checkpoint.tensors().size(), fixture["tensor_sha256"].size());
  for (const auto& [name, expected] : fixture["tensor_sha256"].items()) {
    const TensorView* view = checkpoint.find(name);
    ASSERT_NE(view, nullptr) << name;
    EXPECT_EQ(sha256_hex(view->data, view->bytes), expected.get<std::string>()) << name;
  }
}

TEST_P(Fixture, LogitsAndGreedyTokensMatchTransformers) {
  const json fixture = read_fixture(GetParam());
  const Qwen3Config config = parse_qwen3_config(fixture["config"]);
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("fixture_model_" + GetParam());
  write_random_checkpoint(dir, config, fixture["generator"]["seed"].get<std::uint64_t>(), {});
  const Qwen3Model model = Qwen3Model::load(dir, {.threads = 2});
  const auto vocab = static_cast<std::size_t>(config.vocab_size);

  double worst = 0.0;
  for (const auto& prompt : fixture["prompts"]) {
    const auto ids = prompt["prompt_ids"].get<std::vector<TokenId>>();
    Sequence sequence = model.new_sequence();
    const std::vector<float> all = model.prefill(sequence, ids, /*all_positions=*/true);
    for (const auto& [position, expected] : prompt["logits"].items()) {
      const std::size_t row = std::stoul(position) * vocab;
      std::size_t k = 0;
      for (std::size_t id = 0; id < vocab; id += 97, ++k) {
        worst = std::max(worst, std::fabs(static_cast<double>(all[row + id]) - expected[k].get<double>()));
      }
      ASSERT_EQ(k, expected.size());
    }
    const std::vector<float> last(all.end() - static_cast<std::ptrdiff_t>(vocab), all.end());
    EXPECT_EQ(argmax(last), prompt["top20_last"]["ids"][0].get<TokenId>()) << prompt["text"];

    // Greedy continuation, stopping at <|im_end|> as generate() does.
    const auto expected_tokens = prompt["greedy_f32"].get<std::vector<TokenId>>();
    std::vector<TokenId> tokens;
    std::vector<float> logits = last;
    while (tokens.size() < expected_tokens.size()) {
      TokenId next = argmax(logits);
      tokens.push_back(next);
      if (next == kEndOfTurn) break;
      logits = model.step(sequence, next);
    }
    EXPECT_EQ(tokens, expected_tokens) << prompt["text"];
  }
  EXPECT_LT(worst, kLogitTolerance) << "largest |logit difference| " << worst;
  std::cout << GetParam() << ": largest |logit difference| vs transformers (f32) " << worst << '\n';
}

INSTANTIATE_TEST_SUITE_P(EngineFixtures, Fixture,
                         ::testing::Values("tiny_tied_h32", "tiny_untied_h64", "tiny_tied_h48_hd24"));

}  // namespace
}  // namespace lifeguard::engine

namespace lifeguard::engine {
namespace {

// The approximations against transformers' f32 results: int8 weights
// (per-row scales), and reduced arithmetic (inputs of each product rounded to
// bf16, or quantised to int8 per 128 values). Their cost is measured on every
// fixture prompt and bounded.
struct Approximation {
  const char* name;
  ModelOptions options;
  double max_logit_error;
};

TEST_P(Fixture, ApproximationsStayCloseToTransformers) {
  const json fixture = read_fixture(GetParam());
  const Qwen3Config config = parse_qwen3_config(fixture["config"]);
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("fixture_approx_" + GetParam());
  write_random_checkpoint(dir, config, fixture["generator"]["seed"].get<std::uint64_t>(), {});
  const auto vocab = static_cast<std::size_t>(config.vocab_size);
  // Stated bounds: these random models' logits move by well under these
  // (their top-1/top-2 gaps are often smaller, so greedy paths may part; the
  // first token agrees on most prompts).
  const Approximation approximations[] = {
      {"int8 weights", {.threads = 2, .int8 = true}, 0.05},
      {"bf16 reduced arithmetic", {.threads = 2, .arithmetic = Arithmetic::reduced}, 0.05},
      {"int8 weights, reduced arithmetic", {.threads = 2, .int8 = true, .arithmetic = Arithmetic::reduced}, 0.08},
  };
  for (const Approximation& approximation : approximations) {
    const Qwen3Model model = Qwen3Model::load(dir, approximation.options);
    double worst = 0.0;
    std::size_t agreeing = 0, compared = 0, prompts_same_first = 0;
    for (const auto& prompt : fixture["prompts"]) {
      Sequence sequence = model.new_sequence();
      const auto ids = prompt["prompt_ids"].get<std::vector<TokenId>>();
      const std::vector<float> all = model.prefill(sequence, ids, true);
      for (const auto& [position, expected] : prompt["logits"].items()) {
        std::size_t k = 0;
        for (std::size_t id = 0; id < vocab; id += 97, ++k) {
          worst = std::max(worst, std::fabs(static_cast<double>(all[std::stoul(position) * vocab + id]) - expected[k].get<double>()));
        }
      }
      // Greedy on its own: how many tokens agree with transformers before the first difference.
      const auto expected = prompt["greedy_f32"].get<std::vector<TokenId>>();
      std::vector<float> logits(all.end() - static_cast<std::ptrdiff_t>(vocab), all.end());
      for (std::size_t t = 0; t < expected.size(); ++t) {
        const TokenId next = argmax(logits);
        ++compared;
        if (next != expected[t]) break;
        ++agreeing;
        if (t == 0) ++prompts_same_first;
        if (next == kEndOfTurn) break;
        logits = model.step(sequence, next);
      }
    }
    std::cout << GetParam() << ", " << approximation.name << ": largest |logit difference| " << worst
              << ", greedy tokens agreeing before the first divergence " << agreeing << " of " << compared
              << ", first token agreeing on " << prompts_same_first << "/5 prompts\n";
    EXPECT_LT(worst, approximation.max_logit_error) << approximation.name;
    EXPECT_GE(prompts_same_first, 3u) << approximation.name;
  }
}

TEST_P(Fixture, BatchedDecodeGivesExactlyTheLogitsOfOneSequenceAtATime) {
  const json fixture = read_fixture(GetParam());
  const Qwen3Config config = parse_qwen3_config(fixture["config"]);
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("fixture_batch_" + GetParam());
  write_random_checkpoint(dir, config, fixture["generator"]["seed"].get<std::uint64_t>(), {});
  for (Arithmetic arithmetic : {Arithmetic::f32, Arithmetic::reduced}) {
  const Qwen3Model model = Qwen3Model::load(dir, {.threads = 2, .arithmetic = arithmetic});
  std::vector<Sequence> alone, together;
  std::vector<TokenId> next;
  for (const auto& prompt : fixture["prompts"]) {
    const auto ids = prompt["prompt_ids"].get<std::vector<TokenId>>();
    alone.push_back(model.new_sequence());
    together.push_back(model.new_sequence());
    next.push_back(argmax(model.prefill(alone.back(), ids)));
    model.prefill(together.back(), ids);
  }
  for (int step = 0; step < 4; ++step) {
    std::vector<ForwardRow> rows;
    for (std::size_t s = 0; s < together.size(); ++s) rows.push_back({&together[s], next[s], true});
    auto batched = model.forward(rows);
    for (std::size_t s = 0; s < alone.size(); ++s) {
      auto single = model.step(alone[s], next[s]);
      double worst = 0.0;
      for (std::size_t i = 0; i < single.size(); ++i) worst = std::max(worst, std::fabs(double(single[i]) - batched[s][i]));
      // Bit for bit: the kernels sum a row the same way whatever the batch.
      EXPECT_EQ(worst, 0.0) << "sequence " << s << " step " << step;
      next[s] = argmax(single);
    }
  }
  }
}

}  // namespace
}  // namespace lifeguard::engine
