// Reading CLI inputs: a whole stream byte for byte, a file, a conversation file.
#pragma once

#include <filesystem>
#include <istream>
#include <string>

#include "text/conversation.hpp"

namespace lifeguard::cli {

std::string read_all(std::istream& in);
// Throws std::runtime_error naming the path when it cannot be read.
std::string read_file(const std::filesystem::path& path);
// A JSON list of {role, content}; errors name the file and turn, never content.
Conversation read_conversation_file(const std::filesystem::path& path);

}  // namespace lifeguard::cli
