// The screener model file: round trips exactly, and damaged files are refused
// with a message that says what is wrong.
#include "screener/model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "screener/hashing.hpp"

namespace lifeguard::screener {
namespace {

FloatWeights small_weights() {
  FloatWeights weights;
  weights.bucket_bits = 10;
  const std::size_t buckets = std::size_t{1} << weights.bucket_bits;
  weights.table.resize(buckets * kRowWidth);
  weights.bucket_use.assign(buckets, 3);
  std::mt19937 random(7);
  std::normal_distribution<float> normal(0.0f, 0.5f);
  for (std::size_t i = 0; i < weights.table.size(); ++i) weights.table[i] = (i / kRowWidth) % 3 == 0 ? 0.0f : normal(random);
  for (auto& b : weights.bias) b = normal(random);
  return weights;
}

ScreenerModel small_model() {
  FloatWeights weights = small_weights();
  Thresholds thresholds;
  thresholds.crisis = 0.31f;
  thresholds.type.fill(0.4f);
  return ScreenerModel::from_weights(weights, Lexicon::parse("distress\tsad\nhumour\tlol\n"), thresholds,
                                     R"({"note":"test"})", 2);
}

std::string expect_load_error(const std::string& bytes) {
  try {
    ScreenerModel::load_bytes(bytes, "test.lgsm");
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  ADD_FAILURE() << "damaged model was accepted";
  return {};
}

TEST(ScreenerModelFile, RoundTripsExactly) {
  auto model = small_model();
  std::string bytes = model.serialise();
  auto loaded = ScreenerModel::load_bytes(bytes, "test.lgsm");
  EXPECT_EQ(loaded.serialise(), bytes);
  EXPECT_EQ(loaded.thresholds().crisis, 0.31f);
  EXPECT_EQ(loaded.metadata_json(), R"({"note":"test"})");
  auto features = extract_features(loaded.lexicon(), tokenize_for_screening("so sad lol"));
  EXPECT_EQ(loaded.score(features), model.score(features));
}

TEST(ScreenerModelFile, QuantisedScoresStayCloseToFloatScores) {
  FloatWeights weights = small_weights();
  auto model = small_model();
  auto features = extract_features(model.lexicon(), tokenize_for_screening("so sad today lol, really sad"));
  HeadScores expected{};
  const float value = ngram_value(features.ngram_hashes.size());
  for (std::size_t k = 0; k < kHeadCount; ++k) expected[k] = weights.bias[k];
  auto add = [&](std::uint64_t hash, float v) {
    const float* row = &weights.table[bucket_of_hash(hash, weights.bucket_bits) * kRowWidth];
    for (std::size_t k = 0; k < kHeadCount; ++k) expected[k] += v * row[k];
  };
  for (auto hash : features.ngram_hashes) add(hash, value);
  for (const auto& signal : features.signals) add(signal.hash(), 1.0f);
  // Each stored weight is off by at most half a quantisation step (max|w|/127/2),
  // so the score is off by at most that times the total feature value.
  const float total_value = value * static_cast<float>(features.ngram_hashes.size()) + static_cast<float>(features.signals.size());
  auto scores = model.score(features);
  for (std::size_t k = 0; k < kHeadCount; ++k) {
    float largest = 0.0f;
    for (std::size_t i = k; i < weights.table.size(); i += kRowWidth) largest = std::max(largest, std::fabs(weights.table[i]));
    const float bound = 0.5f * largest / kQuantisedMax * total_value + 1e-5f;
    EXPECT_NEAR(scores[k], expected[k], bound) << "head " << k;
  }
}

TEST(ScreenerModelFile, RefusesAFileOfAnotherKind) {
  EXPECT_NE(expect_load_error("GIF89a....").find("not a lifeguard screener model"), std::string::npos);
  EXPECT_NE(expect_load_error("").find("not a lifeguard screener model"), std::string::npos);
}

TEST(ScreenerModelFile, RefusesEveryTruncation) {
  std::string bytes = small_model().serialise();
  for (std::size_t length : {std::size_t{8}, std::size_t{12}, std::size_t{40}, std::size_t{300}, bytes.size() / 2, bytes.size() - 1}) {
    std::string message = expect_load_error(bytes.substr(0, length));
    EXPECT_TRUE(message.find("truncated") != std::string::npos || message.find("checksum") != std::string::npos)
        << length << ": " << message;
    EXPECT_NE(message.find("test.lgsm"), std::string::npos) << "names the file";
  }
}

TEST(ScreenerModelFile, RefusesAFlippedByte) {
  std::string bytes = small_model().serialise();
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x40);
  EXPECT_NE(expect_load_error(bytes).find("checksum mismatch"), std::string::npos);
}

TEST(ScreenerModelFile, RefusesAnUnknownFormatVersionClearly) {
  std::string bytes = small_model().serialise();
  std::uint32_t version = 9;
  std::memcpy(bytes.data() + 8, &version, sizeof version);
  // Re-seal so only the version is wrong.
  std::string body = bytes.substr(0, bytes.size() - 8);
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : body) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  std::memcpy(bytes.data() + body.size(), &h, sizeof h);
  EXPECT_NE(expect_load_error(bytes).find("format version 9 is not supported"), std::string::npos);
}

TEST(ScreenerModelFile, TheEmbeddedModelLoadsAndCarriesItsTrainingReport) {
  const auto& model = ScreenerModel::embedded();
  EXPECT_GT(model.row_count(), 1000u);
  EXPECT_GT(model.lexicon().phrase_count(), 500u);
  EXPECT_NE(model.metadata_json().find("holdout"), std::string::npos);
  EXPECT_LE(model.memory_bytes(), 50u * 1000 * 1000);
}

}  // namespace
}  // namespace lifeguard::screener
