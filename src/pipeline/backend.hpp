// The one interface every classifier sits behind (DESIGN.md): the embedded
// screener today; the native nope-edge engine and remote servers later.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
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
  // When several judges answered (remote backend, --judges N): each answer, and
  // how far they agreed (pipeline/judgements.hpp); `assessment` is their combination.
  std::vector<Assessment> judgements;
  std::optional<double> agreement;
};

// A backend that did not answer within its time limit (serve answers 504).
class BackendTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A backend with too much work queued to take more now (serve answers 503).
class BackendBusy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Backend {
 public:
  virtual ~Backend() = default;
  // Called from several threads at once; throws std::runtime_error when the
  // backend cannot answer (a remote server down, say).
  virtual BackendResult assess(const PreparedInput& input) const = 0;
  virtual std::string name() const = 0;
};

// The screener backend over a model that must outlive it.
std::unique_ptr<Backend> make_screener_backend(const screener::ScreenerModel& model);

}  // namespace lifeguard
