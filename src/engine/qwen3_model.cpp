// Qwen3 forward pass (see qwen3_model.hpp).
#include "engine/qwen3_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/kernels.hpp"

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

// Reusable float buffers, one per slot; take() sizes a slot (contents unspecified).
struct Scratch {
  std::vector<float> slots[10];
  std::vector<float>& take(std::size_t slot, std::size_t size) {
    slots[slot].resize(size);
    return slots[slot];
  }
};

WeightRows rows_of(const Matrix& m) {
  WeightRows w;
  w.cols = static_cast<std::size_t>(m.cols);
  if (!m.i8.empty()) {
    w.format = WeightFormat::i8;
    w.data = m.i8.data();
    w.row_scale = m.row_scale.data();
  } else if (m.is_bf16()) {
    w.format = WeightFormat::bf16;
    w.data = m.bf16.data();
  } else {
    w.format = WeightFormat::f32;
    w.data = m.f32.data();
  }
  return w;
}

}  // namespace

TokenId argmax(const std::vector<float>& logits) {
  return static_cast<TokenId>(std::max_element(logits.begin(), logits.end()) - logits.begin());
}

Qwen3Model Qwen3Model::load(const std::filesystem::path& dir, const ModelOptions& options) {
  Qwen3Config config = load_qwen3_config(dir);
  auto checkpoint = SafetensorsCheckpoint::open(dir);
  Qwen3Weights weights = load_qwen3_weights(checkpoint, config);
  if (options.int8) quantise_int8(weights);
  return Qwen3Model(config, std::move(weights), options);
}

Qwen3Model::Qwen3Model(Qwen3Config config, Qwen3Weights weights, const ModelOptions& options)
    : config_(config),
      weights_(std::move(weights)),
      arithmetic_(options.arithmetic),
      pool_(std::make_unique<ThreadPool>(options.threads)) {
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

void Qwen3Model::matmul(std::initializer_list<Product> products, const float* x, std::size_t batch) const {
  // The products share their input and, within one checkpoint, their format.
  const WeightRows first = rows_of(*products.begin()->weights);
  const PreparedInputs inputs(x, batch, first.cols, first.format, arithmetic_);
  std::size_t total = 0;
  for (const Product& p : products) total += static_cast<std::size_t>(p.weights->rows);
  pool_->parallel_for(total, [&](std::size_t begin, std::size_t end) {
    std::size_t offset = 0;
    for (const Product& p : products) {
      const auto rows = static_cast<std::size_t>(p.weights->rows);
      const std::size_t from = std::max(begin, offset), to = std::min(end, offset + rows);
      if (from < to) matmul_rows(rows_of(*p.weights), from - offset, to - offset, inputs.view(), p.y, rows);
      offset += rows;
    }
  });
}

std::vector<std::vector<float>> Qwen3Model::forward(const std::vector<ForwardRow>& rows) const {
  const Qwen3Config& c = config_;
  const std::size_t n = rows.size();
  const auto hidden = static_cast<std::size_t>(c.hidden_size);
  const auto heads = static_cast<std::size_t>(c.num_attention_heads);
  const auto kv_heads = static_cast<std::size_t>(c.num_key_value_heads);
  const auto head_dim = static_cast<std::size_t>(c.head_dim);
  const auto inter = static_cast<std::size_t>(c.intermediate_size);
  const auto half = head_dim / 2;
  const auto group = heads / kv_heads;
  const std::size_t q_width = heads * head_dim, kv_width = kv_heads * head_dim;

  // Positions: rows of one sequence take consecutive positions after its cache.
  std::vector<std::size_t> position(n);
  {
    std::vector<std::pair<Sequence*, std::int64_t>> next;
    for (std::size_t i = 0; i < n; ++i) {
      const ForwardRow& row = rows[i];
      if (row.token < 0 || row.token >= c.vocab_size) {
        throw std::invalid_argument("token id " + std::to_string(row.token) + " is outside the vocabulary of " +
                                    std::to_string(c.vocab_size));
      }
      auto found = std::find_if(next.begin(), next.end(), [&](const auto& e) { return e.first == row.sequence; });
      if (found == next.end()) found = next.insert(next.end(), {row.sequence, row.sequence->length});
      if (found->second >= c.max_position_embeddings) throw std::invalid_argument("sequence longer than max_position_embeddings");
      position[i] = static_cast<std::size_t>(found->second++);
    }
  }

  // Working buffers live on with the thread: a decode step would otherwise
  // fault in fresh pages for them (and for the logits) every time.
  thread_local Scratch scratch;
  std::vector<float>& x = scratch.take(0, n * hidden);
  std::vector<float>& h = scratch.take(1, n * hidden);
  std::vector<float>& q = scratch.take(2, n * q_width);
  std::vector<float>& k = scratch.take(3, n * kv_width);
  std::vector<float>& v = scratch.take(4, n * kv_width);
  std::vector<float>& attention = scratch.take(5, n * q_width);
  std::vector<float>& projected = scratch.take(6, n * hidden);
  std::vector<float>& gate = scratch.take(7, n * inter);
  std::vector<float>& up = scratch.take(8, n * inter);
  for (std::size_t i = 0; i < n; ++i) weights_.embed.row_f32(rows[i].token, &x[i * hidden]);
  std::vector<float> cos(n * half), sin(n * half);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t d = 0; d < half; ++d) {
      const float angle = static_cast<float>(position[i]) * inv_freq_[d];
      cos[i * half + d] = std::cos(angle);
      sin[i * half + d] = std::sin(angle);
    }
  }
  const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));

  for (std::size_t l = 0; l < weights_.layers.size(); ++l) {
    const LayerWeights& layer = weights_.layers[l];
    for (std::size_t i = 0; i < n; ++i) rms_norm(&x[i * hidden], layer.input_norm.data(), hidden, c.rms_norm_eps, &h[i * hidden]);
    matmul({{&layer.q, q.data()}, {&layer.k, k.data()}, {&layer.v, v.data()}}, h.data(), n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t head = 0; head < heads; ++head) {
        float* qh = &q[i * q_width + head * head_dim];
        rms_norm(qh, layer.q_norm.data(), head_dim, c.rms_norm_eps, qh);
        rotate(qh, &cos[i * half], &sin[i * half], half);
      }
      for (std::size_t head = 0; head < kv_heads; ++head) {
        float* kh = &k[i * kv_width + head * head_dim];
        rms_norm(kh, layer.k_norm.data(), head_dim, c.rms_norm_eps, kh);
        rotate(kh, &cos[i * half], &sin[i * half], half);
      }
      auto& keys = rows[i].sequence->keys[l];
      auto& values = rows[i].sequence->values[l];
      keys.insert(keys.end(), &k[i * kv_width], &k[(i + 1) * kv_width]);
      values.insert(values.end(), &v[i * kv_width], &v[(i + 1) * kv_width]);
    }
    // Attention: row i sees its sequence's positions 0..position[i] (causal).
    pool_->parallel_for(n * heads, [&](std::size_t begin, std::size_t end) {
      std::vector<float> scores;
      for (std::size_t job = begin; job < end; ++job) {
        const std::size_t i = job / heads, head = job % heads;
        const auto& keys = rows[i].sequence->keys[l];
        const auto& values = rows[i].sequence->values[l];
        const float* qh = &q[i * q_width + head * head_dim];
        const std::size_t kvh = head / group, positions = position[i] + 1;
        scores.assign(positions, 0.0f);
        float largest = -INFINITY;
        for (std::size_t t = 0; t < positions; ++t) {
          scores[t] = dot(qh, &keys[t * kv_width + kvh * head_dim], head_dim) * scale;
          largest = std::max(largest, scores[t]);
        }
        float total = 0.0f;
        for (auto& s : scores) {
          s = std::exp(s - largest);
          total += s;
        }
        float* out = &attention[i * q_width + head * head_dim];
        std::fill(out, out + head_dim, 0.0f);
        for (std::size_t t = 0; t < positions; ++t) {
          add_scaled(out, &values[t * kv_width + kvh * head_dim], scores[t] / total, head_dim);
        }
      }
    });
    matmul({{&layer.o, projected.data()}}, attention.data(), n);
    for (std::size_t j = 0; j < n * hidden; ++j) x[j] += projected[j];
    for (std::size_t i = 0; i < n; ++i) {
      rms_norm(&x[i * hidden], layer.post_attention_norm.data(), hidden, c.rms_norm_eps, &h[i * hidden]);
    }
    matmul({{&layer.gate, gate.data()}, {&layer.up, up.data()}}, h.data(), n);
    for (std::size_t j = 0; j < n * inter; ++j) gate[j] = silu(gate[j]) * up[j];
    matmul({{&layer.down, projected.data()}}, gate.data(), n);
    for (std::size_t j = 0; j < n * hidden; ++j) x[j] += projected[j];
  }
  for (std::size_t i = 0; i < n; ++i) ++rows[i].sequence->length;

  // The output projection only for the rows that asked (the prompt's last, say).
  std::vector<float> wanted;
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!rows[i].want_logits) continue;
    wanted.resize((count + 1) * hidden);
    rms_norm(&x[i * hidden], weights_.final_norm.data(), hidden, c.rms_norm_eps, &wanted[count * hidden]);
    ++count;
  }
  std::vector<std::vector<float>> logits(count);
  if (count > 0) {
    const auto vocab = static_cast<std::size_t>(c.vocab_size);
    std::vector<float>& all = scratch.take(9, count * vocab);
    matmul({{&weights_.output(), all.data()}}, wanted.data(), count);
    for (std::size_t j = 0; j < count; ++j) logits[j].assign(all.begin() + static_cast<std::ptrdiff_t>(j * vocab), all.begin() + static_cast<std::ptrdiff_t>((j + 1) * vocab));
  }
  return logits;
}

std::vector<float> Qwen3Model::step(Sequence& sequence, TokenId token) const {
  return forward({{&sequence, token, true}}).front();
}

std::vector<float> Qwen3Model::prefill(Sequence& sequence, const std::vector<TokenId>& tokens, bool all_positions) const {
  if (tokens.empty()) throw std::invalid_argument("empty prompt");
  std::vector<ForwardRow> rows;
  for (std::size_t i = 0; i < tokens.size(); ++i) rows.push_back({&sequence, tokens[i], all_positions || i + 1 == tokens.size()});
  auto logits = forward(rows);
  if (!all_positions) return std::move(logits.back());
  std::vector<float> out;
  for (auto& row : logits) out.insert(out.end(), row.begin(), row.end());
  return out;
}

}  // namespace lifeguard::engine
