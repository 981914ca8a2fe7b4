// `lifeguard train-screener`: trains the screener's linear model on the
// labelled corpus, deterministically for a given seed.
//
// Protocol: a fixed share of the corpus (chosen by a hash of each case_id, so
// it never depends on file order or seed) is held apart and never trained on.
// Operating thresholds are chosen for recall on out-of-fold predictions of a
// k-fold split of the training part; the shipped model is then trained on the
// whole training part, and recall/precision are reported on the held-apart
// part, which influenced neither the weights nor the thresholds.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/labelled_case.hpp"
#include "screener/model.hpp"

namespace lifeguard::screener {

struct TrainingOptions {
  std::uint64_t seed = 1;
  std::uint32_t bucket_bits = 18;
  int epochs = 40;
  float learning_rate = 0.1f;
  float l2 = 1e-6f;
  double holdout_fraction = 0.2;
  int folds = 5;
  float target_crisis_recall = 0.96f;  // on out-of-fold predictions
  std::uint32_t min_bucket_use = 2;
};

struct TrainingResult {
  ScreenerModel model;
  nlohmann::json report;  // corpus counts, options, thresholds, held-apart and cross-validated metrics
};

// Throws std::invalid_argument when the corpus is unusable (too small, no crisis or no benign cases).
TrainingResult train_screener(const std::vector<LabelledCase>& cases, const Lexicon& lexicon,
                              const TrainingOptions& options, std::ostream* progress);

// True when `case_id` belongs to the held-apart split for `fraction`.
bool in_holdout(const std::string& case_id, double fraction);

}  // namespace lifeguard::screener
