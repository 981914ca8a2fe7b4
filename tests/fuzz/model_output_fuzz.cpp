// libFuzzer target: arbitrary bytes through parse_model_output. Whatever it
// makes of them must render canonically and parse back to the same
// assessment, so nothing the parser produces is unrepresentable; its
// problems and strings must stay valid UTF-8 so they can always go to JSON.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/assessment_json.hpp"
#include "core/model_output.hpp"

namespace {

void check(bool invariant_holds) {
  if (!invariant_holds) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const lifeguard::ModelOutputParse first = lifeguard::parse_model_output(text);

  const std::string rendered = lifeguard::render_model_output(first.assessment);
  const lifeguard::ModelOutputParse second = lifeguard::parse_model_output(rendered);
  check(second.assessment == first.assessment);
  check(second.complete);
  check(lifeguard::render_model_output(second.assessment) == rendered);

  // Canonical text can only lack what the assessment lacks: a severity.
  for (const std::string& problem : second.problems) {
    const bool missing_severity = problem.starts_with("risk ") && problem.ends_with(": missing severity");
    check(missing_severity || problem.starts_with("further problems not shown: "));
  }

  // dump() throws on invalid UTF-8 by default; the JSON must always serialise.
  nlohmann::json out = lifeguard::to_json(first.assessment);
  out["problems"] = first.problems;
  (void)out.dump();
  check(lifeguard::assessment_from_json(out).assessment == first.assessment);
  return 0;
}
