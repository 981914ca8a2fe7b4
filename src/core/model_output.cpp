// Parser for the nope-edge output format (SPEC §3); the renderer is in
// model_output_render.cpp.
//
// The parser is one forward scan over the bytes: text runs and tag-shaped
// pieces, with the reflection read raw up to its closing tag. Every step
// consumes input, so it runs in linear time and cannot loop or crash on any
// bytes. It is deliberately lenient and conservative: whatever it cannot read
// becomes a problem, and a risk element is kept wherever it appears, because
// dropping a real crisis signal is worse than reporting a malformed one.
#include "core/model_output.hpp"

#include <cstdint>
#include <optional>
#include <unordered_set>
#include <utility>

namespace lifeguard {
namespace {

constexpr std::size_t kMaxQuotedBytes = 60;
// Bounds the problem list (and so the output size) for adversarial inputs.
constexpr std::size_t kMaxProblems = 50;
// Longest entity body we look at ("#x10FFFF" and friends fit comfortably).
constexpr std::size_t kMaxEntityBody = 10;

constexpr std::string_view kSpace = " \t\n\r\f\v";

// ---------------------------------------------------------------- characters

bool is_space(char c) { return kSpace.find(c) != std::string_view::npos; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return is_ascii_letter(c) || c == '_' || c == ':'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c) || c == '-' || c == '.'; }

std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

bool is_blank(std::string_view text) { return text.find_first_not_of(kSpace) == std::string_view::npos; }

std::size_t skip_space(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_space(text[pos])) ++pos;
  return pos;
}

// Length of the well-formed UTF-8 sequence at `pos`, or 0 if it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t index) { return static_cast<unsigned char>(text[index]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  if (byte(pos + 1) < low || byte(pos + 1) > high) return 0;
  for (std::size_t index = pos + 2; index < pos + length; ++index) {
    if (byte(index) < 0x80 || byte(index) > 0xBF) return 0;
  }
  return length;
}

void append_hex_byte(std::string& out, unsigned char value) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  out += "\\x";
  out += kHex[value >> 4];
  out += kHex[value & 0x0F];
}

// Problems end up in logs and JSON, so a quote of model output is always
// short, printable and valid UTF-8: control bytes and broken UTF-8 become \xNN.
std::string quote(std::string_view text) {
  std::string out = "'";
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (out.size() > kMaxQuotedBytes) {
      out += "...";
      break;
    }
    const std::size_t length = utf8_sequence_length(text, pos);
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (length == 0 || lead < 0x20 || lead == 0x7F) {
      append_hex_byte(out, lead);
      ++pos;
      continue;
    }
    out.append(text.substr(pos, length));
    pos += length;
  }
  out += "'";
  return out;
}

void append_utf8(std::string& out, std::uint32_t code_point) {
  const auto unit = [](std::uint32_t value) { return static_cast<char>(value); };
  if (code_point < 0x80) {
    out += unit(code_point);
  } else if (code_point < 0x800) {
    out += unit(0xC0 | (code_point >> 6));
    out += unit(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += unit(0xE0 | (code_point >> 12));
    out += unit(0x80 | ((code_point >> 6) & 0x3F));
    out += unit(0x80 | (code_point & 0x3F));
  } else {
    out += unit(0xF0 | (code_point >> 18));
    out += unit(0x80 | ((code_point >> 12) & 0x3F));
    out += unit(0x80 | ((code_point >> 6) & 0x3F));
    out += unit(0x80 | (code_point & 0x3F));
  }
}

// ------------------------------------------------------------------ problems

class Problems {
 public:
  explicit Problems(std::vector<std::string>& sink) : sink_(sink) {}

  void add(std::string problem) {
    if (sink_.size() < kMaxProblems) {
      sink_.push_back(std::move(problem));
    } else {
      ++omitted_;
    }
  }

  // The end-of-output verdicts (missing tags) matter most, so they are never
  // crowded out by the per-element problems before them.
  void add_verdict(std::string problem) { verdicts_.push_back(std::move(problem)); }

  void finish() {
    if (omitted_ > 0) sink_.push_back("further problems not shown: " + std::to_string(omitted_));
    for (std::string& verdict : verdicts_) sink_.push_back(std::move(verdict));
  }

 private:
  std::vector<std::string>& sink_;
  std::vector<std::string> verdicts_;
  std::size_t omitted_ = 0;
};

// ------------------------------------------------------------------ entities

// The code point of a numeric reference body ("#65", "#x41"), if it names a
// character XML allows us to produce (not NUL, not a surrogate, in range).
std::optional<std::uint32_t> numeric_reference(std::string_view body) {
  const bool hex = body.size() > 1 && body[1] == 'x';
  const std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : digits) {
    int digit = -1;
    if (is_digit(c)) digit = c - '0';
    if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return std::nullopt;
    value = value * (hex ? 16U : 10U) + static_cast<std::uint64_t>(digit);
    if (value > 0x10FFFF) return std::nullopt;
  }
  if (value == 0 || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

std::optional<char> named_reference(std::string_view body) {
  if (body == "amp") return '&';
  if (body == "lt") return '<';
  if (body == "gt") return '>';
  if (body == "quot") return '"';
  if (body == "apos") return '\'';
  return std::nullopt;
}

// Decodes the reference starting at text[0] == '&' into `out`; returns how
// many bytes it consumed. Anything unreadable is kept literally, so no model
// text is ever lost, and reported.
std::size_t decode_reference(std::string_view text, std::string& out, std::string_view where, Problems& problems) {
  std::size_t end = 1;
  while (end < text.size() && end <= kMaxEntityBody && (is_ascii_letter(text[end]) || is_digit(text[end]) || text[end] == '#')) {
    ++end;
  }
  if (end == 1 || end >= text.size() || text[end] != ';') {
    out += '&';
    problems.add(std::string(where) + ": unescaped '&'");
    return 1;
  }
  const std::string_view body = text.substr(1, end - 1);
  const std::string_view reference = text.substr(0, end + 1);
  if (auto named = named_reference(body)) {
    out += *named;
  } else if (auto code_point = body[0] == '#' ? numeric_reference(body) : std::nullopt) {
    append_utf8(out, *code_point);
  } else {
    out.append(reference);
    problems.add(std::string(where) + ": invalid entity " + quote(reference));
  }
  return reference.size();
}

std::string decode_entities(std::string_view raw, std::string_view where, Problems& problems) {
  std::string out;
  out.reserve(raw.size());
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const std::size_t ampersand = raw.find('&', pos);
    if (ampersand == std::string_view::npos) {
      out.append(raw.substr(pos));
      break;
    }
    out.append(raw.substr(pos, ampersand - pos));
    pos = ampersand + decode_reference(raw.substr(ampersand), out, where, problems);
  }
  return out;
}

std::size_t valid_utf8_prefix(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t length = utf8_sequence_length(text, pos);
    if (length == 0) break;
    pos += length;
  }
  return pos;
}

// Parsed text ends up in JSON and terminals, which need valid UTF-8; output
// cut off mid-character (token limit) would otherwise poison every consumer.
// Each broken byte becomes U+FFFD, so the text stays readable.
std::string to_valid_utf8(std::string text, std::string_view where, Problems& problems) {
  std::size_t pos = valid_utf8_prefix(text);
  if (pos == text.size()) return text;
  problems.add(std::string(where) + ": invalid UTF-8 replaced");
  std::string repaired(text.substr(0, pos));
  while (pos < text.size()) {
    const std::size_t length = utf8_sequence_length(text, pos);
    if (length == 0) {
      repaired += "\xEF\xBF\xBD";
      ++pos;
    } else {
      repaired.append(text, pos, length);
      pos += length;
    }
  }
  return repaired;
}

std::string decode_text(std::string_view raw, std::string_view where, Problems& problems) {
  return to_valid_utf8(decode_entities(raw, where, problems), where, problems);
}

// ---------------------------------------------------------------------- tags

struct Attribute {
  std::string_view name;
  std::string_view raw_value;  // still entity-encoded
  bool has_value = false;
};

struct Tag {
  std::string_view name;
  std::vector<Attribute> attributes;
  std::string_view source;  // the tag's own text, for quoting in problems
  std::size_t end = 0;      // index just past the tag
  bool closing = false;     // </name>
  bool self_closing = false;
  bool truncated = false;   // the input ended inside the tag
  bool malformed = false;   // some of it was unreadable and skipped
};

// True when text[pos] == '<' opens something tag-shaped, rather than a '<'
// in prose ("<3", "a < b"), which stays text.
bool starts_tag(std::string_view text, std::size_t pos) {
  std::size_t next = pos + 1;
  if (next < text.size() && text[next] == '/') ++next;
  return next < text.size() && is_name_start(text[next]);
}

std::size_t find_tag_start(std::string_view text, std::size_t from) {
  for (std::size_t pos = text.find('<', from); pos != std::string_view::npos; pos = text.find('<', pos + 1)) {
    if (starts_tag(text, pos)) return pos;
  }
  return std::string_view::npos;
}

std::size_t read_name(std::string_view text, std::size_t pos, std::string_view& name) {
  const std::size_t start = pos;
  while (pos < text.size() && is_name_char(text[pos])) ++pos;
  name = text.substr(start, pos - start);
  return pos;
}

// An unquoted value (not XML, but cheap to accept) runs to whitespace or the
// end of the tag.
std::size_t unquoted_value_end(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    const char c = text[pos];
    if (is_space(c) || c == '>' || c == '<') break;
    if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '>') break;
    ++pos;
  }
  return pos;
}

// Reads one attribute starting at a name character; returns the position
// after it (always past `pos`).
std::size_t lex_attribute(std::string_view text, std::size_t pos, Tag& tag) {
  Attribute attribute;
  const std::size_t name_end = read_name(text, pos, attribute.name);
  const std::size_t equals = skip_space(text, name_end);
  if (equals >= text.size()) {
    tag.truncated = true;
    return equals;
  }
  if (text[equals] != '=') {
    tag.attributes.push_back(attribute);  // valueless, reported by the caller
    return name_end;
  }
  const std::size_t value_start = skip_space(text, equals + 1);
  if (value_start >= text.size()) {
    tag.truncated = true;
    return value_start;
  }
  const char quote_char = text[value_start];
  attribute.has_value = true;
  if (quote_char == '"' || quote_char == '\'') {
    const std::size_t close = text.find(quote_char, value_start + 1);
    if (close == std::string_view::npos) {
      tag.truncated = true;
      return text.size();
    }
    attribute.raw_value = text.substr(value_start + 1, close - value_start - 1);
    tag.attributes.push_back(attribute);
    return close + 1;
  }
  const std::size_t value_end = unquoted_value_end(text, value_start);
  attribute.raw_value = text.substr(value_start, value_end - value_start);
  tag.attributes.push_back(attribute);
  tag.malformed = true;
  return value_end;
}

// Lexes the tag at text[start] == '<' (starts_tag is true there).
Tag lex_tag(std::string_view text, std::size_t start) {
  Tag tag;
  std::size_t pos = start + 1;
  if (text[pos] == '/') {
    tag.closing = true;
    ++pos;
  }
  pos = read_name(text, pos, tag.name);
  while (true) {
    pos = skip_space(text, pos);
    if (pos >= text.size()) {
      tag.truncated = true;
      break;
    }
    const char c = text[pos];
    if (c == '>') {
      ++pos;
      break;
    }
    if (c == '<') {  // a tag never contains '<': this one was cut short
      tag.malformed = true;
      break;
    }
    if (c == '/') {
      const std::size_t after = skip_space(text, pos + 1);
      if (after < text.size() && text[after] == '>') {
        tag.self_closing = true;
        pos = after + 1;
        break;
      }
      if (after < text.size()) tag.malformed = true;  // at the end, the loop reports truncation
      pos = after;
      continue;
    }
    if (is_name_start(c)) {
      pos = lex_attribute(text, pos, tag);
      continue;
    }
    tag.malformed = true;
    ++pos;
  }
  tag.end = pos;
  tag.source = text.substr(start, pos - start);
  return tag;
}

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Finds `</name>` (whitespace allowed before '>') at or after `from`.
std::optional<Span> find_closing_tag(std::string_view text, std::string_view name, std::size_t from) {
  const std::string needle = "</" + std::string(name);
  for (std::size_t at = text.find(needle, from); at != std::string_view::npos; at = text.find(needle, at + 1)) {
    const std::size_t after = skip_space(text, at + needle.size());
    if (after < text.size() && text[after] == '>') return Span{at, after + 1};
  }
  return std::nullopt;
}

// Where an unterminated reflection most plausibly ends: at the first tag of
// the risks block, or the end of the text.
std::size_t unterminated_reflection_end(std::string_view text, std::size_t from) {
  for (std::size_t at = find_tag_start(text, from); at != std::string_view::npos; at = find_tag_start(text, at + 1)) {
    std::string_view name;
    read_name(text, at + (text[at + 1] == '/' ? 2 : 1), name);
    if (name == "risks" || name == "risk") return at;
  }
  return text.size();
}

// Output cut off inside "</reflection>" leaves a piece of it at the end.
std::string_view strip_partial_closing(std::string_view content) {
  constexpr std::string_view kClosing = "</reflection>";
  for (std::size_t length = kClosing.size() - 1; length > 0; --length) {
    if (content.size() >= length && content.substr(content.size() - length) == kClosing.substr(0, length)) {
      return content.substr(0, content.size() - length);
    }
  }
  return content;
}

// -------------------------------------------------------------------- risks

struct RiskAttributes {
  std::optional<std::string> subject;
  std::optional<std::string> type;
  std::optional<std::string> severity;
  std::optional<std::string> imminence;
  std::optional<std::string> features;

  std::optional<std::string>* slot(std::string_view name) {
    if (name == "subject") return &subject;
    if (name == "type") return &type;
    if (name == "severity") return &severity;
    if (name == "imminence") return &imminence;
    if (name == "features") return &features;
    return nullptr;
  }
};

std::vector<std::string> split_features(std::string_view list) {
  std::vector<std::string> features;
  while (true) {
    const std::size_t comma = list.find(',');
    const std::string_view item = trim(list.substr(0, comma));
    if (!item.empty()) features.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return features;
}

RiskAttributes read_risk_attributes(const Tag& tag, const std::string& label, Problems& problems) {
  RiskAttributes attributes;
  std::unordered_set<std::string_view> unknown_seen;
  for (const Attribute& attribute : tag.attributes) {
    std::optional<std::string>* slot = attributes.slot(attribute.name);
    if (slot == nullptr) {
      const bool first_time = unknown_seen.insert(attribute.name).second;
      problems.add(label + (first_time ? ": unknown attribute " : ": duplicate attribute ") + quote(attribute.name));
    } else if (!attribute.has_value) {
      problems.add(label + ": attribute " + quote(attribute.name) + " has no value");
    } else if (slot->has_value()) {
      problems.add(label + ": duplicate attribute " + quote(attribute.name) + " (first kept)");
    } else {
      *slot = decode_text(attribute.raw_value, label + " " + std::string(attribute.name), problems);
    }
  }
  return attributes;
}

// Reads one enum-valued attribute; unknown values are reported, never guessed.
template <typename Enum, typename ParseFn>
std::optional<Enum> read_enum(const std::optional<std::string>& value, std::string_view what, ParseFn parse,
                              const std::string& label, bool required, Problems& problems) {
  if (!value) {
    if (required) problems.add(label + ": missing " + std::string(what));
    return std::nullopt;
  }
  auto parsed = parse(*value);
  if (!parsed) problems.add(label + ": unknown " + std::string(what) + " " + quote(*value));
  return parsed;
}

std::optional<Risk> build_risk(const Tag& tag, const std::string& label, Problems& problems) {
  const RiskAttributes attributes = read_risk_attributes(tag, label, problems);
  if (!attributes.type) {
    problems.add(label + ": missing type (risk dropped)");
    return std::nullopt;
  }
  const std::optional<RiskType> type = parse_risk_type(*attributes.type);
  if (!type) {
    problems.add(label + ": unknown type " + quote(*attributes.type) + " (risk dropped)");
    return std::nullopt;
  }
  Risk risk;
  risk.type = *type;
  risk.subject = read_enum<Subject>(attributes.subject, "subject", parse_subject, label, true, problems)
                     .value_or(Subject::unknown);
  risk.severity = read_enum<Severity>(attributes.severity, "severity", parse_severity, label, true, problems);
  risk.imminence = read_enum<Imminence>(attributes.imminence, "imminence", parse_imminence, label, false, problems);
  if (attributes.features) risk.features = split_features(*attributes.features);
  return risk;
}

// -------------------------------------------------------------------- parser

class Parser {
 public:
  Parser(std::string_view text, ModelOutputParse& result) : text_(text), result_(result), problems_(result.problems) {}

  void run() {
    skip_leading_think_block();
    while (pos_ < text_.size()) {
      const std::size_t tag_start = find_tag_start(text_, pos_);
      handle_text(text_.substr(pos_, tag_start == std::string_view::npos ? std::string_view::npos : tag_start - pos_));
      if (tag_start == std::string_view::npos) break;
      const Tag tag = lex_tag(text_, tag_start);
      pos_ = tag.end;
      handle_tag(tag);
    }
    finish();
  }

 private:
  enum class RisksBlock { not_seen, open, closed };

  // Qwen3 chat models may emit an empty <think></think> before answering;
  // that is format, not stray text. A non-empty one is worth reporting.
  void skip_leading_think_block() {
    const std::size_t start = skip_space(text_, 0);
    constexpr std::string_view kOpen = "<think>";
    if (text_.substr(start, kOpen.size()) != kOpen) return;
    const std::size_t content_start = start + kOpen.size();
    const std::optional<Span> closing = find_closing_tag(text_, "think", content_start);
    if (!closing) {
      // Read on: an answer after a runaway think block must not be lost.
      problems_.add("unterminated <think> block");
      pos_ = content_start;
      return;
    }
    if (!is_blank(text_.substr(content_start, closing->begin - content_start))) {
      problems_.add("unexpected <think> block before <reflection>");
    }
    pos_ = closing->end;
  }

  void handle_text(std::string_view text) {
    if (is_blank(text)) return;
    const std::string quoted = quote(trim(text));
    if (risk_open_) {
      problems_.add(risk_label() + ": text inside <risk>: " + quoted);
    } else if (risks_ == RisksBlock::closed) {
      problems_.add("text after " + std::string(saw_empty_risks_ ? "<risks/>" : "</risks>") + ": " + quoted);
    } else if (!reflection_found_ && risks_ == RisksBlock::not_seen) {
      problems_.add("text before <reflection>: " + quoted);
    } else {
      problems_.add("stray text: " + quoted);
    }
  }

  void handle_tag(const Tag& tag) {
    if (risk_open_ && !(tag.closing && tag.name == "risk")) {
      problems_.add(risk_label() + ": missing </risk>");
      risk_open_ = false;
    }
    if (tag.name == "risk") return handle_risk(tag);
    if (tag.truncated) return problems_.add("truncated tag " + quote(tag.source) + " (output truncated?)");
    if (tag.name != "reflection" && tag.name != "risks") return problems_.add("unexpected tag " + quote(tag.source));
    if (tag.malformed) problems_.add("malformed tag " + quote(tag.source));
    if (!tag.attributes.empty()) problems_.add("unexpected attributes in " + quote(tag.source));
    if (tag.name == "reflection") return handle_reflection(tag);
    handle_risks(tag);
  }

  void handle_reflection(const Tag& tag) {
    if (tag.closing) return problems_.add("unexpected </reflection>");
    const bool first = !reflection_found_;
    if (!first) problems_.add("extra <reflection> ignored (only the first is used)");
    if (first && risks_ != RisksBlock::not_seen) problems_.add("<reflection> after <risks>");
    if (tag.self_closing) {
      if (first) reflection_found_ = reflection_closed_ = true;
      return;
    }
    std::string_view raw;
    bool closed = false;
    if (const std::optional<Span> closing = find_reflection_close()) {
      raw = text_.substr(pos_, closing->begin - pos_);
      pos_ = closing->end;
      closed = true;
    } else {
      const std::size_t end = unterminated_reflection_end(text_, pos_);
      raw = strip_partial_closing(text_.substr(pos_, end - pos_));
      pos_ = end;
      problems_.add("unterminated <reflection> (output truncated?)");
    }
    if (!first) return;
    reflection_found_ = true;
    reflection_closed_ = closed;
    result_.assessment.reflection = std::string(trim(decode_text(raw, "reflection", problems_)));
  }

  // A failed search covers everything after pos_, so it is never repeated:
  // many unclosed <reflection> tags would otherwise make the scan quadratic.
  std::optional<Span> find_reflection_close() {
    if (pos_ >= no_reflection_close_from_) return std::nullopt;
    std::optional<Span> closing = find_closing_tag(text_, "reflection", pos_);
    if (!closing) no_reflection_close_from_ = pos_;
    return closing;
  }

  void handle_risks(const Tag& tag) {
    if (tag.closing) {
      if (risks_ == RisksBlock::open) {
        risks_ = RisksBlock::closed;
      } else {
        problems_.add("unexpected </risks>");
      }
      return;
    }
    if (risks_ == RisksBlock::open) return problems_.add("nested <risks> ignored");
    if (risks_ == RisksBlock::closed) problems_.add("extra <risks> block");
    if (tag.self_closing) {
      saw_empty_risks_ = true;
      risks_ = RisksBlock::closed;
    } else {
      risks_ = RisksBlock::open;
    }
  }

  void handle_risk(const Tag& tag) {
    if (tag.closing) {
      if (risk_open_) {
        risk_open_ = false;
      } else {
        problems_.add("unexpected </risk>");
      }
      return;
    }
    ++risk_count_;
    const std::string label = risk_label();
    if (risks_ != RisksBlock::open) problems_.add(label + ": outside <risks> (kept)");
    if (tag.truncated) problems_.add(label + ": truncated <risk> tag (output truncated?)");
    if (tag.malformed) problems_.add(label + ": malformed tag " + quote(tag.source));
    if (std::optional<Risk> risk = build_risk(tag, label, problems_)) {
      result_.assessment.risks.push_back(std::move(*risk));
    }
    risk_open_ = !tag.self_closing && !tag.truncated;
  }

  void finish() {
    if (risk_open_) problems_.add_verdict(risk_label() + ": missing </risk>");
    if (!reflection_found_) problems_.add_verdict("missing <reflection>");
    if (risks_ == RisksBlock::not_seen) problems_.add_verdict("missing <risks>");
    if (risks_ == RisksBlock::open) problems_.add_verdict("missing </risks> (output truncated?)");
    if (saw_empty_risks_ && risk_count_ > 0) {
      problems_.add_verdict("<risks/> together with <risk> elements (risks kept)");
    }
    result_.complete = reflection_found_ && reflection_closed_ && risks_ == RisksBlock::closed;
    problems_.finish();
  }

  std::string risk_label() const { return "risk " + std::to_string(risk_count_); }

  std::string_view text_;
  std::size_t pos_ = 0;
  ModelOutputParse& result_;
  Problems problems_;
  bool reflection_found_ = false;
  bool reflection_closed_ = false;
  RisksBlock risks_ = RisksBlock::not_seen;
  bool saw_empty_risks_ = false;
  bool risk_open_ = false;  // inside <risk ...> awaiting </risk>
  std::size_t no_reflection_close_from_ = std::string_view::npos;
  int risk_count_ = 0;      // risk elements seen, kept or dropped
};

}  // namespace

ModelOutputParse parse_model_output(std::string_view text) {
  ModelOutputParse result;
  // Only allocation can throw here; a caller with no memory left gets an
  // incomplete parse that still says what went wrong, never an exception.
  try {
    Parser(text, result).run();
  } catch (...) {
    result.complete = false;
    try {
      result.problems.emplace_back("parser ran out of memory");
    } catch (...) {  // nothing more can be said without memory
    }
  }
  return result;
}

}  // namespace lifeguard
