// Feature extraction (see features.hpp).
#include "screener/features.hpp"

#include <algorithm>
#include <bitset>
#include <cstring>
#include <string>

#include "screener/hashing.hpp"

namespace lifeguard::screener {
namespace {

constexpr std::uint64_t kUnigramSeed = 11;
constexpr std::uint64_t kBigramSeed = 12;
constexpr std::uint64_t kCharGramSeed = 13;
constexpr std::uint64_t kAssistantSeed = 14;
constexpr std::uint64_t kSignalSeed = 15;
constexpr std::size_t kCharGramMinWord = 5;  // shorter words are covered by their unigram
constexpr std::size_t kNegationWindow = 3;  // tokens before a phrase that can negate it
constexpr std::size_t kFirstPersonWindow = 6;

using CategorySet = std::bitset<kCategoryCount>;

bool is_first_person(const std::string& form) {
  return form == "i" || form == "im" || form == "me" || form == "my" || form == "myself" || form == "ive" ||
         form == "ill" || form == "id" || form == "mine";
}

void add_ngrams(const std::vector<Token>& tokens, std::vector<std::uint64_t>& out) {
  std::uint64_t previous = 0;
  bool have_previous = false;
  std::string bounded;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (token.from_assistant) {
      out.push_back(mix64(token.form_hash ^ kAssistantSeed));
      have_previous = false;
      continue;
    }
    std::uint64_t unigram = mix64(token.form_hash ^ kUnigramSeed);
    out.push_back(unigram);
    if (have_previous) out.push_back(hash_combine(previous ^ kBigramSeed, unigram));
    previous = unigram;
    have_previous = true;
    // Character 4-grams make misspellings and inflections share weight
    // ("suicidal"/"suicidial", "cutting"/"cuttin").
    if (token.kind == TokenKind::word && token.match_form.size() >= kCharGramMinWord) {
      bounded.assign(1, '<');
      bounded += token.match_form;
      bounded += '>';
      for (std::size_t at = 0; at + 4 <= bounded.size(); ++at) {
        std::uint32_t gram;
        std::memcpy(&gram, bounded.data() + at, sizeof gram);
        out.push_back(mix64(kCharGramSeed ^ (std::uint64_t{gram} << 8)));
      }
    }
  }
}

std::uint8_t bucket_of(std::size_t value, std::initializer_list<std::size_t> edges) {
  std::uint8_t bucket = 0;
  for (auto edge : edges) {
    if (value < edge) break;
    ++bucket;
  }
  return bucket;
}

}  // namespace

std::uint64_t Signal::hash() const {
  return mix64(kSignalSeed ^ (std::uint64_t{static_cast<std::uint8_t>(kind)} << 16) ^ (std::uint64_t{a} << 8) ^ b);
}

FeatureVector extract_features(const Lexicon& lexicon, std::vector<Token> tokens) {
  FeatureVector features;
  features.ngram_hashes.reserve(tokens.size() * 5);
  add_ngrams(tokens, features.ngram_hashes);

  auto matches = lexicon.match(tokens);
  // Tokens that are negators, so a later phrase can be read as negated.
  std::vector<bool> negator(tokens.size(), false);
  std::vector<bool> inside_phrase(tokens.size(), false);
  for (const auto& match : matches) {
    if (match.category == Category::negation) {
      for (std::uint32_t k = 0; k < match.token_count; ++k) negator[match.first_token + k] = true;
    }
  }
  for (const auto& match : matches) {
    if (match.category == Category::negation || !category_info(match.category).risk_bearing) continue;
    for (std::uint32_t k = 0; k < match.token_count; ++k) inside_phrase[match.first_token + k] = true;
  }

  CategorySet present;
  CategorySet negated;
  bool first_person_near_risk = false;
  std::uint16_t first_user_turn = 0;
  for (const auto& token : tokens) {
    if (!token.from_assistant) {
      first_user_turn = token.turn;
      break;
    }
  }
  bool risk_in_first_turn = false;
  bool risk_in_later_turn = false;
  int first_risk_turn = -1;
  int last_clarification_turn = -1;

  for (const auto& match : matches) {
    auto index = static_cast<std::size_t>(match.category);
    const auto& info = category_info(match.category);
    bool is_negated = false;
    if (info.risk_bearing) {
      // A negator just before the phrase (and not part of another risk phrase,
      // as in "don't want to live") reads it as negated: "I'm not suicidal".
      std::size_t from = match.first_token >= kNegationWindow ? match.first_token - kNegationWindow : 0;
      for (std::size_t k = from; k < match.first_token; ++k) {
        if (negator[k] && !inside_phrase[k] && tokens[k].turn == tokens[match.first_token].turn) is_negated = true;
      }
      std::size_t near_from = match.first_token >= kFirstPersonWindow ? match.first_token - kFirstPersonWindow : 0;
      std::size_t near_to = std::min(tokens.size(), std::size_t{match.first_token} + match.token_count + kFirstPersonWindow);
      for (std::size_t k = near_from; k < near_to; ++k) {
        if (is_first_person(tokens[k].match_form)) first_person_near_risk = true;
      }
      (tokens[match.first_token].turn == first_user_turn ? risk_in_first_turn : risk_in_later_turn) = true;
      const int turn = tokens[match.first_token].turn;
      if (first_risk_turn < 0 || turn < first_risk_turn) first_risk_turn = turn;
    }
    if (match.category == Category::clarification) {
      last_clarification_turn = std::max<int>(last_clarification_turn, tokens[match.first_token].turn);
    }
    if (is_negated) {
      negated.set(index);
    } else {
      present.set(index);
      if (features.evidence[index].token_count == 0) features.evidence[index] = match;
    }
  }
  negated &= ~present;

  auto add = [&](SignalKind kind, std::uint8_t a, std::uint8_t b = 0) { features.signals.push_back({kind, a, b}); };
  std::size_t risk_categories = 0;
  for (std::size_t c = 0; c < kCategoryCount; ++c) {
    if (present.test(c)) add(SignalKind::present, static_cast<std::uint8_t>(c));
    if (negated.test(c)) add(SignalKind::negated, static_cast<std::uint8_t>(c));
    if (!present.test(c) || !category_info(static_cast<Category>(c)).risk_bearing) continue;
    ++risk_categories;
    for (std::size_t m = 0; m < kCategoryCount; ++m) {
      if (present.test(m) && !category_info(static_cast<Category>(m)).risk_bearing) {
        add(SignalKind::crossed, static_cast<std::uint8_t>(c), static_cast<std::uint8_t>(m));
      }
    }
  }
  auto has = [&](Category c) { return present.test(static_cast<std::size_t>(c)); };
  auto composite = [&](Composite c) { add(SignalKind::composite, static_cast<std::uint8_t>(c)); };
  if (has(Category::distress) && has(Category::means) && has(Category::location_query)) composite(Composite::method_seeking);
  if (has(Category::distress) && has(Category::means)) composite(Composite::distress_and_means);
  if (!has(Category::distress) && has(Category::means) && has(Category::location_query)) composite(Composite::means_question);
  if (risk_categories >= 2) composite(Composite::several_risks);
  if (first_person_near_risk && risk_categories > 0) composite(Composite::first_person_risk);
  if (risk_in_later_turn && !risk_in_first_turn) composite(Composite::late_disclosure);
  if (first_risk_turn >= 0 && last_clarification_turn > first_risk_turn) composite(Composite::clarified_later);

  std::size_t user_turns = 0;
  std::size_t user_words = 0;
  bool question = false;
  int last_turn = -1;
  for (const auto& token : tokens) {
    if (token.from_assistant) continue;
    if (token.turn != last_turn) {
      ++user_turns;
      last_turn = token.turn;
    }
    if (token.kind == TokenKind::word) ++user_words;
    if (token.match_form == "?") question = true;
  }
  add(SignalKind::message_shape, static_cast<std::uint8_t>(ShapeFeature::user_turns), bucket_of(user_turns, {2, 4}));
  add(SignalKind::message_shape, static_cast<std::uint8_t>(ShapeFeature::length), bucket_of(user_words, {6, 16, 40, 100}));
  add(SignalKind::message_shape, static_cast<std::uint8_t>(ShapeFeature::question), question ? 1 : 0);
  features.tokens = std::move(tokens);
  return features;
}

}  // namespace lifeguard::screener
