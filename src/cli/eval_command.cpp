// `lifeguard eval`: runs labelled suites through a backend, prints the SPEC §5
// figures, writes JSON / HTML / Markdown reports, compares with a baseline and
// sets the exit code from deployment gates (docs/evaluation.md).
//
// Exit codes: 0 all gates passed; 1 a gate failed, some cases could not be
// assessed (backend errors), or nothing could be run;
// 2 usage error; 3 gates passed but some suite files or cases had problems
// and were left out (a gate must not pass on a silently smaller suite).
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "engine_options.hpp"
#include "cli/commands.hpp"
#include "cli/input_reading.hpp"
#include "eval/baseline.hpp"
#include "eval/gates.hpp"
#include "eval/labelled_case.hpp"
#include "eval/report_html.hpp"
#include "eval/report_json.hpp"
#include "eval/report_text.hpp"
#include "pipeline/model_backend.hpp"
#include "pipeline/remote_backend.hpp"
#include "pipeline/suite_runner.hpp"
#include "screener/model.hpp"

namespace lifeguard::cli {
namespace {

struct EvalOptions {
  std::vector<std::string> suites;
  std::string backend = "screener";
  std::string screener_model;
  std::string model_dir;
  engine::ModelOptions engine;
  std::string remote_url;
  std::string remote_model;
  std::string remote_api_key_file;
  double timeout_seconds = 60.0;
  std::size_t judges = 1;
  double temperature = 0.0;
  double min_vote_share = 0.0;
  std::size_t jobs = 0;
  std::string json_out;
  std::string html_out;
  std::string markdown_out;
  std::string baseline;
  std::string fail_under;
  std::optional<double> max_fpr;
  std::optional<std::size_t> max_critical_misses;
  bool quiet = false;
};

struct LoadedSuites {
  std::vector<LabelledSuite> suites;
  std::vector<std::string> files;
  std::vector<std::string> problems;
};

LoadedSuites load_suites(const std::vector<std::string>& paths) {
  LoadedSuites loaded;
  std::map<std::string, std::string> seen_ids;  // case_id -> file that had it first
  for (const auto& path : paths) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
      loaded.problems.push_back(path + ": no such file or folder");
      continue;
    }
    auto files = find_suite_files(path);
    if (files.empty()) loaded.problems.push_back(path + ": no *.json suite files found");
    for (const auto& file : files) {
      loaded.files.push_back(file.string());
      SuiteLoad load = load_suite_file(file);
      for (auto& problem : load.problems) loaded.problems.push_back(std::move(problem));
      if (!load.suite) continue;
      LabelledSuite suite = std::move(*load.suite);
      std::vector<LabelledCase> kept;
      for (auto& labelled : suite.cases) {
        auto [where, inserted] = seen_ids.emplace(labelled.case_id, file.string());
        if (!inserted) {
          loaded.problems.push_back(file.string() + ":" + labelled.case_id + ": duplicate case_id (also in " +
                                    where->second + ")");
          continue;
        }
        kept.push_back(std::move(labelled));
      }
      suite.cases = std::move(kept);
      if (!suite.cases.empty()) loaded.suites.push_back(std::move(suite));
    }
  }
  return loaded;
}

std::string utc_now() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

std::string trimmed_file(const std::string& path) {
  std::string text = read_file(path);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path);
}

// A one-line progress bar on stderr, redrawn at most every 100 ms.
class ProgressBar {
 public:
  void operator()(std::size_t done, std::size_t total) {
    auto now = std::chrono::steady_clock::now();
    if (done != total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    constexpr std::size_t kWidth = 40;
    std::size_t filled = total == 0 ? kWidth : done * kWidth / total;
    std::cerr << "\r  [" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] " << done << '/'
              << total << (done == total ? "\n" : "") << std::flush;
  }

 private:
  std::chrono::steady_clock::time_point last_{};
};

std::unique_ptr<Backend> make_backend(const EvalOptions& options, std::optional<screener::ScreenerModel>& loaded) {
  if (options.backend == "screener") {
    if (!options.screener_model.empty()) loaded = screener::ScreenerModel::load_file(options.screener_model);
    return make_screener_backend(loaded ? *loaded : screener::ScreenerModel::embedded());
  }
  if (options.backend == "remote") {
    if (options.remote_url.empty()) throw CLI::ValidationError("--backend remote needs --remote URL");
    RemoteBackendOptions remote;
    remote.url = options.remote_url;
    remote.model = options.remote_model;
    if (!options.remote_api_key_file.empty()) remote.client.api_key = trimmed_file(options.remote_api_key_file);
    remote.client.timeout = std::chrono::milliseconds(static_cast<long long>(options.timeout_seconds * 1000.0));
    remote.judges = options.judges;
    remote.temperature = options.temperature;
    remote.min_vote_share = options.min_vote_share;
    return make_remote_backend(remote);
  }
  if (options.model_dir.empty()) throw CLI::ValidationError("--backend model needs --model DIR");
  return make_model_backend({options.model_dir, options.engine, 300});
}

int run_eval(const EvalOptions& options) {
  Gates gates;
  if (!options.fail_under.empty()) gates.minimums = parse_fail_under(options.fail_under);
  gates.max_benign_fpr = options.max_fpr;
  gates.max_critical_misses = options.max_critical_misses;
  if (options.judges > 1 && options.backend != "remote") {
    throw CLI::ValidationError("--judges needs --backend remote (the screener is deterministic)");
  }
  if (options.judges > 1 && options.temperature == 0.0) {
    std::cerr << "lifeguard: warning: --judges " << options.judges
              << " at temperature 0 asks the same greedy question several times; give --temperature\n";
  }
  std::optional<nlohmann::json> baseline;
  if (!options.baseline.empty()) baseline = read_baseline_file(options.baseline);

  LoadedSuites loaded = load_suites(options.suites);
  for (const auto& problem : loaded.problems) std::cerr << "lifeguard: suite problem: " << problem << '\n';
  std::size_t cases = 0;
  for (const auto& suite : loaded.suites) cases += suite.cases.size();
  if (cases == 0) {
    std::cerr << "lifeguard: no cases to run\n";
    return 1;
  }

  std::optional<screener::ScreenerModel> screener_model;
  auto backend = make_backend(options, screener_model);

  RunOptions run_options;
  run_options.jobs = options.jobs;
  if (run_options.jobs == 0) {
    // Remote servers and the native model batch concurrent cases; the screener uses the cores.
    run_options.jobs = options.backend == "remote"  ? 8
                       : options.backend == "model" ? 16  // the model batches concurrent cases (scheduler)
                                                    : std::max(1u, std::thread::hardware_concurrency());
  }
  ProgressBar bar;
  if (!options.quiet && isatty(STDERR_FILENO)) run_options.progress = std::ref(bar);

  EvalReport report;
  report.generated_at = utc_now();
  report.backend = backend->name();
  report.judges = options.judges;
  report.suite_files = loaded.files;
  report.suite_problems = loaded.problems;
  report.runs = run_suites(loaded.suites, *backend, run_options);
  report.summary = summarise(report.runs);
  report.model = options.backend == "screener" ? "lifeguard-screener"
                 : options.backend == "model"  ? std::filesystem::path(options.model_dir).filename().string()
                                               : options.remote_model;

  std::optional<BaselineComparison> comparison;
  if (baseline) comparison = compare_with_baseline(report, *baseline);
  const BaselineComparison* compared = comparison ? &*comparison : nullptr;

  if (!options.json_out.empty()) {
    nlohmann::json out = report_to_json(report);
    if (comparison) out["baseline"] = comparison_to_json(*comparison);
    write_file(options.json_out, out.dump(2) + "\n");
  }
  if (!options.html_out.empty()) write_file(options.html_out, render_html_report(report));
  if (!options.markdown_out.empty()) write_file(options.markdown_out, render_markdown_report(report, compared));
  if (!options.quiet) std::cout << render_terminal_report(report, compared) << std::flush;

  const std::size_t errors = report.summary.overall.errors;
  if (errors > 0) std::cerr << "lifeguard: " << errors << " cases could not be assessed (scored as no risk)\n";
  auto failures = check_gates(gates, report.summary.overall);
  for (const auto& failure : failures) std::cerr << "lifeguard: gate failed: " << failure << '\n';
  if (!failures.empty() || errors > 0) return 1;
  if (!loaded.problems.empty()) {
    std::cerr << "lifeguard: " << loaded.problems.size() << " suite problems: those cases were left out\n";
    return 3;
  }
  return 0;
}

}  // namespace

void add_eval_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* command = app.add_subcommand("eval", "Measure a backend on labelled test suites (SPEC §5 scoring)");
  command->add_option("--suite", options->suites, "Suite files or folders (searched for *.json)")->required();
  command->add_option("--backend", options->backend, "screener, model or remote")
      ->check(CLI::IsMember({"screener", "model", "remote"}))
      ->capture_default_str();
  command->add_option("--screener-model", options->screener_model, "Screener model file (default: the embedded one)");
  command->add_option("--model", options->model_dir, "nope-edge model folder (--backend model)");
  add_engine_options(command, options->engine);
  command->add_option("--remote", options->remote_url, "OpenAI-compatible server, e.g. http://127.0.0.1:8000");
  command->add_option("--remote-model", options->remote_model, "Model name the remote server serves");
  command->add_option("--remote-api-key-file", options->remote_api_key_file, "File holding the remote server's API key");
  command->add_option("--timeout", options->timeout_seconds, "Seconds per remote request")->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  command->add_option("--judges", options->judges, "Judgements per case (remote backend)")->capture_default_str()
      ->check(CLI::Range(1, 32));
  command->add_option("--temperature", options->temperature, "Sampling temperature for the judges")
      ->capture_default_str()->check(CLI::Range(0.0, 2.0));
  command->add_option("--min-vote-share", options->min_vote_share,
                      "Share of judges that must report a risk for it to be kept (0: any judge)")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  command->add_option("--jobs", options->jobs, "Cases assessed at once (default: cores; 8 for remote; 16 for the model, which batches them)");
  command->add_option("--json", options->json_out, "Write every metric and case outcome as JSON");
  command->add_option("--report", options->html_out, "Write a self-contained HTML report");
  command->add_option("--markdown", options->markdown_out, "Write the tables as Markdown");
  command->add_option("--baseline", options->baseline, "An earlier --json report to compare with");
  command->add_option("--fail-under", options->fail_under, "Minimums, e.g. pass=0.8,recall=0.95 (pass, score, recall, precision, f1)");
  command->add_option("--max-fpr", options->max_fpr, "Highest benign false-positive rate allowed")->check(CLI::Range(0.0, 1.0));
  command->add_option("--max-critical-misses", options->max_critical_misses, "Most critical misses allowed");
  command->add_flag("--quiet", options->quiet, "No table and no progress bar");
  command->callback([options, &exit_code] { exit_code = run_eval(*options); });
}

}  // namespace lifeguard::cli
