// Shingles for near-duplicate tests (see shingles.hpp).
#include "support/shingles.hpp"

#include <algorithm>
#include <vector>

#include "screener/tokens.hpp"
#include "text/normalize.hpp"

namespace lifeguard::test_support {

std::set<std::string> user_shingles(const LabelledCase& labelled, std::size_t width) {
  std::vector<std::string> words;
  for (const auto& turn : labelled.conversation) {
    if (turn.role != Role::user) continue;
    const std::string text = normalize_message(turn.content);
    for (const auto& token : screener::tokenize_for_screening(text)) {
      if (token.kind == screener::TokenKind::word) words.push_back(token.match_form);
    }
  }
  std::set<std::string> out;
  for (std::size_t i = 0; i + width <= words.size(); ++i) {
    std::string shingle;
    for (std::size_t k = 0; k < width; ++k) shingle += words[i + k] + " ";
    out.insert(shingle);
  }
  return out;
}

double shingle_overlap(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) return 0.0;
  std::size_t shared = 0;
  const auto& small = a.size() <= b.size() ? a : b;
  const auto& large = a.size() <= b.size() ? b : a;
  for (const auto& shingle : small) shared += large.count(shingle);
  return static_cast<double>(shared) / static_cast<double>(small.size());
}

}  // namespace lifeguard::test_support
