// The screener's curated lexicon: phrases (token sequences, optionally ending
// in a prefix wildcard "suicid*") grouped into signal categories. Categories
// either point at a risk type (explicit suicidal language, algospeak for
// sexual violence, ...) or change how such words should be read (humour,
// negation, past tense, a third person, fiction framing, a means or a place).
// The lexicon text lives in data/screener/lexicon.tsv and is stored inside
// the trained model file, so model and lexicon never drift apart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/taxonomy.hpp"
#include "screener/phrase_table.hpp"
#include "screener/tokens.hpp"

namespace lifeguard::screener {

enum class Category : std::uint8_t {
  // Risk-bearing language.
  suicide_explicit,
  suicide_passive,
  suicide_algospeak,
  burden,
  preparatory_act,
  self_harm,
  self_harm_algospeak,
  eating_disorder,
  self_neglect,
  violence_intent,
  violence_victim,
  weapon,
  abuse,
  strangulation,
  sexual_violence,
  exploitation,
  grooming,
  stalking,
  neglect,
  substance,
  // Context that composes with the above.
  distress,
  means,
  location_query,
  time_soon,
  humour,
  hyperbole_target,
  gaming,
  negation,
  past_recovery,
  third_party,
  minor,
  fiction,
  news_education,
  clinical,
  help_seeking,
  protective,
  clarification,
  // Unambiguous first-person suicidal intent ("i want to die"): besides being
  // a feature, it triggers the screener's safety floor (screener/safety_floor.hpp).
  explicit_intent,
  count,
};

inline constexpr std::size_t kCategoryCount = static_cast<std::size_t>(Category::count);

struct CategoryInfo {
  Category category;
  std::string_view name;         // as written in lexicon.tsv
  std::string_view description;  // used in reflections: "explicit suicidal language"
  bool risk_bearing;
  std::optional<RiskType> hinted_type;  // the risk type the category points at, if any
};

const CategoryInfo& category_info(Category category);
std::optional<Category> parse_category(std::string_view name);

// One occurrence of a lexicon phrase in a token sequence.
struct LexiconMatch {
  Category category;
  std::uint32_t first_token;
  std::uint32_t token_count;
};

class Lexicon {
 public:
  // Parses "category<TAB>phrase" lines; '#' starts a comment. Throws
  // std::invalid_argument naming the line on an unknown category or bad line.
  static Lexicon parse(std::string_view tsv);

  // All matches over the tokens not spoken by an assistant.
  std::vector<LexiconMatch> match(const std::vector<Token>& tokens) const;

  const std::string& source_text() const { return source_; }
  std::size_t phrase_count() const { return phrase_count_; }
  std::size_t memory_bytes() const;

 private:
  static constexpr std::size_t kMaxPhraseTokens = 6;
  std::string source_;
  // Key: hash of the phrase's token sequence; value: bit set of categories,
  // plus PhraseTable::kContinues on every proper prefix of a longer phrase.
  PhraseTable phrases_;
  // Single-token prefix entries ("suicid*"), keyed by the hash of the prefix.
  PhraseTable prefixes_;
  std::uint64_t prefix_lengths_ = 0;  // bit n set: some prefix entry is n bytes long (n < 64)
  std::size_t phrase_count_ = 0;
};

}  // namespace lifeguard::screener
