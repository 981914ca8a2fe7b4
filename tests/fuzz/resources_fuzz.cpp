// libFuzzer target: arbitrary bytes as an operator's --resources file. Each
// input is refused with std::runtime_error, or loads into a directory that
// gives every crisis, in any country, a non-empty list of helplines.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "serve/resources.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using lifeguard::serve::ResourceDirectory;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<ResourceDirectory> directory;
  try {
    directory = ResourceDirectory::parse(text, "fuzz.json");
  } catch (const std::runtime_error&) {
    return 0;
  }
  lifeguard::Assessment crisis;
  crisis.risks.push_back({lifeguard::Subject::self, lifeguard::RiskType::suicide, lifeguard::Severity::high,
                          lifeguard::Imminence::urgent, {}});
  for (std::string_view country : {"US", "gb", "ZZ", ""}) {
    const auto match = directory->match(crisis, country.empty() ? std::nullopt : std::optional<std::string_view>(country));
    if (match.resources.empty()) std::abort();
    (void)lifeguard::serve::to_json(match).dump();
  }
  for (const auto& c : directory->countries()) {
    if (directory->match(crisis, c.code).resources.empty()) std::abort();
  }
  return 0;
}
