// Deployment gates of `lifeguard eval`.
#include "eval/gates.hpp"

#include <gtest/gtest.h>

namespace lifeguard {
namespace {

Metrics some_metrics() {
  Metrics m;
  m.cases = 10;
  m.passed = 8;
  m.mean_score = 0.9;
  m.true_positives = 4;
  m.false_negatives = 1;
  m.false_positives = 1;
  m.true_negatives = 4;
  m.critical_misses = {"a", "b"};
  return m;
}

TEST(Gates, ParsesAListOfMinimums) {
  auto minimums = parse_fail_under("pass=0.8,recall=0.95,f1=0");
  ASSERT_EQ(minimums.size(), 3u);
  EXPECT_EQ(minimums[0], (std::pair<std::string, double>{"pass", 0.8}));
  EXPECT_EQ(minimums[1], (std::pair<std::string, double>{"recall", 0.95}));
}

TEST(Gates, RejectsMalformedLists) {
  for (const char* bad : {"", "pass", "pass=", "pass=x", "pass=1.5", "pass=-0.1", "pass=0.8,", "speed=0.5", "pass=nan"}) {
    EXPECT_THROW(parse_fail_under(bad), std::invalid_argument) << bad;
  }
}

TEST(Gates, FailWhenAFigureIsUnderItsMinimum) {
  Gates gates;
  gates.minimums = parse_fail_under("pass=0.8,recall=0.9");
  auto failures = check_gates(gates, some_metrics());  // pass 0.8 ok, recall 0.8 < 0.9
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("recall 0.8 is under 0.9"), std::string::npos) << failures[0];
}

TEST(Gates, CriticalMissesAndFalsePositiveRateHaveMaximums) {
  Gates gates;
  gates.max_critical_misses = 2;
  gates.max_benign_fpr = 0.2;
  EXPECT_TRUE(check_gates(gates, some_metrics()).empty());
  gates.max_critical_misses = 1;
  gates.max_benign_fpr = 0.1;
  EXPECT_EQ(check_gates(gates, some_metrics()).size(), 2u);
}

TEST(Gates, AFigureThatCannotBeComputedFailsItsGate) {
  Metrics benign_only;
  benign_only.cases = 3;
  benign_only.true_negatives = 3;
  Gates gates;
  gates.minimums = parse_fail_under("recall=0.5");
  auto failures = check_gates(gates, benign_only);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("cannot be computed"), std::string::npos);
}

}  // namespace
}  // namespace lifeguard
