// API keys: the operator's file holds one SHA-256 hex digest per line (of
// the key itself; '#' comments and blank lines allowed), so the server never
// stores a usable key. A presented key is hashed and compared with every
// digest in constant time.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeguard::serve {

class ApiKeys {
 public:
  // Throws std::runtime_error naming the file and line of a malformed digest.
  static ApiKeys load_file(const std::filesystem::path& path);
  static ApiKeys from_digests(const std::vector<std::string>& hex_digests);

  // The index of the matching key (used as the rate-limit identity), or nullopt.
  std::optional<std::size_t> find(std::string_view presented_key) const;
  std::size_t size() const { return digests_.size(); }

 private:
  std::vector<std::array<unsigned char, 32>> digests_;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace lifeguard::serve
