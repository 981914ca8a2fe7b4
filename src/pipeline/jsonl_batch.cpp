// JSONL batch lines (see jsonl_batch.hpp).
#include "pipeline/jsonl_batch.hpp"

#include <string>

#include "core/assessment_json.hpp"

namespace lifeguard {

nlohmann::json classify_jsonl_line(const Backend& backend, std::string_view line, std::size_t line_number,
                                   const InputLimits& limits) {
  const std::string where = "line " + std::to_string(line_number) + ": ";
  nlohmann::json request;
  try {
    request = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& error) {
    // The library's own message quotes the input: say only where it broke.
    return {{"id", nullptr}, {"line", line_number},
            {"error", where + "not valid JSON (error near byte " + std::to_string(error.byte) + ")"}};
  } catch (const nlohmann::json::exception&) {  // e.g. a number too large to represent
    return {{"id", nullptr}, {"line", line_number}, {"error", where + "not valid JSON (a value is out of range)"}};
  }
  nlohmann::json id = request.is_object() && request.contains("id") ? request["id"] : nlohmann::json(nullptr);
  auto fail = [&](const std::string& message) {
    return nlohmann::json{{"id", id}, {"line", line_number}, {"error", where + message}};
  };
  if (!request.is_object()) return fail("expected a JSON object with \"text\" or \"conversation\"");
  const bool has_text = request.contains("text");
  const bool has_conversation = request.contains("conversation");
  if (has_text == has_conversation) return fail("expected exactly one of \"text\" or \"conversation\"");
  try {
    PreparedInput input;
    if (has_text) {
      if (!request["text"].is_string()) return fail("\"text\" must be a string");
      input = prepare_text(request["text"].get<std::string>(), limits);
    } else {
      input = prepare_conversation(conversation_from_json(request["conversation"]), limits);
    }
    return {{"id", id}, {"assessment", to_json(backend.assess(input).assessment)}};
  } catch (const std::invalid_argument& error) {  // InputError and conversation errors
    return fail(error.what());
  } catch (const std::runtime_error& error) {  // the backend could not answer (model output unreadable, server down)
    return fail(error.what());
  }
}

}  // namespace lifeguard
