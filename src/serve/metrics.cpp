// Metrics (see metrics.hpp).
#include "serve/metrics.hpp"

#include <sstream>

namespace lifeguard::serve {

void Metrics::record_request(const std::string& endpoint, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{endpoint, status}];
  Histogram& h = latency_[endpoint];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::record_stage(bool decided_by_stage1) {
  std::lock_guard lock(mutex_);
  ++(decided_by_stage1 ? stage1_decided_ : stage2_decided_);
}

std::string Metrics::exposition() const {
  std::ostringstream out;
  {
    std::lock_guard lock(mutex_);
    out << "# HELP lifeguard_requests_total HTTP requests by endpoint and status.\n"
        << "# TYPE lifeguard_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
      out << "lifeguard_requests_total{endpoint=\"" << key.first << "\",status=\"" << key.second << "\"} " << count << '\n';
    }
    out << "# HELP lifeguard_request_seconds Request latency by endpoint.\n"
        << "# TYPE lifeguard_request_seconds histogram\n";
    for (const auto& [endpoint, h] : latency_) {
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        out << "lifeguard_request_seconds_bucket{endpoint=\"" << endpoint << "\",le=\"" << kBuckets[i] << "\"} " << h.counts[i]
            << '\n';
      }
      out << "lifeguard_request_seconds_bucket{endpoint=\"" << endpoint << "\",le=\"+Inf\"} " << h.count << '\n'
          << "lifeguard_request_seconds_sum{endpoint=\"" << endpoint << "\"} " << h.sum << '\n'
          << "lifeguard_request_seconds_count{endpoint=\"" << endpoint << "\"} " << h.count << '\n';
    }
    const std::uint64_t total = stage1_decided_ + stage2_decided_;
    out << "# HELP lifeguard_evaluate_decided_total /v1/evaluate answers by the stage that decided.\n"
        << "# TYPE lifeguard_evaluate_decided_total counter\n"
        << "lifeguard_evaluate_decided_total{stage=\"1\"} " << stage1_decided_ << '\n'
        << "lifeguard_evaluate_decided_total{stage=\"2\"} " << stage2_decided_ << '\n'
        << "# HELP lifeguard_stage1_filter_rate Share of /v1/evaluate requests let out by stage 1.\n"
        << "# TYPE lifeguard_stage1_filter_rate gauge\n"
        << "lifeguard_stage1_filter_rate " << (total ? static_cast<double>(stage1_decided_) / static_cast<double>(total) : 0.0)
        << '\n';
  }
  if (extra_) out << extra_();
  return out.str();
}

}  // namespace lifeguard::serve
