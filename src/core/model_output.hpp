// The nope-edge output format (SPEC §3): parse generated text into an
// Assessment plus a list of problems, and render an Assessment canonically.
//
//   <reflection>reasoning</reflection>
//   <risks>
//     <risk subject="self" type="suicide" severity="high" imminence="urgent" features="a,b"/>
//   </risks>
// or `<reflection>…</reflection>` then `<risks/>`.
//
// Parsing never throws and never crashes on any input: truncated output,
// missing tags, unknown attribute values, stray text, `<risks />` are all
// turned into problems. parse_model_output(render_model_output(a)) == a.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/assessment.hpp"

namespace lifeguard {

struct ModelOutputParse {
  Assessment assessment;
  // Human-readable descriptions of what was wrong, e.g.
  // "risk 2: unknown severity 'extreme'" or "missing </risks> (output truncated?)".
  // They quote model output only (never the user's message).
  std::vector<std::string> problems;
  // True when both the reflection and a closed risks block were found.
  bool complete = false;
};

ModelOutputParse parse_model_output(std::string_view text);

// Canonical form: attributes in the order subject, type, severity, imminence,
// features; two-space indent; `<risks/>` when there are no risks; `&`, `<`, `>`
// and `"` escaped as XML entities.
std::string render_model_output(const Assessment& assessment);

}  // namespace lifeguard
