// API keys (see api_keys.hpp).
#include "serve/api_keys.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <fstream>
#include <stdexcept>

namespace lifeguard::serve {
namespace {

std::array<unsigned char, 32> sha256(std::string_view bytes) {
  std::array<unsigned char, 32> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return digest;
}

std::optional<std::array<unsigned char, 32>> parse_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  std::array<unsigned char, 32> out{};
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < 32; ++i) {
    const int high = nibble(hex[2 * i]), low = nibble(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char byte : sha256(bytes)) {
    out += hex[byte >> 4];
    out += hex[byte & 15];
  }
  return out;
}

ApiKeys ApiKeys::load_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot read the API key file");
  ApiKeys keys;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const std::string_view content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    auto digest = parse_hex(content);
    if (!digest) {
      throw std::runtime_error(path.string() + ":" + std::to_string(number) +
                               ": expected the SHA-256 of a key as 64 hex digits (sha256sum), not a key");
    }
    keys.digests_.push_back(*digest);
  }
  if (keys.digests_.empty()) throw std::runtime_error(path.string() + ": no key digests in the file");
  return keys;
}

ApiKeys ApiKeys::from_digests(const std::vector<std::string>& hex_digests) {
  ApiKeys keys;
  for (const auto& hex : hex_digests) {
    auto digest = parse_hex(hex);
    if (!digest) throw std::invalid_argument("not a SHA-256 hex digest");
    keys.digests_.push_back(*digest);
  }
  return keys;
}

std::optional<std::size_t> ApiKeys::find(std::string_view presented_key) const {
  const auto digest = sha256(presented_key);
  std::optional<std::size_t> found;
  // Every digest is compared, in constant time, whatever matched.
  for (std::size_t i = 0; i < digests_.size(); ++i) {
    if (CRYPTO_memcmp(digest.data(), digests_[i].data(), digest.size()) == 0) found = i;
  }
  return found;
}

}  // namespace lifeguard::serve
