// Qwen3 forward pass (see qwen3_model.hpp).
#include "engine/qwen3_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/numeric.hpp"

namespace lifeguard::engine {
namespace {

void rms_norm(const float* x, const float* weight, std::size_t n, double eps, float* out) {
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) sum += x[i] * x[i];
  const float scale = 1.0f / std::sqrt(sum / static_cast<float>(n) + static_cast<float>(eps));
  for (std::size_t i = 0; i < n; ++i) out[i] = weight[i] * (x[i] * scale);
}

void rotate(float* v, const float* cos, const float* sin, std::size_t half) {
  for (std::size_t i = 0; i < half; ++i) {
    const float a = v[i], b = v[i + half];
    v[i] = a * cos[i] - b * sin[i];
    v[i + half] = b * cos[i] + a * sin[i];
  }
}

float silu(float x) { return x / (1.0f + std::exp(-x)); }

}  // namespace

TokenId argmax(const std::vector<float>& logits, std::size_t offset, std::size_t count) {
  if (count == 0) count = logits.size() - offset;
  std::size_t best = offset;
  for (std::size_t i = offset + 1; i < offset + count; ++i) {
    if (logits[i] > logits[best]) best = i;
  }
  return static_cast<TokenId>(best - offset);
}

Qwen3Model Qwen3Model::load(const std::filesystem::path& dir, std::size_t threads) {
  Qwen3Config config = load_qwen3_config(dir);
  auto checkpoint = SafetensorsCheckpoint::open(dir);
  return Qwen3Model(config, load_qwen3_weights(checkpoint, config), threads);
}

Qwen3Model::Qwen3Model(Qwen3Config config, Qwen3Weights weights, std::size_t threads)
    : config_(config), weights_(std::move(weights)), pool_(std::make_unique<ThreadPool>(threads)) {
  const auto half = static_cast<std::size_t>(config_.head_dim / 2);
  for (std::size_t i = 0; i < half; ++i) {
    // As HF: base ** (arange(0, dim, 2) / dim) in float32, then its inverse.
    const float exponent = static_cast<float>(2 * i) / static_cast<float>(config_.head_dim);
    inv_freq_.push_back(1.0f / std::pow(static_cast<float>(config_.rope_theta), exponent));
  }
}

Sequence Qwen3Model::new_sequence() const {
  Sequence sequence;
  sequence.keys.resize(static_cast<std::size_t>(config_.num_hidden_layers));
  sequence.values.resize(static_cast<std::size_t>(config_.num_hidden_layers));
  return sequence;
}

void Qwen3Model::matvec(const Matrix& m, const float* x, float* y) const {
  const auto cols = static_cast<std::size_t>(m.cols);
  pool_->parallel_for(static_cast<std::size_t>(m.rows), [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      float sum = 0.0f;
      if (m.is_bf16()) {
        const std::uint16_t* row = &m.bf16[r * cols];
        for (std::size_t c = 0; c < cols; ++c) sum += bf16_to_f32(row[c]) * x[c];
      } else {
        const float* row = &m.f32[r * cols];
        for (std::size_t c = 0; c < cols; ++c) sum += row[c] * x[c];
      }
      y[r] = sum;
    }
  });
}

std::vector<float> Qwen3Model::step(Sequence& sequence, TokenId token) const {
  const Qwen3Config& c = config_;
  if (token < 0 || token >= c.vocab_size) {
    throw std::invalid_argument("token id " + std::to_string(token) + " is outside the vocabulary of " +
                                std::to_string(c.vocab_size));
  }
  if (sequence.length >= c.max_position_embeddings) throw std::invalid_argument("sequence longer than max_position_embeddings");
  const auto hidden = static_cast<std::size_t>(c.hidden_size);
  const auto heads = static_cast<std::size_t>(c.num_attention_heads);
  const auto kv_heads = static_cast<std::size_t>(c.num_key_value_heads);
  const auto head_dim = static_cast<std::size_t>(c.head_dim);
  const auto half = head_dim / 2;
  const auto group = heads / kv_heads;
  const auto position = static_cast<std::size_t>(sequence.length);

  std::vector<float> x(hidden), h(hidden), q(heads * head_dim), k(kv_heads * head_dim), v(kv_heads * head_dim),
      attention(heads * head_dim), projected(hidden), gate(static_cast<std::size_t>(c.intermediate_size)),
      up(gate.size());
  for (std::size_t i = 0; i < hidden; ++i) x[i] = weights_.embed.at(token, static_cast<std::int64_t>(i));

  std::vector<float> cos(half), sin(half);
  for (std::size_t i = 0; i < half; ++i) {
    const float angle = static_cast<float>(position) * inv_freq_[i];
    cos[i] = std::cos(angle);
    sin[i] = std::sin(angle);
  }
  const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));

  for (std::size_t l = 0; l < weights_.layers.size(); ++l) {
    const LayerWeights& layer = weights_.layers[l];
    rms_norm(x.data(), layer.input_norm.data(), hidden, c.rms_norm_eps, h.data());
    matvec(layer.q, h.data(), q.data());
    matvec(layer.k, h.data(), k.data());
    matvec(layer.v, h.data(), v.data());
    for (std::size_t head = 0; head < heads; ++head) {
      float* qh = &q[head * head_dim];
      rms_norm(qh, layer.q_norm.data(), head_dim, c.rms_norm_eps, qh);
      rotate(qh, cos.data(), sin.data(), half);
    }
    for (std::size_t head = 0; head < kv_heads; ++head) {
      float* kh = &k[head * head_dim];
      rms_norm(kh, layer.k_norm.data(), head_dim, c.rms_norm_eps, kh);
      rotate(kh, cos.data(), sin.data(), half);
    }
    auto& keys = sequence.keys[l];
    auto& values = sequence.values[l];
    keys.insert(keys.end(), k.begin(), k.end());
    values.insert(values.end(), v.begin(), v.end());
    const std::size_t positions = position + 1;
    const std::size_t stride = kv_heads * head_dim;
    for (std::size_t head = 0; head < heads; ++head) {
      const float* qh = &q[head * head_dim];
      const std::size_t kvh = head / group;
      std::vector<float> scores(positions);
      float largest = -INFINITY;
      for (std::size_t t = 0; t < positions; ++t) {
        const float* kt = &keys[t * stride + kvh * head_dim];
        float dot = 0.0f;
        for (std::size_t d = 0; d < head_dim; ++d) dot += qh[d] * kt[d];
        scores[t] = dot * scale;
        largest = std::max(largest, scores[t]);
      }
      float total = 0.0f;
      for (auto& s : scores) {
        s = std::exp(s - largest);
        total += s;
      }
      float* out = &attention[head * head_dim];
      std::fill(out, out + head_dim, 0.0f);
      for (std::size_t t = 0; t < positions; ++t) {
        const float p = scores[t] / total;
        const float* vt = &values[t * stride + kvh * head_dim];
        for (std::size_t d = 0; d < head_dim; ++d) out[d] += p * vt[d];
      }
    }
    matvec(layer.o, attention.data(), projected.data());
    for (std::size_t i = 0; i < hidden; ++i) x[i] += projected[i];
    rms_norm(x.data(), layer.post_attention_norm.data(), hidden, c.rms_norm_eps, h.data());
    matvec(layer.gate, h.data(), gate.data());
    matvec(layer.up, h.data(), up.data());
    for (std::size_t i = 0; i < gate.size(); ++i) gate[i] = silu(gate[i]) * up[i];
    matvec(layer.down, gate.data(), projected.data());
    for (std::size_t i = 0; i < hidden; ++i) x[i] += projected[i];
  }
  rms_norm(x.data(), weights_.final_norm.data(), hidden, c.rms_norm_eps, h.data());
  std::vector<float> logits(static_cast<std::size_t>(c.vocab_size));
  matvec(weights_.output(), h.data(), logits.data());
  ++sequence.length;
  return logits;
}

std::vector<float> Qwen3Model::prefill(Sequence& sequence, const std::vector<TokenId>& tokens, bool all_positions) const {
  std::vector<float> out;
  std::vector<float> last;
  for (TokenId token : tokens) {
    last = step(sequence, token);
    if (all_positions) out.insert(out.end(), last.begin(), last.end());
  }
  return all_positions ? out : last;
}

}  // namespace lifeguard::engine
