// Chat-completions wire format (see chat_completions.hpp).
#include "serve/chat_completions.hpp"

#include "serve/api_error.hpp"

namespace lifeguard::serve {

using nlohmann::json;

ChatCall parse_chat_call(const json& body, int max_tokens_limit) {
  ChatCall call;
  if (body.contains("model")) {
    if (!body["model"].is_string()) throw ApiError(ErrorCode::invalid_request, "\"model\" must be a string");
    call.model = body["model"].get<std::string>();
  }
  if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty()) {
    throw ApiError(ErrorCode::invalid_request, "\"messages\" must be a non-empty array");
  }
  const json& messages = body["messages"];
  if (messages.size() != 1 || !messages[0].is_object() || messages[0].value("role", "") != "user") {
    throw ApiError(ErrorCode::invalid_request,
                   "the local model takes one user message (the nope-edge prompt: serialise a conversation into it, "
                   "as SPEC section 3 does)");
  }
  const json& content = messages[0].contains("content") ? messages[0]["content"] : json();
  if (content.is_string()) {
    call.message = content.get<std::string>();
  } else if (content.is_array()) {  // [{"type": "text", "text": ...}, ...]
    for (const json& part : content) {
      if (!part.is_object() || part.value("type", "") != "text" || !part.contains("text") || !part["text"].is_string()) {
        throw ApiError(ErrorCode::invalid_request, "messages[0].content: only text parts are supported");
      }
      call.message += part["text"].get<std::string>();
    }
  } else {
    throw ApiError(ErrorCode::invalid_request, "messages[0].content must be a string or an array of text parts");
  }
  for (const char* field : {"max_tokens", "max_completion_tokens"}) {
    if (!body.contains(field) || body[field].is_null()) continue;
    if (!body[field].is_number_integer() || body[field].get<long long>() < 1 || body[field].get<long long>() > max_tokens_limit) {
      throw ApiError(ErrorCode::invalid_request,
                     std::string("\"") + field + "\" must be an integer from 1 to " + std::to_string(max_tokens_limit));
    }
    call.max_tokens = body[field].get<int>();
  }
  if (body.contains("stream") && !body["stream"].is_null()) {
    if (!body["stream"].is_boolean()) throw ApiError(ErrorCode::invalid_request, "\"stream\" must be true or false");
    call.stream = body["stream"].get<bool>();
  }
  if (body.contains("stop") && !body["stop"].is_null()) {
    const json& stop = body["stop"];
    if (stop.is_string()) {
      if (stop.get_ref<const std::string&>().empty()) throw ApiError(ErrorCode::invalid_request, "\"stop\" must not be empty");
      call.stop.push_back(stop.get<std::string>());
    } else if (stop.is_array() && stop.size() <= 4) {
      for (const json& s : stop) {
        if (!s.is_string() || s.get_ref<const std::string&>().empty()) {
          throw ApiError(ErrorCode::invalid_request, "\"stop\" must hold non-empty strings");
        }
        call.stop.push_back(s.get<std::string>());
      }
    } else {
      throw ApiError(ErrorCode::invalid_request, "\"stop\" must be a string or up to 4 strings");
    }
  }
  if (body.contains("n") && !(body["n"].is_number_integer() && body["n"].get<long long>() == 1)) {
    throw ApiError(ErrorCode::invalid_request, "\"n\" must be 1");
  }
  return call;
}

std::string finish_reason(const std::string& stop_reason) { return stop_reason == "max_new_tokens" ? "length" : "stop"; }

json chat_response(const std::string& id, long long created, const std::string& model, const std::string& text,
                   const std::string& finish, std::size_t prompt_tokens, std::size_t completion_tokens) {
  return {{"id", id},
          {"object", "chat.completion"},
          {"created", created},
          {"model", model},
          {"choices", json::array({{{"index", 0},
                                    {"message", {{"role", "assistant"}, {"content", text}}},
                                    {"finish_reason", finish},
                                    {"logprobs", nullptr}}})},
          {"usage",
           {{"prompt_tokens", prompt_tokens},
            {"completion_tokens", completion_tokens},
            {"total_tokens", prompt_tokens + completion_tokens}}}};
}

std::string chat_chunk(const std::string& id, long long created, const std::string& model, const json& delta,
                       const std::optional<std::string>& finish) {
  const json chunk = {{"id", id},
                      {"object", "chat.completion.chunk"},
                      {"created", created},
                      {"model", model},
                      {"choices", json::array({{{"index", 0},
                                                {"delta", delta},
                                                {"finish_reason", finish ? json(*finish) : json(nullptr)},
                                                {"logprobs", nullptr}}})}};
  return "data: " + chunk.dump() + "\n\n";
}

}  // namespace lifeguard::serve
