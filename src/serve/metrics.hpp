// Prometheus metrics of the server (text exposition format): requests by
// endpoint and status, latency histograms, the /v1/evaluate stage-1 filter,
// and whatever extra lines the model's scheduler reports. Never message text:
// labels are endpoint paths and status codes only.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace lifeguard::serve {

class Metrics {
 public:
  void record_request(const std::string& endpoint, int status, double seconds);
  void record_stage(bool decided_by_stage1);
  // Extra exposition lines (the scheduler's batch sizes and tokens).
  void set_extra(std::function<std::string()> extra) { extra_ = std::move(extra); }
  std::string exposition() const;

  static constexpr std::array<double, 16> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                      0.25,   0.5,   1.0,    2.5,   5.0,  10.0,  30.0, 60.0};

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};
    std::uint64_t count = 0;
    double sum = 0.0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::uint64_t stage1_decided_ = 0, stage2_decided_ = 0;
  std::function<std::string()> extra_;
};

}  // namespace lifeguard::serve
