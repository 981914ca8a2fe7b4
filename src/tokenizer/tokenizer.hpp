// The tokenizer of Qwen2/Qwen3 models, read from their tokenizer.json:
// added tokens (<|im_start|>, <|im_end|>, <think>...) found first, NFC
// normalisation, the Qwen pre-tokenizer, byte-level BPE; and decoding back to
// text. Anything else in tokenizer.json (another model type, normaliser or
// pre-tokenizer) is refused with a message saying what was found, rather
// than tokenised wrongly.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "tokenizer/bpe.hpp"

namespace lifeguard::tokenizer {

struct AddedToken {
  TokenId id = 0;
  std::string content;
  bool special = false;
};

// How added-token strings inside the text are read.
enum class AddedTokens {
  recognised,  // as HF does: "<|im_end|>" in the text becomes token 151645
  plain_text,  // as ordinary text: a message cannot close its own turn (SPEC §3)
};

class Tokenizer {
 public:
  // Reads `dir`/tokenizer.json. Throws std::runtime_error naming the file
  // and what is wrong with it.
  static Tokenizer load(const std::filesystem::path& dir);
  // Throws std::invalid_argument naming what is unsupported or malformed.
  static Tokenizer from_json(const nlohmann::json& tokenizer_json);

  // `text` must be valid UTF-8 (std::invalid_argument otherwise).
  std::vector<TokenId> encode(std::string_view text, AddedTokens added = AddedTokens::recognised) const;

  // Bytes of one token: an added token's content or the bytes its byte-level
  // string stands for; empty for ids the tokenizer does not know.
  std::string token_bytes(TokenId id) const;
  // Text of `ids` (invalid UTF-8 from partial tokens becomes U+FFFD).
  std::string decode(const std::vector<TokenId>& ids, bool skip_special_tokens = false) const;

  std::optional<TokenId> token_id(std::string_view token) const;
  const AddedToken* added_token(TokenId id) const;

 private:
  Tokenizer(BytePairEncoder bpe, std::vector<AddedToken> added);
  void encode_ordinary(std::string_view text, std::vector<TokenId>& out) const;

  void encode_piece_cached(std::string_view piece, std::vector<TokenId>& out) const;

  BytePairEncoder bpe_;
  // Pieces repeat (words, spaces, punctuation): their ids are kept, up to a bound.
  struct PieceHash {
    using is_transparent = void;  // look up by string_view without building a string
    std::size_t operator()(std::string_view piece) const { return std::hash<std::string_view>{}(piece); }
  };
  struct PieceCache {
    std::mutex mutex;
    std::unordered_map<std::string, std::vector<TokenId>, PieceHash, std::equal_to<>> ids;
  };
  std::unique_ptr<PieceCache> cache_ = std::make_unique<PieceCache>();
  std::vector<AddedToken> added_;                    // longest content first, for matching
  bool added_first_byte_[256] = {};                  // bytes an added token can start with
  std::unordered_map<TokenId, std::size_t> added_by_id_;
  std::vector<std::string> bytes_by_id_;             // decoded bytes of every vocabulary id
};

// Replaces invalid UTF-8 sequences with U+FFFD (as Python's errors="replace").
std::string utf8_lossy(std::string_view bytes);

// Decodes a stream of generated ids into text pieces that are always whole
// UTF-8 characters: bytes of a character split across tokens are held back
// until the character is complete.
class StreamDecoder {
 public:
  StreamDecoder(const Tokenizer& tokenizer, bool skip_special_tokens)
      : tokenizer_(tokenizer), skip_special_(skip_special_tokens) {}
  std::string push(TokenId id);  // text that became complete with this token
  std::string finish();          // whatever is left, invalid bytes replaced

 private:
  const Tokenizer& tokenizer_;
  bool skip_special_;
  std::string pending_;
};

}  // namespace lifeguard::tokenizer
