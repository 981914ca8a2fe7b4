// Per-process temporary folders (see temp_dir.hpp).
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <mutex>
#include <vector>

namespace lifeguard::test_support {
namespace {

struct Cleanup {
  std::mutex mutex;
  std::vector<std::filesystem::path> folders;
  ~Cleanup() {
    std::error_code ignored;
    for (const auto& folder : folders) std::filesystem::remove_all(folder, ignored);
  }
};

Cleanup& cleanup() {
  static Cleanup instance;
  return instance;
}

}  // namespace

std::filesystem::path process_temp_dir(const std::string& name) {
  const auto folder = std::filesystem::path(::testing::TempDir()) / (name + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  Cleanup& c = cleanup();
  std::lock_guard lock(c.mutex);
  c.folders.push_back(folder);
  return folder;
}

}  // namespace lifeguard::test_support
