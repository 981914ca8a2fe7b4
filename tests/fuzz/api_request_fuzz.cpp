// libFuzzer target: arbitrary bytes as the body of /v1/screen, /v1/evaluate
// and /v1/chat/completions. Reading a body either succeeds or throws
// ApiError with a message that does not quote the body; nothing else.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "serve/api_error.hpp"
#include "serve/api_request.hpp"
#include "serve/chat_completions.hpp"

namespace {

// A refusal must not echo what was sent: the seeds carry a marker word in
// their message text, which no error may repeat, and errors stay short
// whatever the body's size. The one quotation allowed is an unknown role
// name (protocol vocabulary, at most 20 printable characters: text/conversation.hpp).
void check_message(const lifeguard::serve::ApiError& error, std::string_view) {
  const std::string message = error.what();
  if (message.size() > 200) std::abort();
  if (message.find("SECRETMARKER") != std::string::npos && message.find(": unknown role '") == std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lifeguard::serve;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  nlohmann::json parsed;
  try {
    parsed = parse_json_body(body);
  } catch (const ApiError& error) {
    check_message(error, body);
    return 0;
  }
  try {
    auto request = parse_screen_request(parsed, 16 * 1024);
    if (request.input.text.empty()) std::abort();  // empty input is refused, never assessed
    (void)parse_judges(parsed, 5);
  } catch (const ApiError& error) {
    check_message(error, body);
  }
  try {
    auto call = parse_chat_call(parsed, 300);
    if (call.max_tokens < 1 || call.max_tokens > 300) std::abort();
  } catch (const ApiError& error) {
    check_message(error, body);
  }
  return 0;
}
