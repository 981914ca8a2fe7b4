// Test helper: checks JSON values against the schemas of an OpenAPI 3.0
// document (docs/openapi.json), so tests can hold the real server to the
// published contract. It covers the subset of the Schema Object the
// document uses: type (with nullable), enum, required, properties,
// additionalProperties, items, min/max items, length and value, pattern,
// allOf, anyOf, oneOf (at least one alternative matches) and local $refs
// ("#/components/..."). Unknown keywords are ignored, as OpenAPI allows.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace lifeguard::test_support {

// The problems of `value` against `schema`, each "path: problem" with the
// path written from "$" (e.g. "$.risks[0].type: 'x' is not one of ...");
// empty when it conforms. `document` resolves $refs; an unresolvable $ref
// is reported as a problem, not thrown.
std::vector<std::string> schema_problems(const nlohmann::json& document, const nlohmann::json& schema,
                                         const nlohmann::json& value);

// The object a local reference ("#/components/schemas/Risk") points to;
// `node` itself when it is not a {"$ref": ...}. Throws std::runtime_error
// naming the reference when it does not resolve.
const nlohmann::json& resolve_ref(const nlohmann::json& document, const nlohmann::json& node);

// The Media Type Object ({"schema": ..., ...}) of the response the document
// gives for `method` on `path` with HTTP `status` and the `content_type`
// a server sent (parameters such as "; charset=utf-8" are ignored). The
// status falls back to its range ("4XX") and then to "default". Throws
// std::runtime_error saying which of path, method, status or content type
// the document lacks.
const nlohmann::json& find_response_media(const nlohmann::json& document, std::string_view path, std::string_view method,
                                          int status, std::string_view content_type);

// find_response_media(...)["schema"].
const nlohmann::json& find_response_schema(const nlohmann::json& document, std::string_view path, std::string_view method,
                                           int status, std::string_view content_type);

}  // namespace lifeguard::test_support
