// Canonical renderer for the nope-edge output format (SPEC §3): the inverse of
// parse_model_output for every assessment it can represent.
#include "core/model_output.hpp"

namespace lifeguard {
namespace {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

void append_attribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  out += escape(value);
  out += '"';
}

std::string join_features(const std::vector<std::string>& features) {
  std::string joined;
  for (const std::string& feature : features) {
    if (!joined.empty()) joined += ',';
    joined += feature;
  }
  return joined;
}

void append_risk(std::string& out, const Risk& risk) {
  out += "  <risk";
  append_attribute(out, "subject", to_string(risk.subject));
  append_attribute(out, "type", to_string(risk.type));
  if (risk.severity) append_attribute(out, "severity", to_string(*risk.severity));
  if (risk.imminence) append_attribute(out, "imminence", to_string(*risk.imminence));
  if (!risk.features.empty()) append_attribute(out, "features", join_features(risk.features));
  out += "/>\n";
}

}  // namespace

std::string render_model_output(const Assessment& assessment) {
  std::string out = "<reflection>" + escape(assessment.reflection) + "</reflection>\n";
  if (assessment.risks.empty()) return out + "<risks/>";
  out += "<risks>\n";
  for (const Risk& risk : assessment.risks) append_risk(out, risk);
  out += "</risks>";
  return out;
}

}  // namespace lifeguard
