// Reading safetensors checkpoints: one file or shards listed by
// model.safetensors.index.json, memory-mapped. Every header is checked before
// any tensor is used (header length, JSON, dtype, shape against byte range,
// ranges inside the file and not overlapping), and errors name the file and
// tensor: "model-00002-of-00002.safetensors: tensor 'model.norm.weight':
// data ends at byte 9000 but the file has 8000 bytes (truncated?)".
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace lifeguard::engine {

enum class DType { bf16, f16, f32 };
std::string_view to_string(DType dtype);
std::size_t dtype_size(DType dtype);

struct TensorView {
  std::string name;
  DType dtype = DType::f32;
  std::vector<std::int64_t> shape;
  const std::byte* data = nullptr;
  std::size_t bytes = 0;
  std::string file;  // which file holds it, for messages

  std::int64_t elements() const;
};

class MappedFile;

class SafetensorsCheckpoint {
 public:
  // `dir` holds model.safetensors, or model.safetensors.index.json and its
  // shards. Throws std::runtime_error with a precise message.
  static SafetensorsCheckpoint open(const std::filesystem::path& dir);
  // One file, for tests and tools.
  static SafetensorsCheckpoint open_file(const std::filesystem::path& file);

  SafetensorsCheckpoint(SafetensorsCheckpoint&&) noexcept;
  SafetensorsCheckpoint& operator=(SafetensorsCheckpoint&&) noexcept;
  ~SafetensorsCheckpoint();

  const TensorView* find(const std::string& name) const;
  const std::map<std::string, TensorView>& tensors() const { return tensors_; }

 private:
  SafetensorsCheckpoint();
  void add_file(const std::filesystem::path& file, const std::vector<std::string>* expected_names);
  std::vector<std::unique_ptr<MappedFile>> files_;
  std::map<std::string, TensorView> tensors_;
};

// Writes one safetensors file (tensors in the order given). Throws
// std::runtime_error when the file cannot be written.
struct TensorToWrite {
  std::string name;
  DType dtype;
  std::vector<std::int64_t> shape;
  std::span<const std::byte> data;
};
void write_safetensors(const std::filesystem::path& file, const std::vector<TensorToWrite>& tensors);

}  // namespace lifeguard::engine
