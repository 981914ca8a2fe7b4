// Screener model: scoring and the .lgsm file format.
//
// File layout (little-endian):
//   "LGSCRN01"  magic
//   u32 format version (1), u32 bucket_bits, u32 head count, u32 row width, u32 row count
//   f32[row width] scale, f32[row width] bias
//   f32 crisis, f32[9] type, f32 subject_other, f32 severity_quantile, f32 imminence_quantile
//   u64 length + lexicon TSV bytes, u64 length + metadata JSON bytes
//   row count x (u32 bucket, i8[row width])
//   u64 FNV-1a checksum of everything before it
#include "screener/model.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "screener/hashing.hpp"

extern "C" const char lifeguard_embedded_screener_model[];
extern "C" const char lifeguard_embedded_screener_model_end[];

namespace lifeguard::screener {
namespace {

static_assert(std::endian::native == std::endian::little, "the model format is little-endian");

constexpr char kMagic[8] = {'L', 'G', 'S', 'C', 'R', 'N', '0', '1'};
constexpr std::uint32_t kFormatVersion = 2;  // 2: int8 weights
constexpr std::uint32_t kMinBucketBits = 10;
constexpr std::uint32_t kMaxBucketBits = 24;

std::uint64_t checksum(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

class Writer {
 public:
  template <typename T>
  void put(const T& value) {
    out_.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  void put_bytes(std::string_view bytes) {
    put<std::uint64_t>(bytes.size());
    out_.append(bytes);
  }
  std::string& text() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  Reader(std::string_view bytes, std::string_view origin) : bytes_(bytes), origin_(origin) {}

  template <typename T>
  T get(const char* what) {
    need(sizeof(T), what);
    T value;
    std::memcpy(&value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  std::string get_bytes(const char* what) {
    auto length = get<std::uint64_t>(what);
    need(length, what);
    std::string out(bytes_.substr(at_, length));
    at_ += length;
    return out;
  }
  void need(std::uint64_t length, const char* what) const {
    if (length > bytes_.size() - at_) {
      fail("truncated while reading " + std::string(what) + " at byte " + std::to_string(at_) + " (needs " +
           std::to_string(length) + " more bytes, file has " + std::to_string(bytes_.size() - at_) + ")");
    }
  }
  [[noreturn]] void fail(const std::string& message) const {
    throw std::runtime_error("screener model " + std::string(origin_) + ": " + message);
  }
  std::size_t position() const { return at_; }

 private:
  std::string_view bytes_;
  std::string_view origin_;
  std::size_t at_ = 0;
};

}  // namespace

float ngram_value(std::size_t ngram_count) {
  return ngram_count == 0 ? 0.0f : 1.0f / std::sqrt(static_cast<float>(ngram_count));
}

ScreenerModel ScreenerModel::from_weights(const FloatWeights& weights, Lexicon lexicon, Thresholds thresholds,
                                          std::string metadata_json, std::uint32_t min_bucket_use) {
  ScreenerModel model;
  model.bucket_bits_ = weights.bucket_bits;
  model.bias_ = weights.bias;
  model.thresholds_ = thresholds;
  model.lexicon_ = std::move(lexicon);
  model.metadata_json_ = std::move(metadata_json);
  const std::size_t buckets = std::size_t{1} << weights.bucket_bits;
  auto kept = [&](std::size_t bucket) { return weights.bucket_use[bucket] >= min_bucket_use; };

  std::array<float, kRowWidth> largest{};
  for (std::size_t bucket = 0; bucket < buckets; ++bucket) {
    if (!kept(bucket)) continue;
    for (std::size_t k = 0; k < kRowWidth; ++k) {
      largest[k] = std::max(largest[k], std::fabs(weights.table[bucket * kRowWidth + k]));
    }
  }
  for (std::size_t k = 0; k < kRowWidth; ++k) model.scale_[k] = largest[k] > 0 ? largest[k] / kQuantisedMax : 1.0f;

  model.bucket_to_row_.assign(buckets, 0);
  for (std::size_t bucket = 0; bucket < buckets; ++bucket) {
    if (!kept(bucket)) continue;
    const float* row = &weights.table[bucket * kRowWidth];
    if (std::all_of(row, row + kRowWidth, [](float w) { return w == 0.0f; })) continue;
    for (std::size_t k = 0; k < kRowWidth; ++k) {
      model.rows_.push_back(static_cast<QuantisedWeight>(std::lround(row[k] / model.scale_[k])));
    }
    model.bucket_to_row_[bucket] = static_cast<std::uint32_t>(model.rows_.size() / kRowWidth);
  }
  return model;
}

namespace {

// Scoring is bound by memory latency (random rows of a ~2 MB table), so the
// loop looks up rows well ahead of use to keep several cache misses in flight.
constexpr std::size_t kPrefetchDistance = 12;

template <typename HashAt>
void accumulate_rows(std::size_t count, HashAt hash_at, const std::uint32_t* bucket_to_row, std::uint32_t bucket_bits,
                     const QuantisedWeight* rows, std::array<std::int32_t, kRowWidth>& sum) {
  // Pass 1: bucket -> row index, with the index table prefetched ahead.
  std::uint32_t found_rows[512];
  std::size_t done = 0;
  while (done < count) {
    std::size_t batch = std::min<std::size_t>(count - done, 512);
    std::size_t found = 0;
    for (std::size_t i = 0; i < batch; ++i) {
      if (i + kPrefetchDistance < batch) {
        __builtin_prefetch(&bucket_to_row[bucket_of_hash(hash_at(done + i + kPrefetchDistance), bucket_bits)]);
      }
      std::uint32_t row = bucket_to_row[bucket_of_hash(hash_at(done + i), bucket_bits)];
      if (row != 0) found_rows[found++] = row - 1;
    }
    // Pass 2: add the rows, prefetched ahead.
    for (std::size_t i = 0; i < found; ++i) {
      if (i + kPrefetchDistance < found) __builtin_prefetch(&rows[found_rows[i + kPrefetchDistance] * kRowWidth]);
      const QuantisedWeight* weights = &rows[found_rows[i] * kRowWidth];
      for (std::size_t k = 0; k < kRowWidth; ++k) sum[k] += weights[k];
    }
    done += batch;
  }
}

}  // namespace

HeadScores ScreenerModel::score(const FeatureVector& features, std::vector<float>* signal_crisis_weights) const {
  std::array<std::int32_t, kRowWidth> ngram_sum{};
  std::array<std::int32_t, kRowWidth> signal_sum{};
  const auto& ngrams = features.ngram_hashes;
  accumulate_rows(ngrams.size(), [&](std::size_t i) { return ngrams[i]; }, bucket_to_row_.data(), bucket_bits_,
                  rows_.data(), ngram_sum);
  // Signals are few: a plain loop that can also record their crisis weights.
  if (signal_crisis_weights) signal_crisis_weights->assign(features.signals.size(), 0.0f);
  for (std::size_t i = 0; i < features.signals.size(); ++i) {
    std::uint32_t row = bucket_to_row_[bucket_of_hash(features.signals[i].hash(), bucket_bits_)];
    if (row == 0) continue;
    const QuantisedWeight* weights = &rows_[(row - 1) * kRowWidth];
    for (std::size_t k = 0; k < kRowWidth; ++k) signal_sum[k] += weights[k];
    if (signal_crisis_weights) (*signal_crisis_weights)[i] = scale_[kHeadCrisis] * static_cast<float>(weights[kHeadCrisis]);
  }

  const float value = ngram_value(ngrams.size());
  HeadScores scores{};
  for (std::size_t k = 0; k < kHeadCount; ++k) {
    scores[k] = bias_[k] + scale_[k] * (value * static_cast<float>(ngram_sum[k]) + static_cast<float>(signal_sum[k]));
  }
  return scores;
}

std::size_t ScreenerModel::memory_bytes() const {
  return bucket_to_row_.capacity() * sizeof(std::uint32_t) + rows_.capacity() * sizeof(QuantisedWeight) +
         lexicon_.memory_bytes() + metadata_json_.capacity() + sizeof(*this);
}

std::string ScreenerModel::serialise() const {
  Writer writer;
  writer.text().append(kMagic, sizeof(kMagic));
  writer.put(kFormatVersion);
  writer.put(bucket_bits_);
  writer.put(static_cast<std::uint32_t>(kHeadCount));
  writer.put(static_cast<std::uint32_t>(kRowWidth));
  writer.put(static_cast<std::uint32_t>(row_count()));
  for (float s : scale_) writer.put(s);
  for (float b : bias_) writer.put(b);
  writer.put(thresholds_.crisis);
  for (float t : thresholds_.type) writer.put(t);
  writer.put(thresholds_.subject_other);
  writer.put(thresholds_.severity_quantile);
  writer.put(thresholds_.imminence_quantile);
  writer.put_bytes(lexicon_.source_text());
  writer.put_bytes(metadata_json_);
  for (std::uint32_t bucket = 0; bucket < bucket_to_row_.size(); ++bucket) {
    std::uint32_t row = bucket_to_row_[bucket];
    if (row == 0) continue;
    writer.put(bucket);
    writer.text().append(reinterpret_cast<const char*>(&rows_[(row - 1) * kRowWidth]), kRowWidth * sizeof(QuantisedWeight));
  }
  writer.put(checksum(writer.text()));
  return std::move(writer.text());
}

ScreenerModel ScreenerModel::load_bytes(std::string_view bytes, std::string_view origin) {
  Reader reader(bytes, origin);
  if (bytes.size() < sizeof(kMagic) || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    reader.fail("not a lifeguard screener model (bad magic bytes)");
  }
  if (bytes.size() < sizeof(kMagic) + sizeof(std::uint64_t)) reader.fail("truncated (file too short)");
  std::string_view body = bytes.substr(0, bytes.size() - sizeof(std::uint64_t));
  std::uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + body.size(), sizeof(stored));
  if (stored != checksum(body)) reader.fail("checksum mismatch: the file is truncated or corrupt");

  Reader body_reader(body, origin);
  body_reader.need(sizeof(kMagic), "magic");
  for (std::size_t i = 0; i < sizeof(kMagic); ++i) body_reader.get<char>("magic");
  auto version = body_reader.get<std::uint32_t>("format version");
  if (version != kFormatVersion) {
    body_reader.fail("format version " + std::to_string(version) + " is not supported (this build reads " +
                     std::to_string(kFormatVersion) + ")");
  }
  ScreenerModel model;
  model.bucket_bits_ = body_reader.get<std::uint32_t>("bucket bits");
  if (model.bucket_bits_ < kMinBucketBits || model.bucket_bits_ > kMaxBucketBits) {
    body_reader.fail("bucket bits " + std::to_string(model.bucket_bits_) + " out of range");
  }
  auto heads = body_reader.get<std::uint32_t>("head count");
  auto width = body_reader.get<std::uint32_t>("row width");
  if (heads != kHeadCount || width != kRowWidth) {
    body_reader.fail("head layout " + std::to_string(heads) + "x" + std::to_string(width) + " does not match " +
                     std::to_string(kHeadCount) + "x" + std::to_string(kRowWidth));
  }
  auto rows = body_reader.get<std::uint32_t>("row count");
  const std::size_t buckets = std::size_t{1} << model.bucket_bits_;
  if (rows > buckets) body_reader.fail("row count exceeds bucket count");
  for (auto& s : model.scale_) s = body_reader.get<float>("scales");
  for (auto& b : model.bias_) b = body_reader.get<float>("biases");
  model.thresholds_.crisis = body_reader.get<float>("thresholds");
  for (auto& t : model.thresholds_.type) t = body_reader.get<float>("thresholds");
  model.thresholds_.subject_other = body_reader.get<float>("thresholds");
  model.thresholds_.severity_quantile = body_reader.get<float>("thresholds");
  model.thresholds_.imminence_quantile = body_reader.get<float>("thresholds");
  for (float value : model.scale_) {
    if (!std::isfinite(value)) body_reader.fail("non-finite scale");
  }
  for (float value : model.bias_) {
    if (!std::isfinite(value)) body_reader.fail("non-finite bias");
  }
  try {
    model.lexicon_ = Lexicon::parse(body_reader.get_bytes("lexicon"));
  } catch (const std::invalid_argument& error) {
    body_reader.fail(std::string("embedded lexicon: ") + error.what());
  }
  model.metadata_json_ = body_reader.get_bytes("metadata");
  body_reader.need(std::uint64_t{rows} * (sizeof(std::uint32_t) + kRowWidth * sizeof(QuantisedWeight)), "weight rows");
  model.bucket_to_row_.assign(buckets, 0);
  model.rows_.resize(std::size_t{rows} * kRowWidth);
  for (std::uint32_t row = 0; row < rows; ++row) {
    auto bucket = body_reader.get<std::uint32_t>("row bucket");
    if (bucket >= buckets) body_reader.fail("row " + std::to_string(row) + " names bucket " + std::to_string(bucket) + " out of range");
    if (model.bucket_to_row_[bucket] != 0) body_reader.fail("bucket " + std::to_string(bucket) + " has two rows");
    model.bucket_to_row_[bucket] = row + 1;
    for (std::size_t k = 0; k < kRowWidth; ++k) model.rows_[row * kRowWidth + k] = body_reader.get<QuantisedWeight>("row weights");
  }
  if (body_reader.position() != body.size()) body_reader.fail("unexpected bytes after the weight rows");
  return model;
}

ScreenerModel ScreenerModel::load_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("screener model " + path.string() + ": cannot open file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return load_bytes(buffer.str(), path.string());
}

const ScreenerModel& ScreenerModel::embedded() {
  static const ScreenerModel model = [] {
    std::string_view bytes(lifeguard_embedded_screener_model,
                           static_cast<std::size_t>(lifeguard_embedded_screener_model_end - lifeguard_embedded_screener_model));
    return load_bytes(bytes, "(embedded)");
  }();
  return model;
}

}  // namespace lifeguard::screener
