// Rate limiter (see rate_limiter.hpp).
#include "serve/rate_limiter.hpp"

#include <algorithm>

namespace lifeguard::serve {

bool RateLimiter::allow(const std::string& identity) {
  if (per_second_ <= 0.0) return true;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (buckets_.size() > 100000) {
    // Bounded memory under address churn: forget the identities whose bucket
    // has refilled (idle ones); the busy ones keep their state.
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      const double idle = std::chrono::duration<double>(now - it->second.last).count();
      it = it->second.tokens + idle * per_second_ >= burst_ ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] = buckets_.try_emplace(identity, Bucket{burst_, now});
  Bucket& bucket = it->second;
  if (!inserted) {
    const double elapsed = std::chrono::duration<double>(now - bucket.last).count();
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed * per_second_);
    bucket.last = now;
  }
  if (bucket.tokens < 1.0) return false;
  bucket.tokens -= 1.0;
  return true;
}

}  // namespace lifeguard::serve
