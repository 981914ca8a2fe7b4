// Qwen tokenizer (see tokenizer.hpp).
#include "tokenizer/tokenizer.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>

#include <utf8proc.h>

#include "text/utf8.hpp"
#include "tokenizer/byte_level.hpp"
#include "tokenizer/pretokenize.hpp"

namespace lifeguard::tokenizer {
namespace {

using nlohmann::json;

const std::string kQwenPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

std::string describe(const json& value) {
  std::string text = value.dump();
  return text.size() > 120 ? text.substr(0, 120) + "..." : text;
}

bool is_byte_level(const json& value) {
  return value.is_object() && value.value("type", "") == "ByteLevel" && !value.value("add_prefix_space", false);
}

// The only normaliser, pre-tokenizer and decoder this implementation reproduces exactly.
void check_pipeline(const json& t) {
  const json& normalizer = t.contains("normalizer") ? t["normalizer"] : json();
  if (!(normalizer.is_object() && normalizer.value("type", "") == "NFC")) {
    throw std::invalid_argument("unsupported normalizer " + describe(normalizer) + " (expected NFC, as Qwen2/Qwen3)");
  }
  const json& pre = t.contains("pre_tokenizer") ? t["pre_tokenizer"] : json();
  bool ok = pre.is_object() && pre.value("type", "") == "Sequence" && pre.contains("pretokenizers") &&
            pre["pretokenizers"].is_array() && pre["pretokenizers"].size() == 2;
  if (ok) {
    const json& split = pre["pretokenizers"][0];
    ok = split.value("type", "") == "Split" && split.contains("pattern") && split["pattern"].is_object() &&
         split["pattern"].value("Regex", "") == kQwenPattern && split.value("behavior", "") == "Isolated" &&
         !split.value("invert", true) && is_byte_level(pre["pretokenizers"][1]) &&
         !pre["pretokenizers"][1].value("use_regex", true);
  }
  if (!ok) throw std::invalid_argument("unsupported pre_tokenizer " + describe(pre) + " (expected the Qwen2/Qwen3 split regex then ByteLevel)");
  if (!t.contains("decoder") || !is_byte_level(t["decoder"])) {
    throw std::invalid_argument("unsupported decoder " + describe(t.value("decoder", json())) + " (expected ByteLevel)");
  }
}

}  // namespace

std::string utf8_lossy(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    utf8proc_int32_t cp = 0;
    auto length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(bytes.data() + i),
                                   static_cast<utf8proc_ssize_t>(bytes.size() - i), &cp);
    if (length <= 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(bytes.data() + i, static_cast<std::size_t>(length));
    i += static_cast<std::size_t>(length);
  }
  return out;
}

Tokenizer::Tokenizer(BytePairEncoder bpe, std::vector<AddedToken> added) : bpe_(std::move(bpe)), added_(std::move(added)) {
  std::size_t id_count = 0;  // one past the largest id
  for (const auto& [token, id] : bpe_.vocab()) id_count = std::max(id_count, static_cast<std::size_t>(id) + 1);
  for (const auto& token : added_) id_count = std::max(id_count, static_cast<std::size_t>(token.id) + 1);
  bytes_by_id_.assign(id_count, std::string());
  for (const auto& [token, id] : bpe_.vocab()) {
    if (auto bytes = bytes_of_symbols(token)) bytes_by_id_[static_cast<std::size_t>(id)] = std::move(*bytes);
  }
  std::stable_sort(added_.begin(), added_.end(),
                   [](const AddedToken& a, const AddedToken& b) { return a.content.size() > b.content.size(); });
  for (std::size_t i = 0; i < added_.size(); ++i) {
    added_first_byte_[static_cast<unsigned char>(added_[i].content[0])] = true;
    added_by_id_[added_[i].id] = i;
    bytes_by_id_[static_cast<std::size_t>(added_[i].id)] = added_[i].content;
  }
}

Tokenizer Tokenizer::from_json(const json& t) {
  if (!t.is_object() || !t.contains("model") || !t["model"].is_object()) {
    throw std::invalid_argument("tokenizer.json has no \"model\" object");
  }
  const json& model = t["model"];
  if (model.value("type", "") != "BPE") throw std::invalid_argument("unsupported model type " + describe(model.value("type", json())) + " (expected BPE)");
  if (model.contains("byte_fallback") && model["byte_fallback"].is_boolean() && model["byte_fallback"].get<bool>()) {
    throw std::invalid_argument("unsupported BPE option byte_fallback (Qwen uses byte-level BPE)");
  }
  check_pipeline(t);
  if (!model.contains("vocab") || !model["vocab"].is_object()) throw std::invalid_argument("model.vocab missing or not an object");
  if (!model.contains("merges") || !model["merges"].is_array()) throw std::invalid_argument("model.merges missing or not a list");

  std::unordered_map<std::string, TokenId> vocab;
  vocab.reserve(model["vocab"].size());
  for (const auto& [token, id] : model["vocab"].items()) {
    if (!id.is_number_integer() || id.get<long long>() < 0 || id.get<long long>() > 10'000'000) {
      throw std::invalid_argument("model.vocab: token id out of range");
    }
    vocab.emplace(token, static_cast<TokenId>(id.get<long long>()));
  }
  std::vector<std::pair<std::string, std::string>> merges;
  merges.reserve(model["merges"].size());
  for (const auto& merge : model["merges"]) {
    if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string()) {
      merges.emplace_back(merge[0].get<std::string>(), merge[1].get<std::string>());
    } else if (merge.is_string()) {  // older format: "a b"
      const std::string text = merge.get<std::string>();
      auto space = text.find(' ');
      if (space == std::string::npos || space == 0 || space + 1 == text.size()) {
        throw std::invalid_argument("model.merges: entry " + std::to_string(merges.size()) + " is not \"left right\"");
      }
      merges.emplace_back(text.substr(0, space), text.substr(space + 1));
    } else {
      throw std::invalid_argument("model.merges: entry " + std::to_string(merges.size()) + " is malformed");
    }
  }
  std::vector<AddedToken> added;
  if (t.contains("added_tokens")) {
    if (!t["added_tokens"].is_array()) throw std::invalid_argument("added_tokens is not a list");
    for (const auto& entry : t["added_tokens"]) {
      if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_number_integer() || !entry.contains("content") ||
          !entry["content"].is_string() || entry["content"].get<std::string>().empty()) {
        throw std::invalid_argument("added_tokens: an entry lacks id or content");
      }
      if (entry.value("lstrip", false) || entry.value("rstrip", false) || entry.value("single_word", false) ||
          entry.value("normalized", false)) {
        throw std::invalid_argument("added token " + entry["content"].get<std::string>() +
                                    ": lstrip/rstrip/single_word/normalized options are not supported");
      }
      added.push_back({static_cast<TokenId>(entry["id"].get<long long>()), entry["content"].get<std::string>(),
                       entry.value("special", false)});
    }
  }
  return Tokenizer(BytePairEncoder(std::move(vocab), merges), std::move(added));
}

Tokenizer Tokenizer::load(const std::filesystem::path& dir) {
  const auto path = dir / "tokenizer.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  json document;
  try {
    document = json::parse(in);
  } catch (const json::exception& error) {
    throw std::runtime_error(path.string() + " is not valid JSON (" + std::string(error.what()) + ")");
  }
  try {
    return from_json(document);
  } catch (const std::invalid_argument& error) {
    throw std::runtime_error(path.string() + ": " + error.what());
  }
}

namespace {
constexpr std::size_t kCacheEntries = 1 << 16;
constexpr std::size_t kCachedPieceBytes = 64;
}  // namespace

void Tokenizer::encode_piece_cached(std::string_view piece, std::vector<TokenId>& out) const {
  if (piece.size() > kCachedPieceBytes) {
    bpe_.encode_piece(piece, out);
    return;
  }
  {
    std::lock_guard lock(cache_->mutex);
    auto found = cache_->ids.find(piece);
    if (found != cache_->ids.end()) {
      out.insert(out.end(), found->second.begin(), found->second.end());
      return;
    }
  }
  const std::size_t first = out.size();
  bpe_.encode_piece(piece, out);
  std::lock_guard lock(cache_->mutex);
  if (cache_->ids.size() >= kCacheEntries) cache_->ids.clear();  // bounded memory; refills with what is common
  cache_->ids.emplace(std::string(piece), std::vector<TokenId>(out.begin() + static_cast<std::ptrdiff_t>(first), out.end()));
}

void Tokenizer::encode_ordinary(std::string_view text, std::vector<TokenId>& out) const {
  if (text.empty()) return;
  const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {  // ASCII is already in NFC
    for (std::string_view piece : pretokenize_qwen(text)) encode_piece_cached(piece, out);
    return;
  }
  utf8proc_uint8_t* normalised = utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(std::string(text).c_str()));
  if (normalised == nullptr) throw std::invalid_argument("text could not be normalised (invalid UTF-8?)");
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(normalised, &std::free);
  std::string_view nfc(reinterpret_cast<const char*>(normalised));
  for (std::string_view piece : pretokenize_qwen(nfc)) encode_piece_cached(piece, out);
}

std::vector<TokenId> Tokenizer::encode(std::string_view text, AddedTokens added) const {
  if (auto error = validate_utf8(text)) throw std::invalid_argument("text is not valid UTF-8: " + error->message);
  std::vector<TokenId> ids;
  std::size_t start = 0;  // start of the ordinary text not yet encoded
  auto flush = [&](std::size_t end) {
    // NULs split the ordinary text because the normaliser reads C strings.
    std::string_view part = text.substr(start, end - start);
    std::size_t from = 0;
    while (from <= part.size()) {
      std::size_t nul = part.find('\0', from);
      std::size_t to = nul == std::string_view::npos ? part.size() : nul;
      encode_ordinary(part.substr(from, to - from), ids);
      if (nul == std::string_view::npos) break;
      bpe_.encode_piece(part.substr(nul, 1), ids);
      from = nul + 1;
    }
  };
  if (added == AddedTokens::recognised && !added_.empty()) {
    std::size_t i = 0;
    while (i < text.size()) {
      if (!added_first_byte_[static_cast<unsigned char>(text[i])]) {
        ++i;
        continue;
      }
      const AddedToken* match = nullptr;
      for (const auto& token : added_) {  // longest first
        if (text.compare(i, token.content.size(), token.content) == 0) {
          match = &token;
          break;
        }
      }
      if (!match) {
        ++i;
        continue;
      }
      flush(i);
      ids.push_back(match->id);
      i += match->content.size();
      start = i;
    }
  }
  flush(text.size());
  return ids;
}

std::string Tokenizer::token_bytes(TokenId id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= bytes_by_id_.size()) return {};
  return bytes_by_id_[static_cast<std::size_t>(id)];
}

const AddedToken* Tokenizer::added_token(TokenId id) const {
  auto found = added_by_id_.find(id);
  return found == added_by_id_.end() ? nullptr : &added_[found->second];
}

std::optional<TokenId> Tokenizer::token_id(std::string_view token) const {
  for (const auto& added : added_) {
    if (added.content == token) return added.id;
  }
  auto found = bpe_.vocab().find(std::string(token));
  if (found == bpe_.vocab().end()) return std::nullopt;
  return found->second;
}

std::string Tokenizer::decode(const std::vector<TokenId>& ids, bool skip_special_tokens) const {
  std::string bytes;
  for (TokenId id : ids) {
    const AddedToken* added = added_token(id);
    if (added && added->special && skip_special_tokens) continue;
    bytes += token_bytes(id);
  }
  return utf8_lossy(bytes);
}

std::string StreamDecoder::push(TokenId id) {
  const AddedToken* added = tokenizer_.added_token(id);
  if (added && added->special && skip_special_) return {};
  pending_ += tokenizer_.token_bytes(id);
  // Emit everything up to the last position where a character could still be incomplete.
  std::size_t keep = 0;
  const std::size_t n = pending_.size();
  for (std::size_t back = 1; back <= std::min<std::size_t>(3, n); ++back) {
    auto byte = static_cast<unsigned char>(pending_[n - back]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation: look further back for the lead
    std::size_t needed = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    if (needed > back) keep = back;
    break;
  }
  std::string ready = utf8_lossy(std::string_view(pending_).substr(0, n - keep));
  pending_.erase(0, n - keep);
  return ready;
}

std::string StreamDecoder::finish() {
  std::string rest = utf8_lossy(pending_);
  pending_.clear();
  return rest;
}

}  // namespace lifeguard::tokenizer
