// API request bodies (see api_request.hpp).
#include "serve/api_request.hpp"

#include "serve/api_error.hpp"
#include "text/conversation.hpp"
#include "text/utf8.hpp"

namespace lifeguard::serve {

using nlohmann::json;

namespace {

bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

}  // namespace

json parse_json_body(std::string_view text) {
  if (auto error = validate_utf8(text)) {
    throw ApiError(ErrorCode::invalid_utf8, "the request body is not valid UTF-8 (byte " + std::to_string(error->byte_offset) + ")");
  }
  json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) throw ApiError(ErrorCode::invalid_json, "the request body is not valid JSON");
  if (!body.is_object()) throw ApiError(ErrorCode::invalid_request, "the request body must be a JSON object");
  return body;
}

ScreenRequest parse_screen_request(const json& body, std::size_t max_text_bytes) {
  ScreenRequest request;
  const InputLimits limits{max_text_bytes};
  const bool has_text = body.contains("text"), has_messages = body.contains("messages");
  if (has_text == has_messages) throw ApiError(ErrorCode::invalid_request, "send either \"text\" or \"messages\"");
  try {
    if (has_text) {
      if (!body["text"].is_string()) throw ApiError(ErrorCode::invalid_request, "\"text\" must be a string");
      request.input = prepare_text(body["text"].get_ref<const std::string&>(), limits);
    } else {
      if (!body["messages"].is_array()) throw ApiError(ErrorCode::invalid_request, "\"messages\" must be an array of {role, content}");
      request.input = prepare_conversation(conversation_from_json(body["messages"]), limits);
    }
  } catch (const InputError& error) {
    throw ApiError(ErrorCode::invalid_request, error.what());
  } catch (const std::invalid_argument& error) {  // conversation shape; never quotes content
    throw ApiError(ErrorCode::invalid_request, std::string("messages: ") + error.what());
  }
  if (body.contains("country")) {
    const json& country = body["country"];
    const bool ok = country.is_string() && country.get_ref<const std::string&>().size() == 2 &&
                    is_ascii_letter(country.get_ref<const std::string&>()[0]) &&
                    is_ascii_letter(country.get_ref<const std::string&>()[1]);
    if (!ok) throw ApiError(ErrorCode::invalid_request, "\"country\" must be an ISO 3166-1 alpha-2 code such as \"GB\"");
    request.country = country.get<std::string>();
  }
  if (body.contains("locale")) {
    if (!body["locale"].is_string() || body["locale"].get_ref<const std::string&>().size() > 35) {
      throw ApiError(ErrorCode::invalid_request, "\"locale\" must be a BCP 47 tag such as \"en-GB\"");
    }
    request.locale = body["locale"].get<std::string>();
  }
  return request;
}

std::size_t parse_judges(const json& body, std::size_t max_judges) {
  if (!body.contains("judges")) return 1;
  const json& judges = body["judges"];
  if (!judges.is_number_integer() || judges.get<long long>() < 1 || judges.get<long long>() > static_cast<long long>(max_judges)) {
    throw ApiError(ErrorCode::invalid_request, "\"judges\" must be an integer from 1 to " + std::to_string(max_judges));
  }
  return judges.get<std::size_t>();
}

}  // namespace lifeguard::serve
