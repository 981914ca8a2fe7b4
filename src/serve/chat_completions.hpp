// The OpenAI chat-completions wire format, as far as lifeguard serves it:
// the request fields it reads, the response and the SSE stream chunks.
// Only the shapes live here; server.cpp runs the model.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lifeguard::serve {

struct ChatCall {
  std::string model;
  std::string message;  // the one user message
  int max_tokens = 300;
  bool stream = false;
  std::vector<std::string> stop;
};

// Throws ApiError(invalid_request) naming the field at fault. The local
// model's chat template covers one user message (the nope-edge prompt);
// other conversations are refused rather than rendered differently from
// transformers. Sampling parameters are accepted and ignored: decoding is greedy.
ChatCall parse_chat_call(const nlohmann::json& body, int max_tokens_limit);

// "stop" when an end-of-turn token or a stop string ended it, "length" at max_tokens.
std::string finish_reason(const std::string& stop_reason);

nlohmann::json chat_response(const std::string& id, long long created, const std::string& model, const std::string& text,
                             const std::string& finish, std::size_t prompt_tokens, std::size_t completion_tokens);
// One "data: {...}\n\n" event of a streamed completion: the role (first), a
// piece of content, or the finish reason (last, empty delta).
std::string chat_chunk(const std::string& id, long long created, const std::string& model, const nlohmann::json& delta,
                       const std::optional<std::string>& finish);
inline constexpr const char* kStreamEnd = "data: [DONE]\n\n";

}  // namespace lifeguard::serve
