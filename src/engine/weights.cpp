// Qwen3 weights (see weights.hpp).
#include "engine/weights.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "engine/numeric.hpp"
#include "engine/random_checkpoint.hpp"

namespace lifeguard::engine {
namespace {

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

const TensorView& require(const SafetensorsCheckpoint& checkpoint, const TensorSpec& spec) {
  const TensorView* view = checkpoint.find(spec.name);
  if (!view) throw std::runtime_error("missing tensor '" + spec.name + "' (expected shape " + shape_text(spec.shape) + ")");
  if (view->shape != spec.shape) {
    throw std::runtime_error("tensor '" + spec.name + "' in " + view->file + ": shape " + shape_text(view->shape) +
                             ", expected " + shape_text(spec.shape) + " from config.json");
  }
  return *view;
}

std::vector<float> to_f32(const TensorView& view) {
  std::vector<float> out(static_cast<std::size_t>(view.elements()));
  const auto* bytes = reinterpret_cast<const unsigned char*>(view.data);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (view.dtype == DType::f32) {
      std::memcpy(&out[i], bytes + 4 * i, 4);
    } else {
      std::uint16_t half;
      std::memcpy(&half, bytes + 2 * i, 2);
      out[i] = view.dtype == DType::bf16 ? bf16_to_f32(half) : f16_to_f32(half);
    }
  }
  return out;
}

Matrix to_matrix(const TensorView& view) {
  Matrix m;
  m.rows = view.shape[0];
  m.cols = view.shape[1];
  if (view.dtype == DType::bf16) {
    m.bf16.resize(static_cast<std::size_t>(view.elements()));
    std::memcpy(m.bf16.data(), view.data, view.bytes);
  } else {
    m.f32 = to_f32(view);
  }
  return m;
}

}  // namespace

float Matrix::at(std::int64_t row, std::int64_t col) const {
  const auto index = static_cast<std::size_t>(row * cols + col);
  if (!i8.empty()) return static_cast<float>(i8[index]) * row_scale[static_cast<std::size_t>(row)];
  return is_bf16() ? bf16_to_f32(bf16[index]) : f32[index];
}

void Matrix::row_f32(std::int64_t row, float* out) const {
  const auto n = static_cast<std::size_t>(cols), start = static_cast<std::size_t>(row) * n;
  if (!i8.empty()) {
    const float scale = row_scale[static_cast<std::size_t>(row)];
    for (std::size_t c = 0; c < n; ++c) out[c] = static_cast<float>(i8[start + c]) * scale;
  } else if (is_bf16()) {
    for (std::size_t c = 0; c < n; ++c) out[c] = bf16_to_f32(bf16[start + c]);
  } else {
    std::copy_n(f32.begin() + static_cast<std::ptrdiff_t>(start), n, out);
  }
}

namespace {

void to_int8(Matrix& m) {
  const auto rows = static_cast<std::size_t>(m.rows), cols = static_cast<std::size_t>(m.cols);
  std::vector<std::int8_t> q(rows * cols);
  std::vector<float> scale(rows);
  std::vector<float> row(cols);
  for (std::size_t r = 0; r < rows; ++r) {
    m.row_f32(static_cast<std::int64_t>(r), row.data());
    float largest = 0.0f;
    for (float w : row) largest = std::max(largest, std::fabs(w));
    scale[r] = largest > 0.0f ? largest / 127.0f : 1.0f;
    // Round half away from zero, as lround; weights stay within -127..127.
    for (std::size_t c = 0; c < cols; ++c) q[r * cols + c] = static_cast<std::int8_t>(std::lround(std::clamp(row[c] / scale[r], -127.0f, 127.0f)));
  }
  m.bf16.clear();
  m.bf16.shrink_to_fit();
  m.f32.clear();
  m.f32.shrink_to_fit();
  m.i8 = std::move(q);
  m.row_scale = std::move(scale);
}

}  // namespace

void quantise_int8(Qwen3Weights& weights) {
  for (auto& layer : weights.layers) {
    for (Matrix* m : {&layer.q, &layer.k, &layer.v, &layer.o, &layer.gate, &layer.up, &layer.down}) to_int8(*m);
  }
  if (weights.lm_head.rows > 0) {
    to_int8(weights.lm_head);
  } else {
    // Tied: the output projection gets its own int8 copy; the lookup keeps the original.
    weights.lm_head = weights.embed;
    to_int8(weights.lm_head);
  }
}

Qwen3Weights load_qwen3_weights(const SafetensorsCheckpoint& checkpoint, const Qwen3Config& config) {
  const auto specs = qwen3_tensor_specs(config);
  auto spec_named = [&](const std::string& name) -> const TensorSpec& {
    for (const auto& spec : specs) {
      if (spec.name == name) return spec;
    }
    throw std::logic_error("no spec for " + name);
  };
  auto matrix = [&](const std::string& name) { return to_matrix(require(checkpoint, spec_named(name))); };
  auto vector = [&](const std::string& name) { return to_f32(require(checkpoint, spec_named(name))); };

  Qwen3Weights weights;
  weights.embed = matrix("model.embed_tokens.weight");
  weights.final_norm = vector("model.norm.weight");
  if (!config.tie_word_embeddings) weights.lm_head = matrix("lm_head.weight");
  for (std::int64_t i = 0; i < config.num_hidden_layers; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    LayerWeights layer;
    layer.input_norm = vector(p + "input_layernorm.weight");
    layer.post_attention_norm = vector(p + "post_attention_layernorm.weight");
    layer.q_norm = vector(p + "self_attn.q_norm.weight");
    layer.k_norm = vector(p + "self_attn.k_norm.weight");
    layer.q = matrix(p + "self_attn.q_proj.weight");
    layer.k = matrix(p + "self_attn.k_proj.weight");
    layer.v = matrix(p + "self_attn.v_proj.weight");
    layer.o = matrix(p + "self_attn.o_proj.weight");
    layer.gate = matrix(p + "mlp.gate_proj.weight");
    layer.up = matrix(p + "mlp.up_proj.weight");
    layer.down = matrix(p + "mlp.down_proj.weight");
    weights.layers.push_back(std::move(layer));
  }
  return weights;
}

}  // namespace lifeguard::engine
