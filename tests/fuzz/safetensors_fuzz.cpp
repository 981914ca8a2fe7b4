// libFuzzer target: arbitrary bytes as a safetensors file. Opening must either
// fail with std::runtime_error or give tensors whose byte ranges lie inside the
// mapping and agree with their dtype and shape (every byte is read, so a range
// past the end would fault).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

#include "engine/safetensors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/lifeguard_safetensors_fuzz_" + std::to_string(::getpid());
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    auto checkpoint = lifeguard::engine::SafetensorsCheckpoint::open_file(path);
    unsigned sum = 0;
    for (const auto& [name, view] : checkpoint.tensors()) {
      if (view.bytes != static_cast<std::size_t>(view.elements()) * lifeguard::engine::dtype_size(view.dtype)) std::abort();
      for (std::size_t i = 0; i < view.bytes; ++i) sum += static_cast<unsigned>(view.data[i]);
    }
    if (sum == 0xFFFFFFFFu) std::abort();  // keeps the reads
  } catch (const std::runtime_error&) {
  }
  return 0;
}
