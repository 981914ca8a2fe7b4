// Labelled cases in the suite format of SPEC §5 (docs/labelling.md): the
// evaluation suites and the screener's training corpus share this shape.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/assessment.hpp"
#include "text/conversation.hpp"

namespace lifeguard {

struct ExpectedRisk {
  Subject subject = Subject::unknown;
  RiskType type = RiskType::suicide;
  std::optional<Severity> severity;    // required in the screener corpus only
  std::optional<Imminence> imminence;  // required in the screener corpus only
  std::vector<std::string> features;
};

struct LabelledCase {
  std::string case_id;
  std::string description;
  Conversation conversation;
  bool expected_crisis = false;
  std::vector<ExpectedRisk> expected_risks;
  SpeakerSeverity expected_speaker_severity = SpeakerSeverity::none;
  std::vector<SpeakerSeverity> acceptable_speaker_severities;
  std::vector<Imminence> acceptable_imminence;  // empty: not checked
  std::vector<std::string> tags;
  std::string rationale;
};

struct LabelledSuite {
  std::string name;
  std::string version;
  std::string description;
  std::filesystem::path source;
  std::vector<LabelledCase> cases;
};

struct SuiteLoad {
  std::optional<LabelledSuite> suite;  // absent when the file could not be read at all
  // Schema problems as "file:case_id: problem"; a case with a problem is left out.
  std::vector<std::string> problems;
};

// Reads one suite file. Never throws.
SuiteLoad load_suite_file(const std::filesystem::path& path);

// Every *.json file under `path` (a file or a folder, searched recursively), in
// sorted path order so results are reproducible.
std::vector<std::filesystem::path> find_suite_files(const std::filesystem::path& path);

}  // namespace lifeguard
