// safetensors reading and writing (see safetensors.hpp).
#include "engine/safetensors.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace lifeguard::engine {

using nlohmann::json;

std::string_view to_string(DType dtype) {
  switch (dtype) {
    case DType::bf16: return "BF16";
    case DType::f16: return "F16";
    case DType::f32: return "F32";
  }
  return "?";
}

std::size_t dtype_size(DType dtype) { return dtype == DType::f32 ? 4 : 2; }

std::int64_t TensorView::elements() const {
  std::int64_t count = 1;
  for (auto d : shape) count *= d;
  return count;
}

class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path) : path_(path.string()) {
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error(path_ + ": cannot open (" + std::strerror(errno) + ")");
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
      ::close(fd);
      throw std::runtime_error(path_ + ": not a regular file");
    }
    size_ = static_cast<std::size_t>(info.st_size);
    if (size_ > 0) {
      void* mapped = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (mapped == MAP_FAILED) {
        ::close(fd);
        throw std::runtime_error(path_ + ": cannot map (" + std::strerror(errno) + ")");
      }
      data_ = static_cast<const std::byte*>(mapped);
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<std::byte*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  const std::byte* data() const { return data_; }
  std::size_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

namespace {

constexpr std::uint64_t kMaxHeaderBytes = 100 * 1024 * 1024;

DType parse_dtype(const std::string& name, const std::string& where) {
  if (name == "BF16") return DType::bf16;
  if (name == "F16") return DType::f16;
  if (name == "F32") return DType::f32;
  throw std::runtime_error(where + ": dtype " + name + " is not supported (BF16, F16 or F32)");
}

}  // namespace

SafetensorsCheckpoint::SafetensorsCheckpoint() = default;
SafetensorsCheckpoint::SafetensorsCheckpoint(SafetensorsCheckpoint&&) noexcept = default;
SafetensorsCheckpoint& SafetensorsCheckpoint::operator=(SafetensorsCheckpoint&&) noexcept = default;
SafetensorsCheckpoint::~SafetensorsCheckpoint() = default;

void SafetensorsCheckpoint::add_file(const std::filesystem::path& path, const std::vector<std::string>* expected_names) {
  auto file = std::make_unique<MappedFile>(path);
  const std::string name = path.filename().string();
  if (file->size() < 8) throw std::runtime_error(name + ": " + std::to_string(file->size()) + " bytes, too short for a safetensors header");
  std::uint64_t header_length = 0;
  std::memcpy(&header_length, file->data(), 8);
  if (header_length > kMaxHeaderBytes || header_length > file->size() - 8) {
    throw std::runtime_error(name + ": header length " + std::to_string(header_length) + " does not fit in the " +
                             std::to_string(file->size()) + "-byte file (truncated or not safetensors)");
  }
  json header;
  try {
    header = json::parse(reinterpret_cast<const char*>(file->data() + 8),
                         reinterpret_cast<const char*>(file->data() + 8 + header_length));
  } catch (const json::exception&) {
    throw std::runtime_error(name + ": header is not valid JSON (not a safetensors file?)");
  }
  if (!header.is_object()) throw std::runtime_error(name + ": header is not a JSON object");
  const std::size_t data_start = 8 + static_cast<std::size_t>(header_length);
  const std::size_t data_size = file->size() - data_start;
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  for (const auto& [tensor_name, entry] : header.items()) {
    if (tensor_name == "__metadata__") continue;
    const std::string where = name + ": tensor '" + tensor_name + "'";
    if (!entry.is_object() || !entry.contains("dtype") || !entry["dtype"].is_string() || !entry.contains("shape") ||
        !entry["shape"].is_array() || !entry.contains("data_offsets") || !entry["data_offsets"].is_array() ||
        entry["data_offsets"].size() != 2) {
      throw std::runtime_error(where + ": entry lacks dtype, shape or data_offsets");
    }
    TensorView view;
    view.name = tensor_name;
    view.file = name;
    view.dtype = parse_dtype(entry["dtype"].get<std::string>(), where);
    std::uint64_t elements = 1;
    for (const auto& d : entry["shape"]) {
      if (!d.is_number_unsigned() || d.get<std::uint64_t>() > (std::uint64_t{1} << 40)) {
        throw std::runtime_error(where + ": invalid shape " + entry["shape"].dump());
      }
      view.shape.push_back(static_cast<std::int64_t>(d.get<std::uint64_t>()));
      elements *= d.get<std::uint64_t>();
      if (elements > (std::uint64_t{1} << 40)) throw std::runtime_error(where + ": shape too large");
    }
    const auto& offsets = entry["data_offsets"];
    if (!offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned()) {
      throw std::runtime_error(where + ": data_offsets must be two non-negative integers");
    }
    auto begin = offsets[0].get<std::uint64_t>();
    auto end = offsets[1].get<std::uint64_t>();
    if (end < begin) throw std::runtime_error(where + ": data_offsets end before they begin");
    if (end > data_size) {
      throw std::runtime_error(where + ": data ends at byte " + std::to_string(data_start + end) + " but the file has " +
                               std::to_string(file->size()) + " bytes (truncated?)");
    }
    const std::uint64_t expected = elements * dtype_size(view.dtype);
    if (end - begin != expected) {
      throw std::runtime_error(where + ": " + std::to_string(end - begin) + " bytes of data for shape " +
                               entry["shape"].dump() + " in " + std::string(to_string(view.dtype)) + " (expected " +
                               std::to_string(expected) + ")");
    }
    view.data = file->data() + data_start + begin;
    view.bytes = static_cast<std::size_t>(end - begin);
    ranges.emplace_back(static_cast<std::size_t>(begin), static_cast<std::size_t>(end));
    if (expected_names && std::find(expected_names->begin(), expected_names->end(), tensor_name) == expected_names->end()) {
      throw std::runtime_error(where + ": not listed for this file in model.safetensors.index.json");
    }
    if (!tensors_.emplace(tensor_name, std::move(view)).second) {
      throw std::runtime_error(where + ": appears in more than one file");
    }
  }
  std::sort(ranges.begin(), ranges.end());
  for (std::size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].first < ranges[i - 1].second) throw std::runtime_error(name + ": tensor data ranges overlap");
  }
  files_.push_back(std::move(file));
}

SafetensorsCheckpoint SafetensorsCheckpoint::open_file(const std::filesystem::path& file) {
  SafetensorsCheckpoint checkpoint;
  checkpoint.add_file(file, nullptr);
  return checkpoint;
}

SafetensorsCheckpoint SafetensorsCheckpoint::open(const std::filesystem::path& dir) {
  const auto index_path = dir / "model.safetensors.index.json";
  const auto single = dir / "model.safetensors";
  if (!std::filesystem::exists(index_path)) {
    if (!std::filesystem::exists(single)) {
      throw std::runtime_error(dir.string() + ": no model.safetensors or model.safetensors.index.json");
    }
    return open_file(single);
  }
  std::ifstream in(index_path);
  json index;
  try {
    index = json::parse(in);
  } catch (const json::exception&) {
    throw std::runtime_error("model.safetensors.index.json is not valid JSON");
  }
  if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object()) {
    throw std::runtime_error("model.safetensors.index.json has no weight_map object");
  }
  std::map<std::string, std::vector<std::string>> by_file;
  for (const auto& [tensor, file] : index["weight_map"].items()) {
    if (!file.is_string()) throw std::runtime_error("model.safetensors.index.json: weight_map['" + tensor + "'] is not a file name");
    const std::string shard = file.get<std::string>();
    if (shard.find('/') != std::string::npos || shard.find("..") != std::string::npos) {
      throw std::runtime_error("model.safetensors.index.json: shard name '" + shard + "' must be a plain file name");
    }
    by_file[shard].push_back(tensor);
  }
  SafetensorsCheckpoint checkpoint;
  for (const auto& [shard, names] : by_file) {
    if (!std::filesystem::exists(dir / shard)) throw std::runtime_error(shard + ": listed in the index but missing");
    checkpoint.add_file(dir / shard, &names);
    for (const auto& tensor : names) {
      if (!checkpoint.find(tensor)) throw std::runtime_error(shard + ": lacks tensor '" + tensor + "' listed in the index");
    }
  }
  return checkpoint;
}

const TensorView* SafetensorsCheckpoint::find(const std::string& name) const {
  auto found = tensors_.find(name);
  return found == tensors_.end() ? nullptr : &found->second;
}

void write_safetensors(const std::filesystem::path& file, const std::vector<TensorToWrite>& tensors) {
  json header = json::object();
  header["__metadata__"] = {{"format", "pt"}};
  std::size_t offset = 0;
  for (const auto& tensor : tensors) {
    header[tensor.name] = {{"dtype", to_string(tensor.dtype)}, {"shape", tensor.shape}, {"data_offsets", {offset, offset + tensor.data.size()}}};
    offset += tensor.data.size();
  }
  std::string text = header.dump();
  while ((8 + text.size()) % 8 != 0) text += ' ';  // keep tensor data 8-byte aligned
  std::ofstream out(file, std::ios::binary);
  const std::uint64_t length = text.size();
  out.write(reinterpret_cast<const char*>(&length), 8);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  for (const auto& tensor : tensors) {
    out.write(reinterpret_cast<const char*>(tensor.data.data()), static_cast<std::streamsize>(tensor.data.size()));
  }
  out.close();
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace lifeguard::engine
