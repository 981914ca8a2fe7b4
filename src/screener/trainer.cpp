// Screener training: AdaGrad on logistic and softmax losses over hashed
// features, k-fold calibration of thresholds, held-apart evaluation.
#include "screener/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <ostream>
#include <stdexcept>

#include "eval/case_scoring.hpp"
#include "screener/hashing.hpp"
#include "screener/screener.hpp"
#include "screener/tokens.hpp"
#include "text/conversation.hpp"

namespace lifeguard::screener {
namespace {

struct Example {
  std::vector<std::pair<std::uint32_t, float>> inputs;  // (bucket, value)
  bool crisis = false;
  std::array<bool, kTypeCount> types{};
  std::vector<std::pair<std::size_t, bool>> subjects;  // (type index, subject is other)
  int severity = -1;   // max severity over risks, -1 when unknown
  int imminence = -1;  // max imminence over risks, -1 when unknown
};

std::size_t type_index(RiskType type) { return static_cast<std::size_t>(type); }

Example make_example(const LabelledCase& labelled, const Conversation& turns, const Lexicon& lexicon,
                     std::uint32_t bucket_bits) {
  Example example;
  auto features = extract_features(lexicon, tokenize_for_screening(turns));
  const float value = ngram_value(features.ngram_hashes.size());
  for (auto hash : features.ngram_hashes) example.inputs.emplace_back(bucket_of_hash(hash, bucket_bits), value);
  for (const auto& signal : features.signals) example.inputs.emplace_back(bucket_of_hash(signal.hash(), bucket_bits), 1.0f);
  example.crisis = labelled.expected_crisis;
  for (const auto& risk : labelled.expected_risks) {
    example.types[type_index(risk.type)] = true;
    if (risk.subject != Subject::unknown) example.subjects.emplace_back(type_index(risk.type), risk.subject == Subject::other);
    if (risk.severity) example.severity = std::max(example.severity, static_cast<int>(*risk.severity));
    if (risk.imminence) example.imminence = std::max(example.imminence, static_cast<int>(*risk.imminence));
  }
  return example;
}

// Deterministic shuffle (std::shuffle's algorithm is implementation-defined).
void shuffle(std::vector<std::size_t>& order, std::uint64_t& state) {
  for (std::size_t i = order.size(); i > 1; --i) {
    state = mix64(state + 0x9e3779b97f4a7c15ULL);
    std::swap(order[i - 1], order[state % i]);
  }
}

void softmax_gradient(const HeadScores& z, std::size_t first, std::size_t count, int label, HeadScores& dz) {
  float largest = z[first];
  for (std::size_t k = 1; k < count; ++k) largest = std::max(largest, z[first + k]);
  float total = 0.0f;
  for (std::size_t k = 0; k < count; ++k) total += std::exp(z[first + k] - largest);
  for (std::size_t k = 0; k < count; ++k) {
    float p = std::exp(z[first + k] - largest) / total;
    dz[first + k] = p - (static_cast<int>(k) == label ? 1.0f : 0.0f);
  }
}

FloatWeights train_weights(const std::vector<Example>& examples, const std::vector<std::size_t>& indices,
                           const TrainingOptions& options) {
  FloatWeights weights;
  weights.bucket_bits = options.bucket_bits;
  const std::size_t buckets = std::size_t{1} << options.bucket_bits;
  weights.table.assign(buckets * kRowWidth, 0.0f);
  weights.bucket_use.assign(buckets, 0);
  std::vector<float> squared(buckets * kRowWidth, 0.0f);
  std::array<float, kRowWidth> bias_squared{};

  // Rare types get more weight on their positives so their heads learn at all.
  std::array<float, kTypeCount> positive_weight{};
  for (std::size_t t = 0; t < kTypeCount; ++t) {
    std::size_t positives = 0;
    for (auto i : indices) positives += examples[i].types[t];
    float ratio = positives == 0 ? 1.0f : static_cast<float>(indices.size() - positives) / static_cast<float>(positives);
    positive_weight[t] = std::clamp(std::sqrt(ratio), 1.0f, 6.0f);
  }
  for (auto i : indices) {
    std::uint32_t last = UINT32_MAX;
    auto inputs = examples[i].inputs;
    std::sort(inputs.begin(), inputs.end());
    for (const auto& [bucket, value] : inputs) {
      if (bucket != last) ++weights.bucket_use[bucket];
      last = bucket;
    }
  }

  std::vector<std::size_t> order = indices;
  std::uint64_t state = options.seed;
  constexpr float kEpsilon = 1e-6f;
  // Polyak averaging: the model returned is the mean of the weights at the end
  // of each epoch in the second half of training, which generalises better
  // than the last iterate of a noisy optimiser.
  const int first_averaged_epoch = options.epochs / 2;
  std::vector<float> table_sum(weights.table.size(), 0.0f);
  std::array<float, kRowWidth> bias_sum{};
  int averaged = 0;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    shuffle(order, state);
    for (auto i : order) {
      const Example& example = examples[i];
      HeadScores z{};
      for (std::size_t k = 0; k < kHeadCount; ++k) z[k] = weights.bias[k];
      for (const auto& [bucket, value] : example.inputs) {
        const float* row = &weights.table[bucket * kRowWidth];
        for (std::size_t k = 0; k < kHeadCount; ++k) z[k] += value * row[k];
      }
      HeadScores dz{};
      dz[kHeadCrisis] = sigmoid(z[kHeadCrisis]) - (example.crisis ? 1.0f : 0.0f);
      for (std::size_t t = 0; t < kTypeCount; ++t) {
        float error = sigmoid(z[kHeadTypeFirst + t]) - (example.types[t] ? 1.0f : 0.0f);
        dz[kHeadTypeFirst + t] = example.types[t] ? error * positive_weight[t] : error;
      }
      for (const auto& [t, other] : example.subjects) {
        float error = sigmoid(z[kHeadSubjectShared] + z[kHeadSubjectTypeFirst + t]) - (other ? 1.0f : 0.0f);
        dz[kHeadSubjectShared] += error;
        dz[kHeadSubjectTypeFirst + t] += error;
      }
      if (example.crisis && example.severity >= 0) softmax_gradient(z, kHeadSeverityFirst, 4, example.severity, dz);
      if (example.crisis && example.imminence >= 0) softmax_gradient(z, kHeadImminenceFirst, 4, example.imminence, dz);

      for (std::size_t k = 0; k < kHeadCount; ++k) {
        if (dz[k] == 0.0f) continue;
        bias_squared[k] += dz[k] * dz[k];
        weights.bias[k] -= options.learning_rate * dz[k] / (std::sqrt(bias_squared[k]) + kEpsilon);
      }
      for (const auto& [bucket, value] : example.inputs) {
        float* row = &weights.table[bucket * kRowWidth];
        float* row_squared = &squared[bucket * kRowWidth];
        for (std::size_t k = 0; k < kHeadCount; ++k) {
          if (dz[k] == 0.0f) continue;
          float gradient = value * dz[k] + options.l2 * row[k];
          row_squared[k] += gradient * gradient;
          row[k] -= options.learning_rate * gradient / (std::sqrt(row_squared[k]) + kEpsilon);
        }
      }
    }
    if (epoch >= first_averaged_epoch) {
      for (std::size_t i = 0; i < table_sum.size(); ++i) table_sum[i] += weights.table[i];
      for (std::size_t k = 0; k < kRowWidth; ++k) bias_sum[k] += weights.bias[k];
      ++averaged;
    }
  }
  if (averaged > 0) {
    const float inverse = 1.0f / static_cast<float>(averaged);
    for (std::size_t i = 0; i < table_sum.size(); ++i) weights.table[i] = table_sum[i] * inverse;
    for (std::size_t k = 0; k < kRowWidth; ++k) weights.bias[k] = bias_sum[k] * inverse;
  }
  return weights;
}

// The largest threshold that keeps recall at or above `target` on `scores`
// (probabilities of the positives), never above `ceiling`.
float threshold_for_recall(std::vector<float> scores, float target, float ceiling, float fallback) {
  if (scores.size() < 8) return fallback;
  std::sort(scores.begin(), scores.end());
  auto misses = static_cast<std::size_t>(std::floor((1.0 - target) * static_cast<double>(scores.size())));
  float threshold = scores[std::min(misses, scores.size() - 1)];
  return std::min(threshold, ceiling);
}

// Head scores of cases, and whether the safety floor reports each whatever its score.
struct ScoredCases {
  std::vector<HeadScores> scores;
  std::vector<bool> floors;
};

struct OutOfFold : ScoredCases {
  std::vector<std::size_t> indices;
};

// `normalised` holds every case's normalised turns, computed once per training
// run rather than once per model scored.
ScoredCases score_cases(const ScreenerModel& model, const std::vector<Conversation>& normalised,
                        const std::vector<std::size_t>& indices) {
  Screener screener(model);
  ScoredCases out;
  out.scores.reserve(indices.size());
  for (auto i : indices) {
    auto scored = screener.score_with_floor(normalised[i]);
    out.scores.push_back(scored.scores);
    out.floors.push_back(scored.floor);
  }
  return out;
}

std::vector<Assessment> decide_all(const ScoredCases& scored, const Thresholds& thresholds) {
  std::vector<Assessment> out;
  for (std::size_t n = 0; n < scored.scores.size(); ++n) out.push_back(decide(scored.scores[n], thresholds, scored.floors[n]));
  return out;
}

Thresholds choose_thresholds(const std::vector<LabelledCase>& cases, const OutOfFold& oof, const TrainingOptions& options) {
  Thresholds thresholds;
  // Crises the safety floor reports anyway count as caught at any threshold.
  std::vector<float> crisis_positive;
  for (std::size_t n = 0; n < oof.indices.size(); ++n) {
    if (cases[oof.indices[n]].expected_crisis) {
      crisis_positive.push_back(oof.floors[n] ? 1.0f : sigmoid(oof.scores[n][kHeadCrisis]));
    }
  }
  thresholds.crisis = threshold_for_recall(crisis_positive, options.target_crisis_recall, 0.5f, 0.3f);
  // A type is reported when its probability reaches the threshold with the
  // best F2 (recall weighs four times precision) over all out-of-fold cases;
  // the most likely type is always reported for a crisis anyway.
  constexpr float kBeta2 = 4.0f;  // F2: misses cost four times a spurious type (F1 drops type recall to ~0.65)
  for (std::size_t t = 0; t < kTypeCount; ++t) {
    float best_f_beta = -1.0f;
    thresholds.type[t] = 0.5f;
    for (float candidate = 0.05f; candidate <= 0.951f; candidate += 0.025f) {
      std::size_t tp = 0, fp = 0, fn = 0;
      for (std::size_t n = 0; n < oof.indices.size(); ++n) {
        const auto& labelled = cases[oof.indices[n]];
        bool expected = std::any_of(labelled.expected_risks.begin(), labelled.expected_risks.end(),
                                    [&](const ExpectedRisk& r) { return type_index(r.type) == t; });
        bool reported = sigmoid(oof.scores[n][kHeadTypeFirst + t]) >= candidate;
        tp += expected && reported;
        fp += !expected && reported;
        fn += expected && !reported;
      }
      float f_beta = tp == 0 ? 0.0f : (1.0f + kBeta2) * static_cast<float>(tp) / ((1.0f + kBeta2) * static_cast<float>(tp) + kBeta2 * static_cast<float>(fn) + static_cast<float>(fp));
      if (f_beta > best_f_beta) {
        best_f_beta = f_beta;
        thresholds.type[t] = candidate;
      }
    }
  }

  // Subject: most accurate threshold; ties go to the higher one (prefer "self",
  // which keeps the speaker's own severity visible).
  float best_accuracy = -1.0f;
  for (float candidate = 0.2f; candidate <= 0.801f; candidate += 0.05f) {
    std::size_t right = 0;
    std::size_t total = 0;
    for (std::size_t n = 0; n < oof.indices.size(); ++n) {
      for (const auto& risk : cases[oof.indices[n]].expected_risks) {
        if (risk.subject == Subject::unknown) continue;
        std::size_t t = type_index(risk.type);
        bool other = sigmoid(oof.scores[n][kHeadSubjectShared] + oof.scores[n][kHeadSubjectTypeFirst + t]) >= candidate;
        right += other == (risk.subject == Subject::other);
        ++total;
      }
    }
    float accuracy = total == 0 ? 0.0f : static_cast<float>(right) / static_cast<float>(total);
    if (accuracy >= best_accuracy) {
      best_accuracy = accuracy;
      thresholds.subject_other = candidate;
    }
  }

  // Severity and imminence quantiles: the share of crisis cases whose level
  // lands in the acceptable set. Conservative tie-break: the highest quantile
  // (ordered_level then reports the higher level) within one point of the
  // best rate. (Until this was fixed the loop took the lowest, the opposite
  // of what this comment always said.)
  auto pick_quantile = [&](bool severity) {
    std::vector<std::pair<float, double>> rates;
    for (float quantile = 0.15f; quantile <= 0.851f; quantile += 0.05f) {
      Thresholds trial = thresholds;
      (severity ? trial.severity_quantile : trial.imminence_quantile) = quantile;
      std::size_t right = 0;
      std::size_t total = 0;
      for (std::size_t n = 0; n < oof.indices.size(); ++n) {
        const auto& labelled = cases[oof.indices[n]];
        if (!labelled.expected_crisis) continue;
        if (!severity && labelled.acceptable_imminence.empty()) continue;
        auto outcome = score_case(labelled, decide(oof.scores[n], trial, oof.floors[n]));
        if (!outcome.crisis_correct) continue;
        right += severity ? outcome.severity_acceptable : outcome.imminence_acceptable.value_or(false);
        ++total;
      }
      rates.emplace_back(quantile, total == 0 ? 0.0 : static_cast<double>(right) / static_cast<double>(total));
    }
    double best = 0.0;
    for (const auto& [quantile, rate] : rates) best = std::max(best, rate);
    for (auto it = rates.rbegin(); it != rates.rend(); ++it) {
      if (it->second >= best - 0.01) return it->first;
    }
    return 0.5f;
  };
  thresholds.severity_quantile = pick_quantile(true);
  thresholds.imminence_quantile = pick_quantile(false);
  return thresholds;
}

// Recall/false-positive trade-off of the crisis head on out-of-fold scores,
// so the operating point's cost is visible in the report.
nlohmann::json operating_curve(const std::vector<LabelledCase>& cases, const OutOfFold& oof) {
  std::vector<float> positives, negatives;
  for (std::size_t n = 0; n < oof.indices.size(); ++n) {
    (cases[oof.indices[n]].expected_crisis ? positives : negatives).push_back(sigmoid(oof.scores[n][kHeadCrisis]));
  }
  nlohmann::json curve = nlohmann::json::array();
  for (float recall : {0.80f, 0.85f, 0.90f, 0.95f, 0.97f, 0.99f}) {
    float threshold = threshold_for_recall(positives, recall, 1.0f, 0.5f);
    auto false_alarms = std::count_if(negatives.begin(), negatives.end(), [&](float p) { return p >= threshold; });
    curve.push_back({{"recall_target", recall}, {"threshold", threshold},
                     {"benign_false_positive_rate", negatives.empty() ? 0.0 : static_cast<double>(false_alarms) / static_cast<double>(negatives.size())}});
  }
  return curve;
}

nlohmann::json thresholds_json(const Thresholds& thresholds) {
  nlohmann::json types = nlohmann::json::object();
  for (std::size_t t = 0; t < kTypeCount; ++t) types[std::string(to_string(kAllRiskTypes[t]))] = thresholds.type[t];
  return {{"crisis", thresholds.crisis},
          {"type", types},
          {"subject_other", thresholds.subject_other},
          {"severity_quantile", thresholds.severity_quantile},
          {"imminence_quantile", thresholds.imminence_quantile}};
}

nlohmann::json metrics_json(const std::vector<const LabelledCase*>& cases, const std::vector<Assessment>& assessments) {
  std::size_t tp = 0, fp = 0, fn = 0, tn = 0, passed = 0, critical = 0, severity_ok = 0, subject_total = 0, subject_ok = 0;
  std::array<std::size_t, kTypeCount> type_total{}, type_found{};
  std::vector<std::string> missed, false_alarms;
  for (std::size_t n = 0; n < cases.size(); ++n) {
    const auto& labelled = *cases[n];
    const auto& got = assessments[n];
    auto outcome = score_case(labelled, got);
    if (labelled.expected_crisis) (got.is_crisis() ? tp : fn)++;
    else (got.is_crisis() ? fp : tn)++;
    if (labelled.expected_crisis && !got.is_crisis()) missed.push_back(labelled.case_id);
    if (!labelled.expected_crisis && got.is_crisis()) false_alarms.push_back(labelled.case_id);
    passed += outcome.passed;
    critical += outcome.critical_miss;
    severity_ok += outcome.severity_acceptable;
    for (const auto& risk : labelled.expected_risks) {
      std::size_t t = type_index(risk.type);
      ++type_total[t];
      bool found = std::any_of(got.risks.begin(), got.risks.end(), [&](const Risk& r) { return r.type == risk.type; });
      type_found[t] += found;
      if (found && risk.subject != Subject::unknown) {
        ++subject_total;
        subject_ok += std::any_of(got.risks.begin(), got.risks.end(),
                                  [&](const Risk& r) { return r.type == risk.type && r.subject == risk.subject; });
      }
    }
  }
  auto ratio = [](std::size_t a, std::size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); };
  double recall = ratio(tp, tp + fn);
  double precision = ratio(tp, tp + fp);
  nlohmann::json per_type = nlohmann::json::object();
  for (std::size_t t = 0; t < kTypeCount; ++t) {
    per_type[std::string(to_string(kAllRiskTypes[t]))] = {{"cases", type_total[t]}, {"recall", ratio(type_found[t], type_total[t])}};
  }
  return {{"cases", cases.size()},
          {"crisis_cases", tp + fn},
          {"benign_cases", fp + tn},
          {"crisis_recall", recall},
          {"crisis_precision", precision},
          {"crisis_f1", recall + precision == 0 ? 0.0 : 2 * recall * precision / (recall + precision)},
          {"benign_false_positive_rate", ratio(fp, fp + tn)},
          {"pass_rate", ratio(passed, cases.size())},
          {"speaker_severity_acceptable", ratio(severity_ok, cases.size())},
          {"subject_accuracy", ratio(subject_ok, subject_total)},
          {"critical_misses", critical},
          {"type_recall", per_type},
          {"missed_case_ids", missed},
          {"false_alarm_case_ids", false_alarms}};
}

}  // namespace

bool in_holdout(const std::string& case_id, double fraction) {
  return static_cast<double>(fnv_hash(case_id, 0x401d0u) % 10000) < fraction * 10000.0;
}

TrainingResult train_screener(const std::vector<LabelledCase>& cases, const Lexicon& lexicon,
                              const TrainingOptions& options, std::ostream* progress) {
  auto say = [&](const std::string& line) {
    if (progress) *progress << line << '\n' << std::flush;
  };
  std::vector<Conversation> normalised;
  normalised.reserve(cases.size());
  for (const auto& labelled : cases) normalised.push_back(normalise_conversation(labelled.conversation));
  std::vector<Example> examples;
  examples.reserve(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    examples.push_back(make_example(cases[i], normalised[i], lexicon, options.bucket_bits));
  }

  std::vector<std::size_t> train;
  std::vector<std::size_t> holdout;
  for (std::size_t i = 0; i < cases.size(); ++i) (in_holdout(cases[i].case_id, options.holdout_fraction) ? holdout : train).push_back(i);
  std::size_t train_crisis = 0;
  for (auto i : train) train_crisis += cases[i].expected_crisis;
  if (train.size() < 50 || train_crisis < 10 || train.size() - train_crisis < 10) {
    throw std::invalid_argument("the corpus is too small to train on: " + std::to_string(train.size()) +
                                " training cases, " + std::to_string(train_crisis) + " with a crisis");
  }
  say("corpus: " + std::to_string(cases.size()) + " cases; training on " + std::to_string(train.size()) +
      ", holding apart " + std::to_string(holdout.size()));

  // Out-of-fold predictions on the training part pick the thresholds.
  OutOfFold oof;
  const Thresholds neutral;
  for (int fold = 0; fold < options.folds; ++fold) {
    std::vector<std::size_t> fit;
    std::vector<std::size_t> held;
    for (std::size_t n = 0; n < train.size(); ++n) {
      if (static_cast<int>(n % options.folds) == fold) {
        held.push_back(train[n]);
        oof.indices.push_back(train[n]);
      } else {
        fit.push_back(train[n]);
      }
    }
    auto fold_model = ScreenerModel::from_weights(train_weights(examples, fit, options), lexicon, neutral, "{}",
                                                  options.min_bucket_use);
    auto scored = score_cases(fold_model, normalised, held);
    oof.scores.insert(oof.scores.end(), scored.scores.begin(), scored.scores.end());
    oof.floors.insert(oof.floors.end(), scored.floors.begin(), scored.floors.end());
    say("fold " + std::to_string(fold + 1) + "/" + std::to_string(options.folds) + " done");
  }
  Thresholds thresholds = choose_thresholds(cases, oof, options);

  std::vector<const LabelledCase*> oof_cases;
  for (auto i : oof.indices) oof_cases.push_back(&cases[i]);
  std::vector<Assessment> oof_assessments = decide_all(oof, thresholds);

  auto model = ScreenerModel::from_weights(train_weights(examples, train, options), lexicon, thresholds, "{}",
                                           options.min_bucket_use);
  std::vector<const LabelledCase*> train_cases;
  for (auto i : train) train_cases.push_back(&cases[i]);
  std::vector<Assessment> train_assessments = decide_all(score_cases(model, normalised, train), thresholds);
  std::vector<const LabelledCase*> holdout_cases;
  for (auto i : holdout) holdout_cases.push_back(&cases[i]);
  std::vector<Assessment> holdout_assessments = decide_all(score_cases(model, normalised, holdout), thresholds);

  std::array<std::size_t, kTypeCount> type_cases{};
  std::size_t crisis_cases = 0;
  for (const auto& labelled : cases) {
    crisis_cases += labelled.expected_crisis;
    for (const auto& risk : labelled.expected_risks) ++type_cases[type_index(risk.type)];
  }
  nlohmann::json corpus_types = nlohmann::json::object();
  for (std::size_t t = 0; t < kTypeCount; ++t) corpus_types[std::string(to_string(kAllRiskTypes[t]))] = type_cases[t];

  nlohmann::json report = {
      {"corpus", {{"cases", cases.size()}, {"crisis", crisis_cases}, {"benign", cases.size() - crisis_cases}, {"risks_by_type", corpus_types}}},
      {"split", {{"train", train.size()}, {"holdout", holdout.size()}, {"holdout_fraction", options.holdout_fraction}, {"folds", options.folds}}},
      {"options", {{"seed", options.seed}, {"bucket_bits", options.bucket_bits}, {"epochs", options.epochs},
                   {"learning_rate", options.learning_rate}, {"l2", options.l2},
                   {"target_crisis_recall", options.target_crisis_recall},
                   {"min_bucket_use", options.min_bucket_use}}},
      {"model", {{"rows", model.row_count()}, {"lexicon_phrases", lexicon.phrase_count()}}},
      {"thresholds", thresholds_json(thresholds)},
      {"cross_validated", metrics_json(oof_cases, oof_assessments)},
      {"cross_validated_operating_curve", operating_curve(cases, oof)},
      {"holdout", metrics_json(holdout_cases, holdout_assessments)},
      // How well the shipped model fits what it was trained on: far above the
      // held-apart figures means over-fitting, close to them under-fitting.
      {"training_fit", metrics_json(train_cases, train_assessments)},
  };
  model.set_metadata_json(report.dump());
  return {std::move(model), std::move(report)};
}

}  // namespace lifeguard::screener
