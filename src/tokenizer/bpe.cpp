// Byte-pair encoding (see bpe.hpp).
#include "tokenizer/bpe.hpp"

#include <queue>
#include <stdexcept>

#include "tokenizer/byte_level.hpp"

namespace lifeguard::tokenizer {

BytePairEncoder::BytePairEncoder(std::unordered_map<std::string, TokenId> vocab,
                                 const std::vector<std::pair<std::string, std::string>>& merges)
    : vocab_(std::move(vocab)) {
  for (int b = 0; b < 256; ++b) {
    auto found = vocab_.find(byte_symbol(static_cast<unsigned char>(b)));
    if (found == vocab_.end()) {
      throw std::invalid_argument("vocabulary lacks the byte-level symbol of byte " + std::to_string(b) +
                                  " (not a byte-level BPE tokenizer?)");
    }
    byte_id_[b] = found->second;
  }
  merges_.reserve(merges.size());
  for (std::size_t rank = 0; rank < merges.size(); ++rank) {
    const auto& [left, right] = merges[rank];
    auto l = vocab_.find(left);
    auto r = vocab_.find(right);
    auto merged = vocab_.find(left + right);
    if (l == vocab_.end() || r == vocab_.end() || merged == vocab_.end()) {
      throw std::invalid_argument("merge " + std::to_string(rank) + " uses or makes a token missing from the vocabulary");
    }
    // A later duplicate of a merge keeps the first (lowest) rank.
    merges_.try_emplace(pair_key(l->second, r->second), Merge{static_cast<std::uint32_t>(rank), merged->second});
  }
}

void BytePairEncoder::encode_piece(std::string_view bytes, std::vector<TokenId>& out) const {
  const std::size_t n = bytes.size();
  if (n == 0) return;
  if (n == 1) {
    out.push_back(byte_id_[static_cast<unsigned char>(bytes[0])]);
    return;
  }
  // Symbols as a doubly linked list over positions; a heap of candidate
  // merges keyed by (rank, position). Stale candidates are skipped on pop.
  std::vector<TokenId> id(n);
  std::vector<std::int32_t> prev(n), next(n);
  std::vector<bool> alive(n, true);
  for (std::size_t i = 0; i < n; ++i) {
    id[i] = byte_id_[static_cast<unsigned char>(bytes[i])];
    prev[i] = static_cast<std::int32_t>(i) - 1;
    next[i] = i + 1 < n ? static_cast<std::int32_t>(i + 1) : -1;
  }
  struct Candidate {
    std::uint32_t rank;
    std::int32_t left;
    TokenId left_id;
    TokenId right_id;
    bool operator>(const Candidate& other) const {
      return rank != other.rank ? rank > other.rank : left > other.left;
    }
  };
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap;
  auto consider = [&](std::int32_t left) {
    if (left < 0) return;
    std::int32_t right = next[static_cast<std::size_t>(left)];
    if (right < 0) return;
    auto found = merges_.find(pair_key(id[static_cast<std::size_t>(left)], id[static_cast<std::size_t>(right)]));
    if (found == merges_.end()) return;
    heap.push({found->second.rank, left, id[static_cast<std::size_t>(left)], id[static_cast<std::size_t>(right)]});
  };
  for (std::size_t i = 0; i + 1 < n; ++i) consider(static_cast<std::int32_t>(i));
  while (!heap.empty()) {
    Candidate top = heap.top();
    heap.pop();
    auto left = static_cast<std::size_t>(top.left);
    if (!alive[left] || id[left] != top.left_id) continue;
    std::int32_t right_index = next[left];
    if (right_index < 0) continue;
    auto right = static_cast<std::size_t>(right_index);
    if (id[right] != top.right_id) continue;
    id[left] = merges_.at(pair_key(top.left_id, top.right_id)).result;
    alive[right] = false;
    next[left] = next[right];
    if (next[right] >= 0) prev[static_cast<std::size_t>(next[right])] = top.left;
    consider(prev[left]);
    consider(top.left);
  }
  for (std::int32_t i = 0; i >= 0; i = next[static_cast<std::size_t>(i)]) out.push_back(id[static_cast<std::size_t>(i)]);
}

}  // namespace lifeguard::tokenizer
