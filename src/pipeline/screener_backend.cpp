// The embedded screener as a Backend.
#include "pipeline/backend.hpp"
#include "screener/screener.hpp"

namespace lifeguard {
namespace {

class ScreenerBackend final : public Backend {
 public:
  explicit ScreenerBackend(const screener::ScreenerModel& model) : screener_(model) {}

  BackendResult assess(const PreparedInput& input) const override {
    BackendResult result;
    result.assessment = screener_.screen_turns(input.conversation).assessment;
    result.backend = "screener";
    result.model = "lifeguard-screener";
    return result;
  }

  std::string name() const override { return "screener"; }

 private:
  screener::Screener screener_;
};

}  // namespace

std::unique_ptr<Backend> make_screener_backend(const screener::ScreenerModel& model) {
  return std::make_unique<ScreenerBackend>(model);
}

}  // namespace lifeguard
