// libFuzzer target: one `classify --jsonl` input line through the real
// pipeline and the embedded screener. Every line must give either an
// assessment or an error naming the line, never a crash or an exception.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pipeline/jsonl_batch.hpp"
#include "screener/model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto backend = lifeguard::make_screener_backend(lifeguard::screener::ScreenerModel::embedded());
  std::string_view line(reinterpret_cast<const char*>(data), size);
  lifeguard::InputLimits limits;
  limits.max_bytes = 64 * 1024;
  auto out = lifeguard::classify_jsonl_line(*backend, line, 7, limits);
  const bool answered = out.contains("assessment") != out.contains("error");
  if (!answered) std::abort();
  if (out.contains("error") && out["error"].get<std::string>().rfind("line 7: ", 0) != 0) std::abort();
  (void)out.dump();  // the output line must always serialise
  return 0;
}
