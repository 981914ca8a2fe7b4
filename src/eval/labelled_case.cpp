// Suite-file loading with schema validation; problems name the file and case.
#include "eval/labelled_case.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace lifeguard {
namespace {

using nlohmann::json;

// Collects "file:case_id: problem" strings for one case.
class CaseProblems {
 public:
  CaseProblems(std::string prefix, std::vector<std::string>& sink) : prefix_(std::move(prefix)), sink_(sink) {}
  void add(const std::string& problem) {
    sink_.push_back(prefix_ + ": " + problem);
    ok_ = false;
  }
  bool ok() const { return ok_; }

 private:
  std::string prefix_;
  std::vector<std::string>& sink_;
  bool ok_ = true;
};

std::string short_value(const json& value) {
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.size() > 40) text = text.substr(0, 40) + "...";
  return "'" + text + "'";
}

template <typename Parse>
auto read_enum(const json& object, const char* key, Parse parse, CaseProblems& problems,
               const std::string& where, bool required) -> decltype(parse(std::string_view{})) {
  auto found = object.find(key);
  if (found == object.end() || found->is_null()) {
    if (required) problems.add(where + "missing '" + key + "'");
    return std::nullopt;
  }
  if (!found->is_string()) {
    problems.add(where + "'" + key + "' must be a string");
    return std::nullopt;
  }
  auto parsed = parse(found->get<std::string>());
  if (!parsed) problems.add(where + "unknown " + key + " " + short_value(*found));
  return parsed;
}

std::vector<std::string> read_string_list(const json& object, const char* key, CaseProblems& problems,
                                          const std::string& where) {
  std::vector<std::string> out;
  auto found = object.find(key);
  if (found == object.end() || found->is_null()) return out;
  if (!found->is_array()) {
    problems.add(where + "'" + key + "' must be a list of strings");
    return out;
  }
  for (const auto& item : *found) {
    if (item.is_string()) {
      out.push_back(item.get<std::string>());
    } else {
      problems.add(where + "'" + key + "' must hold only strings");
    }
  }
  return out;
}

std::optional<ExpectedRisk> read_risk(const json& value, std::size_t index, CaseProblems& problems) {
  std::string where = "expected_risks[";
  where += std::to_string(index);
  where += "]: ";
  if (!value.is_object()) {
    problems.add(where + "must be an object");
    return std::nullopt;
  }
  ExpectedRisk risk;
  auto subject = read_enum(value, "subject", parse_subject, problems, where, true);
  auto type = read_enum(value, "type", parse_risk_type, problems, where, true);
  risk.severity = read_enum(value, "severity", parse_severity, problems, where, false);
  risk.imminence = read_enum(value, "imminence", parse_imminence, problems, where, false);
  risk.features = read_string_list(value, "features", problems, where);
  if (!subject || !type) return std::nullopt;
  risk.subject = *subject;
  risk.type = *type;
  return risk;
}

std::optional<LabelledCase> read_case(const json& value, const std::string& file, std::size_t index,
                                      std::vector<std::string>& sink) {
  std::string id = "#";
  id += std::to_string(index);
  if (value.is_object()) {
    auto found = value.find("case_id");
    if (found != value.end() && found->is_string()) id = found->get<std::string>();
  }
  CaseProblems problems(file + ":" + id, sink);
  if (!value.is_object()) {
    problems.add("case must be an object");
    return std::nullopt;
  }
  LabelledCase out;
  out.case_id = id;
  if (!value.contains("case_id") || !value["case_id"].is_string()) problems.add("missing string 'case_id'");
  if (auto it = value.find("description"); it != value.end() && it->is_string()) out.description = *it;
  if (auto it = value.find("rationale"); it != value.end() && it->is_string()) out.rationale = *it;
  out.tags = read_string_list(value, "tags", problems, "");

  try {
    auto found = value.find("conversation");
    if (found == value.end()) throw std::invalid_argument("missing 'conversation'");
    out.conversation = conversation_from_json(*found);
  } catch (const std::exception& error) {
    problems.add(std::string("conversation: ") + error.what());
  }

  if (auto it = value.find("expected_crisis"); it != value.end() && it->is_boolean()) {
    out.expected_crisis = it->get<bool>();
  } else {
    problems.add("missing boolean 'expected_crisis'");
  }
  if (auto it = value.find("expected_risks"); it != value.end() && it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i) {
      if (auto risk = read_risk((*it)[i], i, problems)) out.expected_risks.push_back(*risk);
    }
  } else if (it != value.end() && !it->is_null()) {
    problems.add("'expected_risks' must be a list");
  }
  if (auto severity = read_enum(value, "expected_speaker_severity", parse_speaker_severity, problems, "", true)) {
    out.expected_speaker_severity = *severity;
  }
  for (const auto& name : read_string_list(value, "acceptable_speaker_severities", problems, "")) {
    if (auto parsed = parse_speaker_severity(name)) {
      out.acceptable_speaker_severities.push_back(*parsed);
    } else {
      problems.add("acceptable_speaker_severities: unknown value " + short_value(name));
    }
  }
  if (out.acceptable_speaker_severities.empty()) {
    out.acceptable_speaker_severities.push_back(out.expected_speaker_severity);
  }
  for (const auto& name : read_string_list(value, "acceptable_imminence", problems, "")) {
    if (auto parsed = parse_imminence(name)) {
      out.acceptable_imminence.push_back(*parsed);
    } else {
      problems.add("acceptable_imminence: unknown value " + short_value(name));
    }
  }

  // Consistency: the flag, the risks and the severity must tell one story.
  if (out.expected_crisis != !out.expected_risks.empty() && problems.ok()) {
    problems.add(out.expected_crisis ? "expected_crisis is true but expected_risks is empty"
                                     : "expected_crisis is false but expected_risks is not empty");
  }
  if (std::find(out.acceptable_speaker_severities.begin(), out.acceptable_speaker_severities.end(),
                out.expected_speaker_severity) == out.acceptable_speaker_severities.end()) {
    problems.add("expected_speaker_severity is not among acceptable_speaker_severities");
  }
  if (!problems.ok()) return std::nullopt;
  return out;
}

}  // namespace

SuiteLoad load_suite_file(const std::filesystem::path& path) {
  SuiteLoad load;
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    load.problems.push_back(file + ": cannot open file");
    return load;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  json document;
  try {
    document = json::parse(buffer.str());
  } catch (const json::parse_error& error) {
    load.problems.push_back(file + ": not valid JSON (error near byte " + std::to_string(error.byte) + ")");
    return load;
  } catch (const json::exception&) {  // e.g. a number too large to represent
    load.problems.push_back(file + ": not valid JSON (a value is out of range)");
    return load;
  }
  if (!document.is_object() || !document.contains("cases") || !document["cases"].is_array()) {
    load.problems.push_back(file + ": expected an object with a 'cases' list");
    return load;
  }
  LabelledSuite suite;
  suite.source = path;
  if (auto it = document.find("suite"); it != document.end() && it->is_string()) suite.name = *it;
  if (suite.name.empty()) suite.name = path.stem().string();
  if (auto it = document.find("version"); it != document.end() && it->is_string()) suite.version = *it;
  if (auto it = document.find("description"); it != document.end() && it->is_string()) suite.description = *it;

  std::set<std::string> seen;
  const auto& cases = document["cases"];
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto parsed = read_case(cases[i], file, i, load.problems);
    if (!parsed) continue;
    if (!seen.insert(parsed->case_id).second) {
      load.problems.push_back(file + ":" + parsed->case_id + ": duplicate case_id");
      continue;
    }
    suite.cases.push_back(std::move(*parsed));
  }
  load.suite = std::move(suite);
  return load;
}

std::vector<std::filesystem::path> find_suite_files(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error)) {
      if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    }
  } else {
    files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace lifeguard
