// The HTML evaluation report: one page with inline CSS and SVG, readable
// offline and safe to open whatever the suites or the model wrote, because
// every string that did not come from this file passes through escape().
#include "eval/report_html.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace lifeguard {
namespace {

// An en dash: the figure does not exist (no cases of that kind), as opposed to 0.
constexpr std::string_view kAbsent = "\u2013";

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string percent(std::optional<double> rate) {
  return rate ? fixed(*rate * 100.0, 1) + "%" : std::string(kAbsent);
}

std::string decimal(std::optional<double> value) { return value ? fixed(*value, 3) : std::string(kAbsent); }

// Cuts at a code point boundary so a long label never ends in half a character.
std::string shorten(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "\u2026";
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::user: return "user";
    case Role::assistant: return "assistant";
    case Role::system: return "system";
  }
  return "user";
}

template <typename Value>
std::string join_names(const std::vector<Value>& values, std::string_view empty) {
  if (values.empty()) return std::string(empty);
  std::string out;
  for (const auto& value : values) {
    if (!out.empty()) out += ", ";
    out += to_string(value);
  }
  return out;
}

std::string risk_label(Subject subject, RiskType type) {
  return std::string(to_string(subject)) + "/" + std::string(to_string(type));
}

constexpr std::string_view kStyle = R"(
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9dee5;--panel:#f6f7f9;--accent:#35618f;--good:#2f7d6d;--bad:#b5473a;--warn:#a86a12}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px 48px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
.meta{color:var(--muted);margin:0}.meta span{margin-right:18px}.meta b{color:var(--ink);font-weight:600}
.problems{background:#fdf3e6;border:1px solid #efd3a8;border-radius:6px;padding:8px 14px;margin-top:14px}
.problems ul{margin:4px 0;padding-left:20px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin-top:18px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:10px 12px}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.03em}
.card .value{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
.card.alert .value{color:var(--bad)}
.charts{display:flex;flex-wrap:wrap;gap:24px}
figure{margin:0}figcaption{color:var(--muted);font-size:12px;margin-top:4px}
svg.chart{display:block;max-width:100%;height:auto;font:12px system-ui,sans-serif}
svg.chart text{fill:var(--ink)}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:5px 12px;border-bottom:1px solid var(--line);text-align:right}
th:first-child,td:first-child{text-align:left}th{color:var(--muted);font-weight:600}
tr.total td{font-weight:600;border-top:2px solid var(--line)}
.failure{border:1px solid var(--line);border-left:4px solid var(--warn);border-radius:6px;padding:12px 16px;margin:12px 0}
.failure.critical{border-left-color:var(--bad)}
.failure h3{font-size:15px;margin:0 0 2px}.failure .suite{color:var(--muted);font-weight:400}
.failure .description{color:var(--muted);margin:0 0 8px}
.badge{display:inline-block;font-size:11px;font-weight:600;padding:1px 7px;border-radius:10px;margin-left:6px;vertical-align:2px;color:#fff;background:var(--warn)}
.badge.critical{background:var(--bad)}.badge.error{background:#5a4a78}
.conversation{list-style:none;margin:0 0 10px;padding:8px 12px;background:var(--panel);border-radius:6px}
.conversation li{white-space:pre-wrap;overflow-wrap:anywhere;margin:2px 0}
.role{display:inline-block;min-width:74px;color:var(--muted);font-weight:600}
.compare{display:grid;grid-template-columns:1fr 1fr;gap:14px}
.compare dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:2px 10px}
.compare dt{color:var(--muted)}.compare dd{margin:0;overflow-wrap:anywhere}
.compare h4{margin:0 0 4px;font-size:13px}
.checks{margin:10px 0 6px}
.check{display:inline-block;font-size:12px;padding:1px 8px;border-radius:4px;margin-right:6px;border:1px solid}
.check.pass{color:var(--good);border-color:#a9d3c9}.check.fail{color:var(--bad);border-color:#e7b6ae;background:#fcf1ef}
.rationale{margin:6px 0 0}.rationale b{color:var(--muted)}
.error-text{color:var(--bad);white-space:pre-wrap;overflow-wrap:anywhere}
.none{color:var(--muted)}
)";

// Tells the browser test (and anyone curious) that the layout engine really
// drew the charts: their rendered sizes, and how many there are.
constexpr std::string_view kScript = R"(
(function(){
  function measure(){
    var charts=document.querySelectorAll('.chart');
    charts.forEach(function(chart){
      var box=chart.getBoundingClientRect();
      chart.setAttribute('data-rendered',Math.round(box.width)+'x'+Math.round(box.height));
    });
    document.body.dataset.charts=String(charts.length);
  }
  measure();
  window.addEventListener('load',measure);
})();
)";

void render_header(const EvalReport& report, std::string& out) {
  const Metrics& overall = report.summary.overall;
  out += "<header>\n<h1>lifeguard evaluation</h1>\n<p class=\"meta\">";
  out += "<span>backend <b>" + escape(report.backend) + "</b></span>";
  out += "<span>model <b>" + escape(report.model) + "</b></span>";
  out += "<span>generated <b>" + escape(report.generated_at) + "</b></span>";
  out += "<span>judges <b>" + std::to_string(report.judges) + "</b></span>";
  out += "<span><b>" + std::to_string(report.suite_files.size()) + "</b> suite files, <b>" +
         std::to_string(report.summary.suites.size()) + "</b> suites, <b>" + std::to_string(overall.cases) +
         "</b> cases</span></p>\n";
  if (overall.cases == 0) out += "<p class=\"none\">There were no cases to evaluate.</p>\n";
  if (!report.suite_problems.empty()) {
    out += "<div class=\"problems\"><b>" + std::to_string(report.suite_problems.size()) +
           " suite problems</b> (those cases were left out)<ul>\n";
    for (const auto& problem : report.suite_problems) out += "<li>" + escape(problem) + "</li>\n";
    out += "</ul></div>\n";
  }
  out += "</header>\n";
}

void render_card(std::string& out, std::string_view label, const std::string& value, bool alert = false) {
  out += alert ? "<div class=\"card alert\">" : "<div class=\"card\">";
  out += "<div class=\"label\">" + std::string(label) + "</div><div class=\"value\">" + value + "</div></div>\n";
}

void render_cards(const Metrics& overall, std::string& out) {
  const bool timed = overall.cases > overall.errors;
  out += "<section class=\"cards\" id=\"summary\">\n";
  render_card(out, "pass rate", percent(overall.pass_rate()));
  render_card(out, "crisis recall", percent(overall.recall()));
  render_card(out, "precision", percent(overall.precision()));
  render_card(out, "F1", decimal(overall.f1()));
  render_card(out, "benign false positives", percent(overall.benign_false_positive_rate()));
  render_card(out, "critical misses", std::to_string(overall.critical_misses.size()), !overall.critical_misses.empty());
  render_card(out, "high discrepancies", std::to_string(overall.high_discrepancies), overall.high_discrepancies > 0);
  render_card(out, "errors", std::to_string(overall.errors), overall.errors > 0);
  render_card(out, "latency p50", timed ? fixed(overall.latency_p50_ms, overall.latency_p50_ms < 1.0 ? 3 : 1) + " ms" : std::string(kAbsent));
  render_card(out, "latency p95", timed ? fixed(overall.latency_p95_ms, overall.latency_p95_ms < 1.0 ? 3 : 1) + " ms" : std::string(kAbsent));
  render_card(out, "mean agreement", percent(overall.mean_agreement));
  out += "</section>\n";
}

struct Bar {
  std::string label;
  Tally tally;
};

// Horizontal bars on a 0-100% scale, each labelled with its rate and counts.
void render_bar_chart(std::string& out, std::string_view id, std::string_view title, const std::vector<Bar>& bars) {
  constexpr int kWidth = 600, kLabelWidth = 170, kBarLeft = 180, kBarWidth = 290, kRow = 28, kTop = 8, kAxis = 30;
  const int rows = std::max<int>(1, static_cast<int>(bars.size()));
  const int height = std::max(80, kTop + rows * kRow + kAxis);
  const std::string w = std::to_string(kWidth), h = std::to_string(height);
  out += "<svg class=\"chart\" id=\"" + std::string(id) + "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w +
         "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h + "\" role=\"img\" aria-label=\"" +
         std::string(title) + "\">\n";
  if (bars.empty()) {
    out += "<text x=\"" + std::to_string(kWidth / 2) + "\" y=\"40\" text-anchor=\"middle\" fill=\"#616e7c\">no data</text>\n";
  }
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const int y = kTop + static_cast<int>(i) * kRow;
    const std::string mid = std::to_string(y + kRow / 2 + 4);
    const auto rate = bar.tally.rate();
    const double length = rate ? *rate * kBarWidth : 0.0;
    out += "<g><title>" + escape(bar.label) + "</title>";
    out += "<text x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + mid + "\" text-anchor=\"end\">" +
           escape(shorten(bar.label, 26)) + "</text>";
    out += "<rect x=\"" + std::to_string(kBarLeft) + "\" y=\"" + std::to_string(y + 5) + "\" width=\"" +
           std::to_string(kBarWidth) + "\" height=\"18\" fill=\"#e8ebf0\" rx=\"2\"/>";
    out += "<rect x=\"" + std::to_string(kBarLeft) + "\" y=\"" + std::to_string(y + 5) + "\" width=\"" +
           fixed(length, 1) + "\" height=\"18\" fill=\"#35618f\" rx=\"2\"/>";
    out += "<text x=\"" + std::to_string(kBarLeft + kBarWidth + 8) + "\" y=\"" + mid + "\">" + percent(rate) + " (" +
           std::to_string(bar.tally.hits) + "/" + std::to_string(bar.tally.total) + ")</text></g>\n";
  }
  const int axis_y = kTop + rows * kRow + 4;
  out += "<line x1=\"" + std::to_string(kBarLeft) + "\" x2=\"" + std::to_string(kBarLeft + kBarWidth) + "\" y1=\"" +
         std::to_string(axis_y) + "\" y2=\"" + std::to_string(axis_y) + "\" stroke=\"#9aa5b1\"/>\n";
  for (int tick = 0; tick <= 100; tick += 25) {
    const int x = kBarLeft + kBarWidth * tick / 100;
    out += "<line x1=\"" + std::to_string(x) + "\" x2=\"" + std::to_string(x) + "\" y1=\"" + std::to_string(axis_y) +
           "\" y2=\"" + std::to_string(axis_y + 4) + "\" stroke=\"#9aa5b1\"/><text x=\"" + std::to_string(x) +
           "\" y=\"" + std::to_string(axis_y + 16) + "\" text-anchor=\"middle\" fill=\"#616e7c\">" +
           std::to_string(tick) + "%</text>\n";
  }
  out += "</svg>\n";
}

// Rows: expected speaker severity; columns: reported. The diagonal (agreement)
// is shaded green, everything off it red, both by count relative to the largest cell.
void render_severity_confusion(const Metrics& overall, std::string& out) {
  constexpr int kCell = 60, kLeft = 120, kTop = 64;
  constexpr int kSize = static_cast<int>(kSeverityLevels) * kCell;
  const int width = kLeft + kSize + 16, height = kTop + kSize + 16;
  std::size_t largest = 0;
  for (const auto& row : overall.severity_confusion)
    for (std::size_t count : row) largest = std::max(largest, count);
  const std::string w = std::to_string(width), h = std::to_string(height);
  out += "<svg class=\"chart\" id=\"chart-severity-confusion\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w +
         "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h +
         "\" role=\"img\" aria-label=\"speaker severity: expected against reported\">\n";
  out += "<text x=\"" + std::to_string(kLeft + kSize / 2) +
         "\" y=\"16\" text-anchor=\"middle\" font-weight=\"600\">reported speaker severity</text>\n";
  out += "<text transform=\"translate(16 " + std::to_string(kTop + kSize / 2) +
         ") rotate(-90)\" text-anchor=\"middle\" font-weight=\"600\">expected</text>\n";
  for (std::size_t i = 0; i < kSeverityLevels; ++i) {
    const std::string name(to_string(kAllSpeakerSeverities[i]));
    const int offset = static_cast<int>(i) * kCell + kCell / 2;
    out += "<text x=\"" + std::to_string(kLeft + offset) + "\" y=\"" + std::to_string(kTop - 10) +
           "\" text-anchor=\"middle\">" + name + "</text>";
    out += "<text x=\"" + std::to_string(kLeft - 8) + "\" y=\"" + std::to_string(kTop + offset + 4) +
           "\" text-anchor=\"end\">" + name + "</text>\n";
  }
  for (std::size_t expected = 0; expected < kSeverityLevels; ++expected) {
    for (std::size_t reported = 0; reported < kSeverityLevels; ++reported) {
      const std::size_t count = overall.severity_confusion[expected][reported];
      const int x = kLeft + static_cast<int>(reported) * kCell, y = kTop + static_cast<int>(expected) * kCell;
      const double share = largest ? static_cast<double>(count) / static_cast<double>(largest) : 0.0;
      const double opacity = count ? 0.12 + 0.78 * share : 0.0;
      const char* hue = expected == reported ? "#2f7d6d" : "#b5473a";
      out += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" + std::to_string(kCell) +
             "\" height=\"" + std::to_string(kCell) + "\" fill=\"#f6f7f9\" stroke=\"#fff\" stroke-width=\"2\"/>";
      if (count) {
        out += "<rect x=\"" + std::to_string(x + 1) + "\" y=\"" + std::to_string(y + 1) + "\" width=\"" +
               std::to_string(kCell - 2) + "\" height=\"" + std::to_string(kCell - 2) + "\" fill=\"" + hue +
               "\" fill-opacity=\"" + fixed(opacity, 2) + "\"/>";
      }
      out += "<text x=\"" + std::to_string(x + kCell / 2) + "\" y=\"" + std::to_string(y + kCell / 2 + 5) +
             "\" text-anchor=\"middle\" font-size=\"14\"" + (opacity > 0.55 ? " style=\"fill:#fff\"" : "") + ">" +
             std::to_string(count) + "</text>\n";
    }
  }
  out += "</svg>\n";
}

void render_charts(const EvalReport& report, std::string& out) {
  std::vector<Bar> suites;
  for (const auto& suite : report.summary.suites) {
    suites.push_back({suite.suite, Tally{suite.metrics.passed, suite.metrics.cases}});
  }
  std::vector<Bar> types;
  for (const auto& [type, tally] : report.summary.overall.type_recall) types.push_back({type, tally});

  out += "<h2>Charts</h2>\n<section class=\"charts\">\n<figure>\n";
  render_bar_chart(out, "chart-pass-rate", "pass rate per suite", suites);
  out += "<figcaption>Pass rate per suite (cases passed / cases).</figcaption>\n</figure>\n<figure>\n";
  render_bar_chart(out, "chart-type-recall", "recall per risk type", types);
  out += "<figcaption>Recall per expected risk type (reported for any subject / expected).</figcaption>\n"
         "</figure>\n<figure>\n";
  render_severity_confusion(report.summary.overall, out);
  out += "<figcaption>Speaker severity, expected (rows) against reported (columns).</figcaption>\n</figure>\n";
  out += "</section>\n";
}

void render_metrics_row(std::string& out, const std::string& name, const Metrics& m, bool total) {
  out += total ? "<tr class=\"total\">" : "<tr>";
  out += "<td>" + name + "</td><td>" + std::to_string(m.cases) + "</td><td>" + percent(m.pass_rate()) + "</td><td>" +
         percent(m.recall()) + "</td><td>" + percent(m.precision()) + "</td><td>" +
         percent(m.benign_false_positive_rate()) + "</td><td>" + std::to_string(m.critical_misses.size()) +
         "</td><td>" + std::to_string(m.errors) + "</td></tr>\n";
}

void render_suite_table(const EvalSummary& summary, std::string& out) {
  out += "<h2>Per suite</h2>\n<table id=\"suites\">\n<thead><tr><th>suite</th><th>cases</th><th>pass rate</th>"
         "<th>recall</th><th>precision</th><th>benign FPR</th><th>critical misses</th><th>errors</th></tr></thead>\n"
         "<tbody>\n";
  for (const auto& suite : summary.suites) render_metrics_row(out, escape(suite.suite), suite.metrics, false);
  render_metrics_row(out, "all suites", summary.overall, true);
  out += "</tbody></table>\n";
}

void render_check(std::string& out, std::string_view name, bool passed) {
  out += passed ? "<span class=\"check pass\">\u2713 " : "<span class=\"check fail\">\u2717 ";
  out += std::string(name) + "</span>";
}

void render_expected(const LabelledCase& labelled, std::string& out) {
  out += "<div><h4>expected</h4><dl>";
  out += "<dt>crisis</dt><dd>" + std::string(labelled.expected_crisis ? "yes" : "no") + "</dd>";
  out += "<dt>risks</dt><dd>";
  if (labelled.expected_risks.empty()) out += "<span class=\"none\">none</span>";
  for (std::size_t i = 0; i < labelled.expected_risks.size(); ++i) {
    const ExpectedRisk& risk = labelled.expected_risks[i];
    if (i) out += "<br>";
    out += risk_label(risk.subject, risk.type);
    if (risk.severity) out += " " + std::string(to_string(*risk.severity));
    if (risk.imminence) out += " " + std::string(to_string(*risk.imminence));
  }
  out += "</dd><dt>speaker severity</dt><dd>" + std::string(to_string(labelled.expected_speaker_severity)) +
         " (acceptable: " + join_names(labelled.acceptable_speaker_severities, "none given") + ")</dd>";
  out += "<dt>imminence</dt><dd>" + join_names(labelled.acceptable_imminence, "not checked") + "</dd>";
  out += "</dl></div>\n";
}

void render_got(const CaseRun& run, std::string& out) {
  out += "<div><h4>got</h4><dl>";
  if (!run.error.empty()) {
    out += "<dt>error</dt><dd class=\"error-text\">" + escape(run.error) + "</dd>";
  } else {
    const Assessment& assessment = run.assessment;
    out += "<dt>crisis</dt><dd>" + std::string(assessment.is_crisis() ? "yes" : "no") + "</dd>";
    out += "<dt>risks</dt><dd>";
    if (assessment.risks.empty()) out += "<span class=\"none\">none</span>";
    for (std::size_t i = 0; i < assessment.risks.size(); ++i) {
      const Risk& risk = assessment.risks[i];
      if (i) out += "<br>";
      out += risk_label(risk.subject, risk.type) + " " +
             (risk.severity ? std::string(to_string(*risk.severity)) : "severity unreadable") + " " +
             (risk.imminence ? std::string(to_string(*risk.imminence)) : "imminence not given");
    }
    out += "</dd><dt>speaker severity</dt><dd>" + std::string(to_string(assessment.speaker_severity())) + "</dd>";
    if (!assessment.reflection.empty()) out += "<dt>reflection</dt><dd>" + escape(assessment.reflection) + "</dd>";
  }
  if (run.agreement) out += "<dt>agreement</dt><dd>" + percent(run.agreement) + "</dd>";
  for (const auto& problem : run.problems) out += "<dt>problem</dt><dd>" + escape(problem) + "</dd>";
  out += "</dl></div>\n";
}

void render_failure(const CaseRun& run, std::string& out) {
  const CaseOutcome& outcome = run.outcome;
  const LabelledCase& labelled = run.labelled;
  out += outcome.critical_miss ? "<article class=\"failure critical\">\n" : "<article class=\"failure\">\n";
  out += "<h3>" + escape(labelled.case_id) + " <span class=\"suite\">in " + escape(run.suite) + "</span>";
  if (outcome.critical_miss) out += "<span class=\"badge critical\">critical miss</span>";
  if (outcome.high_discrepancy) out += "<span class=\"badge\">high discrepancy</span>";
  if (!run.error.empty()) out += "<span class=\"badge error\">error</span>";
  out += "</h3>\n";
  if (!labelled.description.empty()) out += "<p class=\"description\">" + escape(labelled.description) + "</p>\n";
  out += "<ol class=\"conversation\">\n";
  for (const Turn& turn : labelled.conversation) {
    out += "<li><span class=\"role\">" + std::string(role_name(turn.role)) + ":</span> " + escape(turn.content) +
           "</li>\n";
  }
  out += "</ol>\n<div class=\"compare\">\n";
  render_expected(labelled, out);
  render_got(run, out);
  out += "</div>\n<div class=\"checks\">";
  render_check(out, "crisis", outcome.crisis_correct);
  render_check(out, "severity", outcome.severity_acceptable);
  render_check(out, "risks", outcome.risks_found);
  if (outcome.imminence_acceptable) render_check(out, "imminence", *outcome.imminence_acceptable);
  out += "</div>\n";
  if (!outcome.missing_risks.empty()) {
    out += "<p>missing risks: ";
    for (std::size_t i = 0; i < outcome.missing_risks.size(); ++i) {
      out += (i ? ", " : "") + escape(outcome.missing_risks[i]);
    }
    out += "</p>\n";
  }
  out += "<p class=\"rationale\"><b>rationale</b> " + escape(labelled.rationale) + "</p>\n</article>\n";
}

// A failed backend call can score as a pass on a benign case; it is listed too,
// so a broken backend is seen here and not only in the error count.
void render_failures(const EvalReport& report, std::string& out) {
  std::vector<const CaseRun*> failures;
  for (const auto& run : report.runs) {
    if (!run.outcome.passed || !run.error.empty()) failures.push_back(&run);
  }
  std::stable_sort(failures.begin(), failures.end(), [](const CaseRun* a, const CaseRun* b) {
    if (a->outcome.critical_miss != b->outcome.critical_miss) return a->outcome.critical_miss;
    return a->outcome.high_discrepancy && !b->outcome.high_discrepancy;
  });
  out += "<h2>Failures (" + std::to_string(failures.size()) + ")</h2>\n<section id=\"failures\">\n";
  if (failures.empty()) {
    out += report.runs.empty() ? "<p class=\"none\">No cases were run.</p>\n"
                               : "<p class=\"none\">Every case passed.</p>\n";
  }
  for (const CaseRun* run : failures) render_failure(*run, out);
  out += "</section>\n";
}

}  // namespace

std::string render_html_report(const EvalReport& report) {
  std::string out;
  out.reserve(16384 + report.runs.size() * 1024);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         // Nothing may be fetched: the page is meant to be mailed, archived and opened offline.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n";
  out += "<title>lifeguard eval \u2013 " + escape(report.backend) + " " + escape(report.model) + "</title>\n";
  out += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  render_header(report, out);
  render_cards(report.summary.overall, out);
  render_charts(report, out);
  render_suite_table(report.summary, out);
  render_failures(report, out);
  out += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace lifeguard
