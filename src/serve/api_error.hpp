// Errors of the HTTP API: a stable machine-readable code, the HTTP status
// that goes with it, and a message that never quotes the caller's text.
//   {"error": {"code": "invalid_request", "message": "..."}}
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace lifeguard::serve {

enum class ErrorCode {
  invalid_json,         // 400: the body is not JSON
  invalid_utf8,         // 400: the body is not UTF-8
  invalid_request,      // 400: JSON, but not the shape the endpoint takes
  unauthorized,         // 401: missing or unknown API key
  not_found,            // 404
  method_not_allowed,   // 405
  length_required,      // 411: a body without Content-Length (chunked bodies are not accepted)
  body_too_large,       // 413
  rate_limited,         // 429
  internal,             // 500
  backend_unavailable,  // 502: the model or remote server failed
  model_not_loaded,     // 503: an endpoint that needs a model, none loaded
  shutting_down,        // 503
  overloaded,           // 503: too many requests already wait for the model
  timeout,              // 504: keep last (tests iterate up to it)
};

int http_status(ErrorCode code);
std::string_view to_string(ErrorCode code);
nlohmann::json error_body(ErrorCode code, const std::string& message);

// Thrown by request handlers; the server turns it into the JSON error.
class ApiError : public std::runtime_error {
 public:
  ApiError(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace lifeguard::serve
