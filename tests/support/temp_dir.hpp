// Test helper: a folder of this test process's own. ctest runs every test
// as its own process, several at once, so a fixed name under TempDir()
// would be written by one test while another reads it.
#pragma once

#include <filesystem>
#include <string>

namespace lifeguard::test_support {

// TempDir()/name-PID, created; removed when the process exits.
std::filesystem::path process_temp_dir(const std::string& name);

}  // namespace lifeguard::test_support
