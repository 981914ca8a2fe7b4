// The screener's trained linear model: one weight row per hashed feature
// bucket, one column per output head, int8 with a per-head scale (half a cache
// line per feature; buckets never seen in training have no row). Also holds the
// lexicon the features were built with and the operating thresholds chosen on
// data the model was not trained on.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/taxonomy.hpp"
#include "screener/features.hpp"
#include "screener/lexicon.hpp"

namespace lifeguard::screener {

// Output heads, in column order.
inline constexpr std::size_t kHeadCrisis = 0;
inline constexpr std::size_t kHeadTypeFirst = 1;             // 9 heads: is this type present?
inline constexpr std::size_t kHeadSubjectShared = 10;        // logit of "subject is other", shared part
inline constexpr std::size_t kHeadSubjectTypeFirst = 11;     // 9 heads: per-type part of the subject logit
inline constexpr std::size_t kHeadSeverityFirst = 20;        // 4 heads: softmax over mild..critical
inline constexpr std::size_t kHeadImminenceFirst = 24;       // 4 heads: softmax over chronic..emergency
inline constexpr std::size_t kHeadCount = 28;
inline constexpr std::size_t kRowWidth = 32;  // heads padded to a 64-byte row
inline constexpr std::size_t kTypeCount = kAllRiskTypes.size();

using HeadScores = std::array<float, kHeadCount>;

// Stored weights: int8 with a per-head scale (max |w| / 127). The rounding
// error per weight is under 0.4% of the head's largest weight, far below
// what changes a decision, and a row is half a cache line.
using QuantisedWeight = std::int8_t;
inline constexpr float kQuantisedMax = 127.0f;

struct Thresholds {
  float crisis = 0.5f;                      // probability at or above which a crisis is reported
  std::array<float, kTypeCount> type{};     // per-type probability to report that type
  float subject_other = 0.5f;               // probability at or above which the subject is "other"
  float severity_quantile = 0.5f;           // report the smallest level whose cumulative probability reaches this
  float imminence_quantile = 0.5f;
};

// Float weights as the trainer holds them: bucket-major [bucket][kRowWidth].
struct FloatWeights {
  std::uint32_t bucket_bits = 18;
  std::vector<float> table;
  std::array<float, kRowWidth> bias{};
  std::vector<std::uint32_t> bucket_use;  // how many training examples touched each bucket
};

class ScreenerModel {
 public:
  // Quantises trained weights; buckets touched by fewer than `min_bucket_use`
  // training examples get no row (their weights are noise).
  static ScreenerModel from_weights(const FloatWeights& weights, Lexicon lexicon, Thresholds thresholds,
                                    std::string metadata_json, std::uint32_t min_bucket_use);

  // Throws std::runtime_error with a precise message for a truncated, corrupt
  // or foreign file ("screener model: truncated at byte N (expected ...)").
  static ScreenerModel load_bytes(std::string_view bytes, std::string_view origin);
  static ScreenerModel load_file(const std::filesystem::path& path);
  // The model compiled into the library (data/screener/model.lgsm at build time).
  static const ScreenerModel& embedded();

  std::string serialise() const;

  // `signal_crisis_weights`, when given, receives each signal's weight on the
  // crisis head (in features.signals order), for explanations.
  HeadScores score(const FeatureVector& features, std::vector<float>* signal_crisis_weights = nullptr) const;

  const Lexicon& lexicon() const { return lexicon_; }
  const Thresholds& thresholds() const { return thresholds_; }
  void set_thresholds(const Thresholds& thresholds) { thresholds_ = thresholds; }
  const std::string& metadata_json() const { return metadata_json_; }
  void set_metadata_json(std::string metadata_json) { metadata_json_ = std::move(metadata_json); }
  std::size_t memory_bytes() const;
  std::size_t row_count() const { return rows_.size() / kRowWidth; }


 private:
  std::uint32_t bucket_bits_ = 18;
  std::vector<std::uint32_t> bucket_to_row_;  // 0 = no row; else row index + 1
  std::vector<QuantisedWeight> rows_;  // row-major [row][kRowWidth]
  std::array<float, kRowWidth> scale_{};
  std::array<float, kRowWidth> bias_{};
  Thresholds thresholds_;
  Lexicon lexicon_;
  std::string metadata_json_;
};

// Bucket of a feature hash for a table of 2^bits buckets.
inline std::uint32_t bucket_of_hash(std::uint64_t hash, std::uint32_t bits) {
  return static_cast<std::uint32_t>(hash >> (64 - bits));
}

// Value of the n-gram group's features: 1/sqrt(count).
float ngram_value(std::size_t ngram_count);

}  // namespace lifeguard::screener
