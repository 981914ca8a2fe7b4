// Tokeniser of the screener. Fast path for ASCII; utf8proc for other scripts.
#include "screener/tokens.hpp"

#include <utf8proc.h>

#include "screener/hashing.hpp"

namespace lifeguard::screener {
namespace {

bool is_ascii_word_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Characters that leetspeak and self-censoring put inside words ("k!ll", "s*icide", "$elf").
bool is_word_joiner(char32_t c) { return c == '*' || c == '@' || c == '$' || c == '!' || c == '\'' || c == 0x2019; }

bool is_emoji(char32_t c) {
  if (c >= 0x1F000 && c <= 0x1FAFF) return !(c >= 0x1F3FB && c <= 0x1F3FF);  // skin tones are modifiers
  if (c >= 0x2600 && c <= 0x27BF) return true;
  if (c >= 0x2B00 && c <= 0x2BFF) return true;
  return false;
}

struct Decoded {
  char32_t code_point;
  std::size_t length;
};

Decoded decode_at(std::string_view text, std::size_t at) {
  const auto byte = static_cast<unsigned char>(text[at]);
  if (byte < 0x80) return {byte, 1};  // spaces and punctuation: no library call
  utf8proc_int32_t cp = 0;
  auto length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                                 static_cast<utf8proc_ssize_t>(text.size() - at), &cp);
  if (length <= 0) return {0xFFFD, 1};  // input is validated upstream; stay safe anyway
  return {static_cast<char32_t>(cp), static_cast<std::size_t>(length)};
}

// Joiners and modifiers inside emoji sequences carry no meaning of their own.
bool is_ignorable(char32_t c) {
  return c == 0xFE0E || c == 0xFE0F || c == 0x200D || (c >= 0x1F3FB && c <= 0x1F3FF);
}

// Scripts written without spaces: each character is a token, so lexicon
// phrases such as "死にたい" match inside longer runs.
bool is_unspaced_script(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF);
}

bool is_word_code_point(char32_t c) {
  if (c < 0x80) return is_ascii_word_char(static_cast<unsigned char>(c));
  auto category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  switch (category) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
      return true;
    default:
      return false;
  }
}

void append_lower(std::string& out, char32_t c) {
  if (c < 0x80) {
    char ascii = static_cast<char>(c);
    if (ascii >= 'A' && ascii <= 'Z') ascii = static_cast<char>(ascii - 'A' + 'a');
    out.push_back(ascii);
    return;
  }
  if (c == 0x2019) {  // typographic apostrophe: "don’t" == "don't"
    out.push_back('\'');
    return;
  }
  utf8proc_uint8_t buffer[4];
  auto lowered = utf8proc_tolower(static_cast<utf8proc_int32_t>(c));
  auto n = utf8proc_encode_char(lowered, buffer);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(n));
}

// "k1ll" -> "kill", "su1c1de" -> "suicide", "$elf" -> "self", "don't" -> "dont";
// words without letters ("2024") keep their digits. Works in place: most
// words need no change at all.
void de_leet(std::string& word) {
  bool has_letter = false;
  bool has_leet = false;
  bool has_apostrophe = false;
  for (char c : word) {
    if (c >= 'a' && c <= 'z') has_letter = true;
    if ((c >= '0' && c <= '9') || c == '@' || c == '$' || c == '!' || c == '*') has_leet = true;
    if (c == '\'') has_apostrophe = true;
  }
  const bool translate = has_letter && has_leet;
  if (!translate && !has_apostrophe) return;
  std::size_t out = 0;
  for (char c : word) {
    if (c == '\'') continue;
    if (translate) {
      switch (c) {
        case '0': c = 'o'; break;
        case '1': case '!': c = 'i'; break;
        case '3': c = 'e'; break;
        case '4': case '@': c = 'a'; break;
        case '5': case '$': c = 's'; break;
        case '7': c = 't'; break;
        case '*': continue;
        default: break;
      }
    }
    word[out++] = c;
  }
  word.resize(out);
}

class Tokeniser {
 public:
  explicit Tokeniser(std::vector<Token>& out) : out_(out) {}

  void add_line(std::string_view line, bool from_assistant, std::uint16_t turn) {
    from_assistant_ = from_assistant;
    turn_ = turn;
    line_ = line;
    std::size_t at = 0;
    while (at < line.size()) {
      // Fast path: a run of plain ASCII letters and digits, appended at once.
      if (is_ascii_word_char(static_cast<unsigned char>(line[at]))) {
        std::size_t end = at + 1;
        while (end < line.size() && is_ascii_word_char(static_cast<unsigned char>(line[end]))) ++end;
        if (word_.empty()) word_start_ = at;
        const std::size_t old_size = word_.size();
        word_.append(line.data() + at, end - at);
        for (std::size_t k = old_size; k < word_.size(); ++k) {
          if (word_[k] >= 'A' && word_[k] <= 'Z') word_[k] = static_cast<char>(word_[k] - 'A' + 'a');
        }
        word_end_ = at = end;
        continue;
      }
      auto [c, length] = decode_at(line, at);
      if (is_ignorable(c)) {
        at += length;
        continue;
      }
      if (is_unspaced_script(c)) {
        flush_word();
        std::string character;
        append_lower(character, c);
        push(std::move(character), at, at + length, TokenKind::word);
        at += length;
        continue;
      }
      bool joiner_inside_word = !word_.empty() && is_word_joiner(c) && at + length < line.size() &&
                                is_word_code_point(decode_at(line, at + length).code_point);
      if (is_word_code_point(c) || joiner_inside_word) {
        if (word_.empty()) word_start_ = at;
        append_lower(word_, c);
        at += length;
        word_end_ = at;
        continue;
      }
      flush_word();
      if (is_emoji(c)) {
        push(std::string(line.substr(at, length)), at, at + length, TokenKind::emoji);
      } else if (c == '?') {
        push("?", at, at + 1, TokenKind::punctuation);
      } else if (c == '!' && at + 1 < line.size() && line[at + 1] == '!') {
        std::size_t from = at;
        while (at < line.size() && line[at] == '!') ++at;
        push("!!", from, at, TokenKind::punctuation);
        continue;
      }
      at += length;
    }
    flush_word();
    flush_spaced_letters();
  }

 private:
  void flush_word() {
    if (word_.empty()) return;
    // Strip joiners left dangling at the end ("hey!" is "hey").
    while (!word_.empty() && (word_.back() == '\'' || word_.back() == '*' || word_.back() == '!')) {
      word_.pop_back();
      --word_end_;
    }
    if (word_.empty()) return;
    bool single_letter = word_.size() == 1 && word_[0] >= 'a' && word_[0] <= 'z';
    if (single_letter) {
      if (spaced_letters_.empty()) spaced_start_ = word_start_;
      spaced_letters_ += word_;
      spaced_end_ = word_end_;
    } else {
      flush_spaced_letters();
    }
    de_leet(word_);
    push(std::move(word_), word_start_, word_end_, TokenKind::word);
    word_.clear();
  }

  void flush_spaced_letters() {
    if (spaced_letters_.size() >= 3) push(std::move(spaced_letters_), spaced_start_, spaced_end_, TokenKind::word);
    spaced_letters_.clear();
  }

  void push(std::string match_form, std::size_t from, std::size_t to, TokenKind kind) {
    if (kind != TokenKind::word) flush_spaced_letters();
    Token token;
    token.match_form = std::move(match_form);
    token.form_hash = hash_bytes(token.match_form);
    token.surface = line_.substr(from, to - from);
    token.kind = kind;
    token.from_assistant = from_assistant_;
    token.turn = turn_;
    out_.push_back(std::move(token));
  }

  std::vector<Token>& out_;
  std::string_view line_;
  std::string word_;
  std::size_t word_start_ = 0;
  std::size_t word_end_ = 0;
  std::string spaced_letters_;
  std::size_t spaced_start_ = 0;
  std::size_t spaced_end_ = 0;
  bool from_assistant_ = false;
  std::uint16_t turn_ = 0;
};

void add_text(Tokeniser& tokeniser, std::string_view text, bool from_assistant, std::uint16_t turn) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    tokeniser.add_line(text.substr(start, end - start), from_assistant, turn);
    start = end + 1;
  }
}

}  // namespace

std::vector<Token> tokenize_for_screening(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 4 + 8);
  Tokeniser tokeniser(tokens);
  add_text(tokeniser, text, false, 0);
  return tokens;
}

std::vector<Token> tokenize_for_screening(const Conversation& normalised_turns) {
  std::vector<Token> tokens;
  std::size_t bytes = 0;
  for (const auto& entry : normalised_turns) bytes += entry.content.size();
  tokens.reserve(bytes / 4 + 8);
  Tokeniser tokeniser(tokens);
  std::uint16_t turn = 0;
  for (const auto& entry : normalised_turns) {
    if (entry.role == Role::system) continue;
    add_text(tokeniser, entry.content, entry.role == Role::assistant, turn);
    if (turn < UINT16_MAX) ++turn;
  }
  return tokens;
}

}  // namespace lifeguard::screener
