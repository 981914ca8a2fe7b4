// The one interface every classifier sits behind (DESIGN.md): the embedded
// screener today; the native nope-edge engine and remote servers later.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/assessment.hpp"
#include "pipeline/input.hpp"

namespace lifeguard {

namespace screener {
class ScreenerModel;
}

struct BackendResult {
  Assessment assessment;
  std::vector<std::string> problems;  // e.g. model output that did not parse cleanly
  std::string backend;                // "screener", "model", "remote"
  std::string model;                  // which model answered
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual BackendResult assess(const PreparedInput& input) const = 0;
  virtual std::string name() const = 0;
};

// The screener backend over a model that must outlive it.
std::unique_ptr<Backend> make_screener_backend(const screener::ScreenerModel& model);

}  // namespace lifeguard
