// Per-client rate limit: a token bucket per identity (the API key's index,
// or the peer address when the server runs without keys), refilled at
// `per_minute` / 60 per second up to a burst of `burst`.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lifeguard::serve {

class RateLimiter {
 public:
  RateLimiter(double per_minute, double burst) : per_second_(per_minute / 60.0), burst_(burst) {}
  // False when the identity is over its limit. per_minute <= 0 disables the limit.
  bool allow(const std::string& identity);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  double per_second_, burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace lifeguard::serve
