// JSON form of an Assessment (the stable API shape) and a reader for it that
// never throws: whatever does not fit the shape becomes a problem.
#include "core/assessment_json.hpp"

#include <optional>
#include <string_view>

namespace lifeguard {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxQuotedBytes = 60;

// A short, valid-UTF-8 rendering of an offending value for a problem string.
std::string quote(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (value.is_string()) text = text.substr(1, text.size() - 2);  // dump's own quotes
  if (text.size() > kMaxQuotedBytes) {
    std::size_t cut = kMaxQuotedBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole characters only
    text = text.substr(0, cut) + "...";
  }
  return "'" + text + "'";
}

std::string got(const json& value) { return std::string("got ") + value.type_name(); }

const json* find_field(const json& object, const char* key) {
  auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

// What an absent (missing or null) field means for a risk.
enum class IfAbsent { fine, reported, drops_risk };

template <typename Enum, typename ParseFn>
std::optional<Enum> read_enum(const json& object, const char* key, ParseFn parse, IfAbsent if_absent,
                              const std::string& where, std::vector<std::string>& problems) {
  const std::string path = where + "." + key;
  const std::string consequence = if_absent == IfAbsent::drops_risk ? " (risk dropped)" : "";
  const json* field = find_field(object, key);
  if (field == nullptr || field->is_null()) {
    // severity: null is how to_json writes an unknown severity, so only a
    // missing key is reported for it.
    const bool report = if_absent == IfAbsent::drops_risk || (if_absent == IfAbsent::reported && field == nullptr);
    if (report) problems.push_back(path + ": missing" + consequence);
    return std::nullopt;
  }
  if (!field->is_string()) {
    problems.push_back(path + ": expected a string, " + got(*field) + consequence);
    return std::nullopt;
  }
  auto parsed = parse(field->get_ref<const std::string&>());
  if (!parsed) problems.push_back(path + ": unknown value " + quote(*field) + consequence);
  return parsed;
}

std::vector<std::string> read_features(const json& object, const std::string& where,
                                       std::vector<std::string>& problems) {
  std::vector<std::string> features;
  const json* field = find_field(object, "features");
  if (field == nullptr || field->is_null()) return features;
  if (!field->is_array()) {
    problems.push_back(where + ".features: expected an array, " + got(*field));
    return features;
  }
  for (std::size_t index = 0; index < field->size(); ++index) {
    const json& item = (*field)[index];
    if (item.is_string()) {
      features.push_back(item.get<std::string>());
    } else {
      problems.push_back(where + ".features[" + std::to_string(index) + "]: expected a string, " + got(item));
    }
  }
  return features;
}

std::optional<Risk> read_risk(const json& item, const std::string& where, std::vector<std::string>& problems) {
  if (!item.is_object()) {
    problems.push_back(where + ": expected an object, " + got(item) + " (risk dropped)");
    return std::nullopt;
  }
  const auto subject = read_enum<Subject>(item, "subject", parse_subject, IfAbsent::drops_risk, where, problems);
  const auto type = read_enum<RiskType>(item, "type", parse_risk_type, IfAbsent::drops_risk, where, problems);
  if (!subject || !type) return std::nullopt;
  Risk risk;
  risk.subject = *subject;
  risk.type = *type;
  risk.severity = read_enum<Severity>(item, "severity", parse_severity, IfAbsent::reported, where, problems);
  risk.imminence = read_enum<Imminence>(item, "imminence", parse_imminence, IfAbsent::fine, where, problems);
  risk.features = read_features(item, where, problems);
  return risk;
}

void read_reflection(const json& object, AssessmentFromJson& result) {
  const json* field = find_field(object, "reflection");
  if (field == nullptr) {
    result.problems.emplace_back("reflection: missing");
  } else if (!field->is_string()) {
    result.problems.push_back("reflection: expected a string, " + got(*field));
  } else {
    result.assessment.reflection = field->get<std::string>();
  }
}

void read_risks(const json& object, AssessmentFromJson& result) {
  const json* field = find_field(object, "risks");
  if (field == nullptr) {
    result.problems.emplace_back("risks: missing");
    return;
  }
  if (!field->is_array()) {
    result.problems.push_back("risks: expected an array, " + got(*field));
    return;
  }
  for (std::size_t index = 0; index < field->size(); ++index) {
    const std::string where = "risks[" + std::to_string(index) + "]";
    if (auto risk = read_risk((*field)[index], where, result.problems)) {
      result.assessment.risks.push_back(std::move(*risk));
    }
  }
}

}  // namespace

json to_json(const Risk& risk) {
  json out = json::object();
  out["subject"] = std::string(to_string(risk.subject));
  out["type"] = std::string(to_string(risk.type));
  out["severity"] = risk.severity ? json(std::string(to_string(*risk.severity))) : json(nullptr);
  if (risk.imminence) out["imminence"] = std::string(to_string(*risk.imminence));
  out["features"] = risk.features;
  return out;
}

json to_json(const Assessment& assessment) {
  json risks = json::array();
  for (const Risk& risk : assessment.risks) risks.push_back(to_json(risk));
  json out = json::object();
  out["reflection"] = assessment.reflection;
  out["risks"] = std::move(risks);
  out["is_crisis"] = assessment.is_crisis();
  out["speaker_severity"] = std::string(to_string(assessment.speaker_severity()));
  out["show_resources"] = assessment.show_resources();
  return out;
}

AssessmentFromJson assessment_from_json(const json& value) {
  AssessmentFromJson result;
  // Every access above is type-checked first; the catch only guards against
  // allocation failure, so the "never throws" promise holds unconditionally.
  try {
    if (!value.is_object()) {
      result.problems.push_back("expected an object, " + got(value));
      return result;
    }
    read_reflection(value, result);
    read_risks(value, result);
  } catch (...) {
    try {
      result.problems.emplace_back("could not read assessment (out of memory)");
    } catch (...) {  // nothing more can be said without memory
    }
  }
  return result;
}

}  // namespace lifeguard
