// Lexicon parsing and matching (see lexicon.hpp).
#include "screener/lexicon.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "screener/hashing.hpp"

namespace lifeguard::screener {
namespace {

constexpr std::array<CategoryInfo, kCategoryCount> kCategories = {{
    {Category::suicide_explicit, "suicide_explicit", "explicit suicidal language", true, RiskType::suicide},
    {Category::suicide_passive, "suicide_passive", "passive death wishes or hopelessness", true, RiskType::suicide},
    {Category::suicide_algospeak, "suicide_algospeak", "coded words for suicide (algospeak)", true, RiskType::suicide},
    {Category::burden, "burden", "feeling like a burden", true, RiskType::suicide},
    {Category::preparatory_act, "preparatory_act", "goodbyes or putting affairs in order", true, RiskType::suicide},
    {Category::self_harm, "self_harm", "self-injury language", true, RiskType::self_harm},
    {Category::self_harm_algospeak, "self_harm_algospeak", "coded words for self-injury", true, RiskType::self_harm},
    {Category::eating_disorder, "eating_disorder", "disordered-eating language", true, RiskType::self_neglect},
    {Category::self_neglect, "self_neglect", "signs of self-neglect", true, RiskType::self_neglect},
    {Category::violence_intent, "violence_intent", "intent to hurt someone", true, RiskType::violence},
    {Category::violence_victim, "violence_victim", "threats or attacks against the speaker", true, RiskType::violence},
    {Category::weapon, "weapon", "a weapon", true, RiskType::violence},
    {Category::abuse, "abuse", "abuse or coercive control", true, RiskType::abuse},
    {Category::strangulation, "strangulation", "strangulation or choking", true, RiskType::abuse},
    {Category::sexual_violence, "sexual_violence", "sexual violence language", true, RiskType::sexual_violence},
    {Category::exploitation, "exploitation", "sextortion, trafficking or exploitation", true, RiskType::exploitation},
    {Category::grooming, "grooming", "grooming of a young person", true, RiskType::exploitation},
    {Category::stalking, "stalking", "following, tracking or unwanted contact", true, RiskType::stalking},
    {Category::neglect, "neglect", "a dependant left without care", true, RiskType::neglect},
    {Category::substance, "substance", "substance use", true, std::nullopt},
    {Category::distress, "distress", "distress", false, std::nullopt},
    {Category::means, "means", "a means of harm", false, std::nullopt},
    {Category::location_query, "location_query", "a question about places, amounts or access", false, std::nullopt},
    {Category::time_soon, "time_soon", "a near-term time marker", false, std::nullopt},
    {Category::humour, "humour", "humour or laughter markers", false, std::nullopt},
    {Category::hyperbole_target, "hyperbole_target", "an everyday target of hyperbole", false, std::nullopt},
    {Category::gaming, "gaming", "gaming context", false, std::nullopt},
    {Category::negation, "negation", "negation", false, std::nullopt},
    {Category::past_recovery, "past_recovery", "past-tense or recovery framing", false, std::nullopt},
    {Category::third_party, "third_party", "a third person", false, std::nullopt},
    {Category::minor, "minor", "a child or teenager", false, std::nullopt},
    {Category::fiction, "fiction", "fiction or creative framing", false, std::nullopt},
    {Category::news_education, "news_education", "news, research or education framing", false, std::nullopt},
    {Category::clinical, "clinical", "professional or clinical framing", false, std::nullopt},
    {Category::help_seeking, "help_seeking", "a request for help", false, std::nullopt},
    {Category::protective, "protective", "protective factors", false, std::nullopt},
    {Category::clarification, "clarification", "a clarification that the words were not meant literally", false,
     std::nullopt},
    {Category::explicit_intent, "explicit_intent", "explicit first-person suicidal intent", true, RiskType::suicide},
}};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

constexpr std::uint64_t kPhraseSeed = 0x1e71c0u;

std::uint64_t bit(Category category) { return std::uint64_t{1} << static_cast<unsigned>(category); }

}  // namespace

const CategoryInfo& category_info(Category category) { return kCategories[static_cast<std::size_t>(category)]; }

std::optional<Category> parse_category(std::string_view name) {
  for (const auto& info : kCategories) {
    if (info.name == name) return info.category;
  }
  return std::nullopt;
}

Lexicon Lexicon::parse(std::string_view tsv) {
  static_assert(kCategoryCount < 64, "category sets are 64-bit masks; the top bit is PhraseTable::kContinues");
  Lexicon lexicon;
  lexicon.source_ = std::string(tsv);
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < tsv.size()) {
    std::size_t end = tsv.find('\n', start);
    if (end == std::string_view::npos) end = tsv.size();
    std::string_view line = trim(tsv.substr(start, end - start));
    start = end + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string_view::npos) {
      throw std::invalid_argument("lexicon line " + std::to_string(line_number) + ": expected 'category<TAB>phrase'");
    }
    auto category = parse_category(trim(line.substr(0, tab)));
    if (!category) {
      throw std::invalid_argument("lexicon line " + std::to_string(line_number) + ": unknown category '" +
                                  std::string(trim(line.substr(0, tab))) + "'");
    }
    std::string_view phrase = trim(line.substr(tab + 1));
    // Phrases are tokenised exactly like messages, so "can't" and "cant" agree.
    auto tokens = tokenize_for_screening(phrase);
    bool prefix = !phrase.empty() && phrase.back() == '*' && tokens.size() == 1;
    if (tokens.empty() || tokens.size() > kMaxPhraseTokens) {
      throw std::invalid_argument("lexicon line " + std::to_string(line_number) + ": phrase must have 1 to " +
                                  std::to_string(kMaxPhraseTokens) + " tokens");
    }
    if (prefix) {
      const std::string& stem = tokens[0].match_form;
      if (stem.size() >= 64) {
        throw std::invalid_argument("lexicon line " + std::to_string(line_number) + ": prefix entries must be shorter than 64 bytes");
      }
      lexicon.prefixes_.merge(fnv_hash(stem, kPhraseSeed), bit(*category));
      lexicon.prefix_lengths_ |= std::uint64_t{1} << stem.size();
    } else {
      std::uint64_t key = kPhraseSeed;
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        key = hash_combine(key, tokens[i].form_hash);
        lexicon.phrases_.merge(key, i + 1 == tokens.size() ? bit(*category) : PhraseTable::kContinues);
      }
    }
    ++lexicon.phrase_count_;
  }
  return lexicon;
}

std::vector<LexiconMatch> Lexicon::match(const std::vector<Token>& tokens) const {
  std::vector<LexiconMatch> matches;
  auto emit = [&](std::uint64_t categories, std::size_t first, std::size_t count) {
    categories &= ~PhraseTable::kContinues;
    while (categories != 0) {
      auto index = static_cast<unsigned>(__builtin_ctzll(categories));
      categories &= categories - 1;
      matches.push_back({static_cast<Category>(index), static_cast<std::uint32_t>(first),
                         static_cast<std::uint32_t>(count)});
    }
  };

  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].from_assistant) continue;
    std::uint64_t key = kPhraseSeed;
    for (std::size_t n = 0; n < kMaxPhraseTokens && i + n < tokens.size(); ++n) {
      if (tokens[i + n].from_assistant || tokens[i + n].turn != tokens[i].turn) break;
      key = hash_combine(key, tokens[i + n].form_hash);
      std::uint64_t found = phrases_.find(key);
      emit(found, i, n + 1);
      if ((found & PhraseTable::kContinues) == 0) break;
    }
    // One FNV pass over the word checks every registered prefix length.
    const std::string& form = tokens[i].match_form;
    std::uint64_t state = fnv_start(kPhraseSeed);
    for (std::size_t length = 1; length <= form.size() && length < 64; ++length) {
      state = fnv_step(state, static_cast<unsigned char>(form[length - 1]));
      if (prefix_lengths_ & (std::uint64_t{1} << length)) emit(prefixes_.find(mix64(state)), i, 1);
      if ((prefix_lengths_ >> length) <= 1) break;  // no longer prefix entries
    }
  }
  return matches;
}

std::size_t Lexicon::memory_bytes() const {
  return source_.capacity() + phrases_.memory_bytes() + prefixes_.memory_bytes();
}

}  // namespace lifeguard::screener
