// Terminal and Markdown evaluation reports (see report_text.hpp). Both are
// built from the same rows so they cannot disagree.
#include "eval/report_text.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace lifeguard {
namespace {

std::string figure(const std::optional<double>& value, int decimals = 3) {
  if (!value) return "–";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, *value);
  return buffer;
}

std::string signed_figure(const std::optional<double>& before, const std::optional<double>& after) {
  if (!before || !after) return "–";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.3f", *after - *before);
  return buffer;
}

using Row = std::vector<std::string>;

struct Table {
  Row header;
  std::vector<Row> rows;
};

// Display width: counts UTF-8 code points, good enough for "–" and ASCII.
std::size_t width_of(const std::string& text) {
  std::size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80;
  return width;
}

std::string render_plain(const Table& table) {
  std::vector<std::size_t> widths(table.header.size(), 0);
  auto measure = [&](const Row& row) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width_of(row[i]));
  };
  measure(table.header);
  for (const auto& row : table.rows) measure(row);
  std::ostringstream out;
  auto line = [&](const Row& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::size_t pad = widths[i] - width_of(row[i]);
      if (i == 0) {
        out << row[i] << std::string(pad, ' ');
      } else {
        out << "  " << std::string(pad, ' ') << row[i];
      }
    }
    out << '\n';
  };
  line(table.header);
  std::size_t total = 0;
  for (auto w : widths) total += w + 2;
  out << std::string(total - 2, '-') << '\n';
  for (const auto& row : table.rows) line(row);
  return out.str();
}

std::string render_markdown(const Table& table) {
  std::ostringstream out;
  auto line = [&](const Row& row) {
    out << '|';
    for (const auto& cell : row) out << ' ' << cell << " |";
    out << '\n';
  };
  line(table.header);
  out << '|';
  for (std::size_t i = 0; i < table.header.size(); ++i) out << (i == 0 ? "---|" : "---:|");
  out << '\n';
  for (const auto& row : table.rows) line(row);
  return out.str();
}

Row suite_row(const std::string& name, const Metrics& m) {
  return {name,
          std::to_string(m.cases),
          figure(m.pass_rate()),
          figure(m.recall()),
          figure(m.precision()),
          figure(m.benign_false_positive_rate()),
          std::to_string(m.critical_misses.size()),
          std::to_string(m.high_discrepancies)};
}

Table suites_table(const EvalReport& report) {
  Table table{{"suite", "cases", "pass", "recall", "precision", "benign FPR", "crit. miss", "high disc."}, {}};
  for (const auto& suite : report.summary.suites) table.rows.push_back(suite_row(suite.suite, suite.metrics));
  table.rows.push_back(suite_row("ALL", report.summary.overall));
  return table;
}

Table recall_table(const std::string& label, const std::map<std::string, Tally>& tallies) {
  Table table{{label, "found", "expected", "recall"}, {}};
  for (const auto& [key, tally] : tallies) {
    table.rows.push_back({key, std::to_string(tally.hits), std::to_string(tally.total), figure(tally.rate())});
  }
  return table;
}

Table confusion_table(const Metrics& m) {
  Table table{{"expected \\ reported"}, {}};
  for (std::size_t i = 0; i < kSeverityLevels; ++i) table.header.push_back(std::string(to_string(static_cast<SpeakerSeverity>(i))));
  for (std::size_t e = 0; e < kSeverityLevels; ++e) {
    Row row{std::string(to_string(static_cast<SpeakerSeverity>(e)))};
    for (std::size_t g = 0; g < kSeverityLevels; ++g) row.push_back(std::to_string(m.severity_confusion[e][g]));
    table.rows.push_back(std::move(row));
  }
  return table;
}

Table delta_table(const BaselineComparison& comparison) {
  Table table{{"scope", "metric", "before", "after", "delta"}, {}};
  for (const auto& delta : comparison.deltas) {
    if (delta.scope != "overall" && delta.before == delta.after) continue;  // suites: changes only
    table.rows.push_back({delta.scope, delta.metric, figure(delta.before), figure(delta.after),
                          signed_figure(delta.before, delta.after)});
  }
  return table;
}

std::string headline(const EvalReport& report) {
  const Metrics& m = report.summary.overall;
  std::ostringstream out;
  out << "backend " << report.backend << " (" << report.model << "), " << m.cases << " cases in "
      << report.summary.suites.size() << " suites";
  if (report.judges > 1) out << ", " << report.judges << " judges";
  out << "\npass rate " << figure(m.pass_rate()) << ", mean score " << figure(m.mean_score) << "; crisis recall "
      << figure(m.recall()) << ", precision " << figure(m.precision()) << ", F1 " << figure(m.f1())
      << ", benign FPR " << figure(m.benign_false_positive_rate()) << "; critical misses "
      << m.critical_misses.size() << "; errors " << m.errors << "\nlatency per case p50 " << figure(m.latency_p50_ms, 3)
      << " ms, p95 " << figure(m.latency_p95_ms, 3) << " ms";
  if (m.mean_agreement) out << "; mean judge agreement " << figure(m.mean_agreement);
  out << '\n';
  return out.str();
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

template <typename RenderTable>
std::string render(const EvalReport& report, const BaselineComparison* comparison, bool markdown,
                   RenderTable render_table) {
  std::ostringstream out;
  auto heading = [&](const std::string& text) {
    out << '\n' << (markdown ? "#### " + text : text + ":") << "\n\n";
  };
  if (markdown) out << "### lifeguard eval\n\n";
  std::string head = headline(report);
  if (markdown) {
    std::string md;
    for (char c : head) md += c == '\n' ? std::string("  \n") : std::string(1, c);
    head = md;
  }
  out << head;
  heading("Suites");
  out << render_table(suites_table(report));
  const Metrics& m = report.summary.overall;
  heading("Recall per risk type");
  out << render_table(recall_table("type", m.type_recall));
  heading("Recall per subject (subject and type both right)");
  out << render_table(recall_table("subject", m.subject_recall));
  heading("Speaker severity, expected (rows) by reported (columns)");
  out << render_table(confusion_table(m));
  heading("Critical misses");
  out << (m.critical_misses.empty() ? std::string("none") : join(m.critical_misses, ", ")) << '\n';
  if (!report.suite_problems.empty()) {
    heading("Suite problems (cases left out)");
    for (const auto& problem : report.suite_problems) out << (markdown ? "- " : "  ") << problem << '\n';
  }
  if (comparison) {
    heading("Against the baseline" +
            (comparison->baseline_generated_at.empty() ? std::string() : " of " + comparison->baseline_generated_at));
    out << render_table(delta_table(*comparison));
    out << "\nnewly failing (" << comparison->newly_failing.size() << "): "
        << (comparison->newly_failing.empty() ? "none" : join(comparison->newly_failing, ", ")) << '\n';
    out << "newly passing (" << comparison->newly_passing.size() << "): "
        << (comparison->newly_passing.empty() ? "none" : join(comparison->newly_passing, ", ")) << '\n';
    if (!comparison->missing_from_baseline.empty()) {
      out << "not in the baseline: " << comparison->missing_from_baseline.size() << " cases\n";
    }
  }
  return out.str();
}

}  // namespace

std::string render_terminal_report(const EvalReport& report, const BaselineComparison* comparison) {
  return render(report, comparison, false, render_plain);
}

std::string render_markdown_report(const EvalReport& report, const BaselineComparison* comparison) {
  return render(report, comparison, true, render_markdown);
}

}  // namespace lifeguard
