// API errors (see api_error.hpp).
#include "serve/api_error.hpp"

namespace lifeguard::serve {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_json:
    case ErrorCode::invalid_utf8:
    case ErrorCode::invalid_request: return 400;
    case ErrorCode::unauthorized: return 401;
    case ErrorCode::not_found: return 404;
    case ErrorCode::method_not_allowed: return 405;
    case ErrorCode::length_required: return 411;
    case ErrorCode::body_too_large: return 413;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::internal: return 500;
    case ErrorCode::backend_unavailable: return 502;
    case ErrorCode::model_not_loaded:
    case ErrorCode::shutting_down:
    case ErrorCode::overloaded: return 503;
    case ErrorCode::timeout: return 504;
  }
  return 500;
}

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_json: return "invalid_json";
    case ErrorCode::invalid_utf8: return "invalid_utf8";
    case ErrorCode::invalid_request: return "invalid_request";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::method_not_allowed: return "method_not_allowed";
    case ErrorCode::length_required: return "length_required";
    case ErrorCode::body_too_large: return "body_too_large";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::internal: return "internal";
    case ErrorCode::backend_unavailable: return "backend_unavailable";
    case ErrorCode::model_not_loaded: return "model_not_loaded";
    case ErrorCode::shutting_down: return "shutting_down";
    case ErrorCode::overloaded: return "overloaded";
    case ErrorCode::timeout: return "timeout";
  }
  return "internal";
}

nlohmann::json error_body(ErrorCode code, const std::string& message) {
  return {{"error", {{"code", std::string(to_string(code))}, {"message", message}}}};
}

}  // namespace lifeguard::serve
