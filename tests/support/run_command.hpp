// Test helper: runs the lifeguard binary with arguments and optional stdin,
// capturing exit code, stdout and stderr.
#pragma once

#include <string>
#include <vector>

namespace lifeguard::test_support {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Arguments are passed to the binary as given (no shell word splitting).
CommandResult run_lifeguard(const std::vector<std::string>& arguments, const std::string& stdin_bytes = "");

std::string source_path(const std::string& relative);

}  // namespace lifeguard::test_support
