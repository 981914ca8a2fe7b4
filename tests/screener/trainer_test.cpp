// Training is deterministic given a seed and keeps its held-apart split apart.
#include "screener/trainer.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace lifeguard::screener {
namespace {

std::vector<LabelledCase> corpus_sample(std::size_t per_file) {
  std::vector<LabelledCase> out;
  for (const auto& file : find_suite_files(std::string(LIFEGUARD_SOURCE_DIR) + "/data/screener/corpus")) {
    auto load = load_suite_file(file);
    if (!load.suite) continue;
    for (std::size_t i = 0; i < load.suite->cases.size() && i < per_file; ++i) out.push_back(load.suite->cases[i]);
  }
  return out;
}

Lexicon shipped_lexicon() {
  std::ifstream in(std::string(LIFEGUARD_SOURCE_DIR) + "/data/screener/lexicon.tsv");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return Lexicon::parse(buffer.str());
}

TrainingOptions quick_options(std::uint64_t seed) {
  TrainingOptions options;
  options.seed = seed;
  options.bucket_bits = 14;
  options.epochs = 3;
  options.folds = 2;
  return options;
}

TEST(ScreenerTrainer, SameSeedSameModelByteForByte) {
  auto cases = corpus_sample(60);
  auto lexicon = shipped_lexicon();
  auto first = train_screener(cases, lexicon, quick_options(5), nullptr).model.serialise();
  auto second = train_screener(cases, lexicon, quick_options(5), nullptr).model.serialise();
  EXPECT_EQ(first, second);
  auto other_seed = train_screener(cases, lexicon, quick_options(6), nullptr).model.serialise();
  EXPECT_NE(first, other_seed);
}

TEST(ScreenerTrainer, ReportsOnExactlyTheHeldApartCases) {
  auto cases = corpus_sample(60);
  std::size_t expected_holdout = 0;
  for (const auto& labelled : cases) expected_holdout += in_holdout(labelled.case_id, 0.2);
  auto result = train_screener(cases, shipped_lexicon(), quick_options(1), nullptr);
  EXPECT_EQ(result.report["split"]["holdout"].get<std::size_t>(), expected_holdout);
  EXPECT_EQ(result.report["holdout"]["cases"].get<std::size_t>(), expected_holdout);
  EXPECT_EQ(result.report["split"]["train"].get<std::size_t>(), cases.size() - expected_holdout);
}

TEST(ScreenerTrainer, TheHoldoutSplitDependsOnlyOnTheCaseId) {
  EXPECT_EQ(in_holdout("sui-0001", 0.2), in_holdout("sui-0001", 0.2));
  std::size_t held = 0;
  for (int i = 0; i < 10000; ++i) held += in_holdout("case-" + std::to_string(i), 0.2);
  EXPECT_NEAR(static_cast<double>(held) / 10000.0, 0.2, 0.02);
}

TEST(ScreenerTrainer, RefusesACorpusTooSmallToLearnFrom) {
  auto cases = corpus_sample(2);
  EXPECT_THROW(train_screener(cases, shipped_lexicon(), quick_options(1), nullptr), std::invalid_argument);
}

}  // namespace
}  // namespace lifeguard::screener
