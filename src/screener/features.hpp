// Feature extraction of the screener. Two groups feed the linear model:
//  - n-grams, hashed (word unigrams and bigrams, character 4-grams of words,
//    assistant words kept apart); their values are scaled by 1/sqrt(count) so
//    long messages do not shout;
//  - signals, each worth 1: lexicon categories found, their negated forms,
//    their crossings with context (humour, past tense, a third person,
//    fiction, a near-term time...), and compositions such as distress + a means
//    + a question about places or amounts (method seeking).
// Signals are also what the reflection names, with the words that fired them.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "screener/lexicon.hpp"
#include "screener/tokens.hpp"

namespace lifeguard::screener {

enum class SignalKind : std::uint8_t {
  present,      // a = category
  negated,      // a = category, only seen under negation
  crossed,      // a = risk-bearing category, b = context category
  composite,    // a = Composite
  message_shape // a = ShapeFeature, b = bucket
};

enum class Composite : std::uint8_t {
  method_seeking,     // distress + means + question about places/amounts
  distress_and_means, // distress + means
  means_question,     // means + question, without distress
  several_risks,      // two or more risk-bearing categories
  first_person_risk,  // risk-bearing language with first-person words near it
  late_disclosure,    // risk-bearing language only in a later user turn
  clarified_later,    // a user turn after the first risk-bearing one says it was not meant literally
};

enum class ShapeFeature : std::uint8_t { user_turns, length, question };

struct Signal {
  SignalKind kind;
  std::uint8_t a = 0;
  std::uint8_t b = 0;
  std::uint64_t hash() const;
  bool operator==(const Signal&) const = default;
};

struct FeatureVector {
  std::vector<std::uint64_t> ngram_hashes;
  std::vector<Signal> signals;
  // The first lexicon match of each category (token_count 0 = none), for reflections.
  std::array<LexiconMatch, kCategoryCount> evidence{};
  std::vector<Token> tokens;
};

FeatureVector extract_features(const Lexicon& lexicon, std::vector<Token> tokens);

}  // namespace lifeguard::screener
