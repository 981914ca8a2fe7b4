// Small, stable 64-bit hashing for hashed features and lexicon keys. Stable
// across platforms and releases: a trained model's weights depend on it.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace lifeguard::screener {

inline std::uint64_t mix64(std::uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

inline constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

inline std::uint64_t fnv_start(std::uint64_t seed) { return 0xcbf29ce484222325ULL ^ mix64(seed); }

inline std::uint64_t fnv_step(std::uint64_t state, unsigned char byte) { return (state ^ byte) * kFnvPrime; }

// FNV-1a with a seed, finished with mix64. Byte by byte, so a word's prefixes
// can be hashed incrementally (fnv_start/fnv_step) while scanning it.
inline std::uint64_t fnv_hash(std::string_view bytes, std::uint64_t seed = 0) {
  std::uint64_t h = fnv_start(seed);
  for (unsigned char c : bytes) h = fnv_step(h, c);
  return mix64(h);
}

// General-purpose hash: eight bytes per step (words are hashed once per token
// on the hot path). Little-endian loads; the model format is little-endian.
inline std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed = 0) {
  std::uint64_t h = mix64(seed ^ 0x5bd1e9955bd1e995ULL) ^ bytes.size();
  std::size_t at = 0;
  for (; at + 8 <= bytes.size(); at += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, bytes.data() + at, 8);
    h = mix64(h ^ chunk) * 0x9e3779b97f4a7c15ULL;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, bytes.data() + at, bytes.size() - at);
  return mix64(h ^ tail ^ (std::uint64_t{bytes.size() - at} << 56));
}

inline std::uint64_t hash_combine(std::uint64_t a, std::uint64_t b) { return mix64(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2))); }

}  // namespace lifeguard::screener
