// Small, stable 64-bit hashing for hashed features and lexicon keys. Stable
// across platforms and releases: a trained model's weights depend on it.
#pragma once

#include <cstdint>
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

// FNV-1a with a seed, finished with mix64 so every bit of the result is usable.
inline std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed = 0) {
  std::uint64_t h = fnv_start(seed);
  for (unsigned char c : bytes) h = fnv_step(h, c);
  return mix64(h);
}

inline std::uint64_t hash_combine(std::uint64_t a, std::uint64_t b) { return mix64(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2))); }

}  // namespace lifeguard::screener
