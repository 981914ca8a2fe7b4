// Byte-pair encoding over the byte-level alphabet: a vocabulary of token
// strings and a ranked merge list. A piece is split into single byte symbols
// and the adjacent pair with the lowest merge rank is merged until no ranked
// pair is left (ties: leftmost first), as HF tokenizers' BPE model does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lifeguard::tokenizer {

using TokenId = std::int32_t;

class BytePairEncoder {
 public:
  // Throws std::invalid_argument naming the problem (a merge of unknown
  // symbols, a merge result missing from the vocabulary, a byte symbol missing).
  BytePairEncoder(std::unordered_map<std::string, TokenId> vocab,
                  const std::vector<std::pair<std::string, std::string>>& merges);

  // Appends the ids of one pre-tokenized piece (raw bytes, not byte-level).
  void encode_piece(std::string_view bytes, std::vector<TokenId>& out) const;

  const std::unordered_map<std::string, TokenId>& vocab() const { return vocab_; }

 private:
  struct Merge {
    std::uint32_t rank;
    TokenId result;
  };
  static std::uint64_t pair_key(TokenId left, TokenId right) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
  }
  std::unordered_map<std::string, TokenId> vocab_;
  std::unordered_map<std::uint64_t, Merge> merges_;
  TokenId byte_id_[256]{};
};

}  // namespace lifeguard::tokenizer
