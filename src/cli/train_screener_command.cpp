// `lifeguard train-screener`: trains the embedded screener from the corpus.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/input_reading.hpp"
#include "eval/labelled_case.hpp"
#include "screener/trainer.hpp"

namespace lifeguard::cli {
namespace {

struct TrainOptions {
  std::string data = "data/screener/corpus";
  std::string lexicon = "data/screener/lexicon.tsv";
  std::string out;
  std::string report;
  screener::TrainingOptions training;
};

void print_metrics(const char* title, const nlohmann::json& metrics) {
  std::cout << title << ": " << metrics["cases"] << " cases (" << metrics["crisis_cases"] << " crisis, "
            << metrics["benign_cases"] << " benign)\n";
  std::printf("  crisis recall %.3f  precision %.3f  F1 %.3f  benign FPR %.3f\n",
              metrics["crisis_recall"].get<double>(), metrics["crisis_precision"].get<double>(),
              metrics["crisis_f1"].get<double>(), metrics["benign_false_positive_rate"].get<double>());
  std::printf("  pass rate %.3f  speaker severity acceptable %.3f  subject accuracy %.3f  critical misses %d\n",
              metrics["pass_rate"].get<double>(), metrics["speaker_severity_acceptable"].get<double>(),
              metrics["subject_accuracy"].get<double>(), metrics["critical_misses"].get<int>());
  std::cout << "  type recall:";
  for (const auto& [type, value] : metrics["type_recall"].items()) {
    std::printf(" %s %.2f (%d)", type.c_str(), value["recall"].get<double>(), value["cases"].get<int>());
  }
  std::cout << "\n" << std::flush;
}

int run_train(const TrainOptions& options) {
  std::vector<LabelledCase> cases;
  std::vector<std::string> problems;
  auto files = find_suite_files(options.data);
  for (const auto& file : files) {
    auto load = load_suite_file(file);
    problems.insert(problems.end(), load.problems.begin(), load.problems.end());
    if (load.suite) {
      for (auto& labelled : load.suite->cases) cases.push_back(std::move(labelled));
    }
  }
  if (!problems.empty()) {
    for (const auto& problem : problems) std::cerr << problem << '\n';
    std::cerr << "lifeguard: " << problems.size() << " problem(s) in the corpus; fix them before training\n";
    return 1;
  }
  if (files.empty()) {
    std::cerr << "lifeguard: no *.json corpus files under " << options.data << '\n';
    return 1;
  }
  auto lexicon = screener::Lexicon::parse(read_file(options.lexicon));
  std::cout << "lexicon: " << lexicon.phrase_count() << " phrases from " << options.lexicon << '\n';
  auto result = screener::train_screener(cases, lexicon, options.training, &std::cout);

  std::ofstream out(options.out, std::ios::binary | std::ios::trunc);
  std::string bytes = result.model.serialise();
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + options.out);
  if (!options.report.empty()) {
    std::ofstream report(options.report);
    report << result.report.dump(2) << '\n';
  }
  const auto& thresholds = result.report["thresholds"];
  std::cout << "thresholds: crisis " << thresholds["crisis"] << ", subject_other " << thresholds["subject_other"]
            << ", severity quantile " << thresholds["severity_quantile"] << ", imminence quantile "
            << thresholds["imminence_quantile"] << '\n';
  print_metrics("cross-validated (out-of-fold, training part)", result.report["cross_validated"]);
  print_metrics("held apart (never trained on, thresholds not tuned on it)", result.report["holdout"]);
  std::cout << "wrote " << options.out << " (" << bytes.size() << " bytes, " << result.model.row_count() << " weight rows)\n";
  return 0;
}

}  // namespace

void add_train_screener_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<TrainOptions>();
  CLI::App* command = app.add_subcommand("train-screener", "Train the embedded screener from a labelled corpus");
  command->add_option("--data", options->data, "Folder of corpus files (suite format)")->capture_default_str();
  command->add_option("--lexicon", options->lexicon, "Lexicon TSV")->capture_default_str();
  command->add_option("--out", options->out, "Model file to write")->required();
  command->add_option("--report", options->report, "Also write the training report as JSON");
  command->add_option("--seed", options->training.seed, "Random seed (training is deterministic given it)")->capture_default_str();
  command->add_option("--epochs", options->training.epochs, "Passes over the data")->capture_default_str();
  command->add_option("--holdout", options->training.holdout_fraction, "Share of cases held apart")->capture_default_str();
  command->add_option("--target-recall", options->training.target_crisis_recall, "Crisis recall the threshold is chosen for")
      ->capture_default_str();
  command->add_option("--learning-rate", options->training.learning_rate, "AdaGrad step")->capture_default_str();
  command->add_option("--l2", options->training.l2, "L2 penalty per update")->capture_default_str();
  command->add_option("--bucket-bits", options->training.bucket_bits, "log2 of the hashed feature buckets")
      ->check(CLI::Range(10, 24))
      ->capture_default_str();
  command->add_option("--min-bucket-use", options->training.min_bucket_use,
                      "Buckets seen in fewer training cases get no weights")->capture_default_str();
  command->callback([options, &exit_code] { exit_code = run_train(*options); });
}

}  // namespace lifeguard::cli
