// JSON evaluation report (see report_json.hpp).
#include "eval/report_json.hpp"

#include "core/assessment_json.hpp"

namespace lifeguard {
namespace {

nlohmann::json optional_number(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json tallies_to_json(const std::map<std::string, Tally>& tallies) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, tally] : tallies) {
    out[key] = {{"hits", tally.hits}, {"total", tally.total}, {"recall", optional_number(tally.rate())}};
  }
  return out;
}

nlohmann::json expected_to_json(const LabelledCase& labelled) {
  nlohmann::json risks = nlohmann::json::array();
  for (const auto& risk : labelled.expected_risks) {
    nlohmann::json item{{"subject", to_string(risk.subject)}, {"type", to_string(risk.type)}};
    if (risk.severity) item["severity"] = to_string(*risk.severity);
    if (risk.imminence) item["imminence"] = to_string(*risk.imminence);
    risks.push_back(std::move(item));
  }
  nlohmann::json severities = nlohmann::json::array();
  for (auto severity : labelled.acceptable_speaker_severities) severities.push_back(to_string(severity));
  nlohmann::json imminence = nlohmann::json::array();
  for (auto value : labelled.acceptable_imminence) imminence.push_back(to_string(value));
  return {{"crisis", labelled.expected_crisis},
          {"risks", std::move(risks)},
          {"speaker_severity", to_string(labelled.expected_speaker_severity)},
          {"acceptable_speaker_severities", std::move(severities)},
          {"acceptable_imminence", std::move(imminence)}};
}

nlohmann::json case_to_json(const CaseRun& run) {
  const CaseOutcome& outcome = run.outcome;
  nlohmann::json conversation = nlohmann::json::array();
  for (const auto& turn : run.labelled.conversation) {
    conversation.push_back({{"role", to_string(turn.role)}, {"content", turn.content}});
  }
  nlohmann::json out{
      {"suite", run.suite},
      {"case_id", run.labelled.case_id},
      {"description", run.labelled.description},
      {"rationale", run.labelled.rationale},
      {"conversation", std::move(conversation)},
      {"passed", outcome.passed},
      {"score", outcome.score},
      {"checks",
       {{"crisis", outcome.crisis_correct},
        {"severity", outcome.severity_acceptable},
        {"risks", outcome.risks_found},
        {"imminence", outcome.imminence_acceptable ? nlohmann::json(*outcome.imminence_acceptable) : nlohmann::json(nullptr)}}},
      {"critical_miss", outcome.critical_miss},
      {"high_discrepancy", outcome.high_discrepancy},
      {"missing_risks", outcome.missing_risks},
      {"expected", expected_to_json(run.labelled)},
      {"got", to_json(run.assessment)},
      {"latency_ms", run.latency_ms},
  };
  if (!run.error.empty()) out["error"] = run.error;
  if (!run.problems.empty()) out["problems"] = run.problems;
  if (!run.judgements.empty()) {
    nlohmann::json judgements = nlohmann::json::array();
    for (const auto& judgement : run.judgements) judgements.push_back(to_json(judgement));
    out["judgements"] = std::move(judgements);
  }
  if (run.agreement) out["agreement"] = *run.agreement;
  return out;
}

}  // namespace

nlohmann::json metrics_to_json(const Metrics& metrics) {
  nlohmann::json confusion = nlohmann::json::array();
  for (const auto& row : metrics.severity_confusion) confusion.push_back(row);
  nlohmann::json levels = nlohmann::json::array();
  for (std::size_t i = 0; i < kSeverityLevels; ++i) levels.push_back(to_string(static_cast<SpeakerSeverity>(i)));
  return {
      {"cases", metrics.cases},
      {"passed", metrics.passed},
      {"pass_rate", optional_number(metrics.pass_rate())},
      {"mean_score", metrics.mean_score},
      {"errors", metrics.errors},
      {"crisis",
       {{"true_positives", metrics.true_positives},
        {"false_positives", metrics.false_positives},
        {"false_negatives", metrics.false_negatives},
        {"true_negatives", metrics.true_negatives},
        {"recall", optional_number(metrics.recall())},
        {"precision", optional_number(metrics.precision())},
        {"f1", optional_number(metrics.f1())},
        {"benign_false_positive_rate", optional_number(metrics.benign_false_positive_rate())}}},
      {"critical_misses", metrics.critical_misses},
      {"high_discrepancies", metrics.high_discrepancies},
      {"type_recall", tallies_to_json(metrics.type_recall)},
      {"subject_recall", tallies_to_json(metrics.subject_recall)},
      {"severity_confusion", {{"levels", std::move(levels)}, {"expected_by_reported", std::move(confusion)}}},
      {"latency_ms", {{"p50", metrics.latency_p50_ms}, {"p95", metrics.latency_p95_ms}}},
      {"mean_agreement", optional_number(metrics.mean_agreement)},
  };
}

nlohmann::json report_to_json(const EvalReport& report) {
  nlohmann::json suites = nlohmann::json::object();
  for (const auto& suite : report.summary.suites) suites[suite.suite] = metrics_to_json(suite.metrics);
  nlohmann::json cases = nlohmann::json::array();
  for (const auto& run : report.runs) cases.push_back(case_to_json(run));
  return {
      {"format", kEvalReportFormat},
      {"tool", "lifeguard eval"},
      {"backend", report.backend},
      {"model", report.model},
      {"generated_at", report.generated_at},
      {"judges", report.judges},
      {"suite_files", report.suite_files},
      {"suite_problems", report.suite_problems},
      {"overall", metrics_to_json(report.summary.overall)},
      {"suites", std::move(suites)},
      {"cases", std::move(cases)},
  };
}

}  // namespace lifeguard
