// Running suites through a backend (see suite_runner.hpp).
#include "pipeline/suite_runner.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "pipeline/input.hpp"

namespace lifeguard {
namespace {

void run_one(CaseRun& run, const Backend& backend) {
  const auto start = std::chrono::steady_clock::now();
  try {
    PreparedInput input = prepare_conversation(run.labelled.conversation);
    BackendResult result = backend.assess(input);
    run.assessment = std::move(result.assessment);
    run.problems = std::move(result.problems);
    run.judgements = std::move(result.judgements);
    run.agreement = result.agreement;
  } catch (const std::exception& error) {
    run.assessment = Assessment{};
    run.error = error.what();
  }
  run.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  run.outcome = score_case(run.labelled, run.assessment);
}

}  // namespace

std::vector<CaseRun> run_suites(const std::vector<LabelledSuite>& suites, const Backend& backend,
                                const RunOptions& options) {
  std::vector<CaseRun> runs;
  for (const auto& suite : suites) {
    for (const auto& labelled : suite.cases) runs.push_back(CaseRun{suite.name, labelled, {}, {}, {}, {}, {}, {}, 0.0});
  }
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  auto worker = [&] {
    for (std::size_t i = next++; i < runs.size(); i = next++) {
      run_one(runs[i], backend);
      std::size_t finished = ++done;
      if (options.progress) {
        std::lock_guard lock(progress_mutex);
        options.progress(finished, runs.size());
      }
    }
  };
  const std::size_t jobs = std::max<std::size_t>(1, std::min(options.jobs, runs.size()));
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& thread : threads) thread.join();
  return runs;
}

}  // namespace lifeguard
