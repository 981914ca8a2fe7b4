// CLI input helpers (see input_reading.hpp).
#include "cli/input_reading.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace lifeguard::cli {

std::string read_all(std::istream& in) {
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return read_all(in);
}

Conversation read_conversation_file(const std::filesystem::path& path) {
  std::string bytes = read_file(path);
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(bytes);
  } catch (const nlohmann::json::parse_error& error) {
    // The library's message quotes the input; say only where it broke.
    throw std::runtime_error(path.string() + ": not valid JSON (error near byte " + std::to_string(error.byte) + ")");
  } catch (const nlohmann::json::exception&) {  // e.g. a number too large to represent
    throw std::runtime_error(path.string() + ": not valid JSON (a value is out of range)");
  }
  try {
    return conversation_from_json(document);
  } catch (const std::invalid_argument& error) {
    throw std::runtime_error(path.string() + ": " + error.what());
  }
}

}  // namespace lifeguard::cli
