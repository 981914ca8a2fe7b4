// OpenAPI schema checks for tests (see openapi_check.hpp).
#include "support/openapi_check.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>
#include <stdexcept>

namespace lifeguard::test_support {
namespace {

using nlohmann::json;

// A $ref chain deeper than this is a cycle that never reaches the value.
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxQuotedBytes = 60;

std::string quote(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > kMaxQuotedBytes) {
    std::size_t cut = kMaxQuotedBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole characters only
    text = text.substr(0, cut) + "...";
  }
  return text;
}

// "integer" admits 3 and 3.0 (JSON Schema counts numbers by value).
bool has_type(const json& value, const std::string& type) {
  if (type == "string") return value.is_string();
  if (type == "integer") {
    if (value.is_number_integer()) return true;
    return value.is_number_float() && std::isfinite(value.get<double>()) &&
           std::trunc(value.get<double>()) == value.get<double>();
  }
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  return true;  // unknown type names are the document's problem, not the value's
}

std::size_t code_points(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

class Checker {
 public:
  explicit Checker(const json& document) : document_(document) {}

  void check(const json& schema, const json& value, const std::string& path, int depth) {
    if (depth > kMaxDepth) return fail(path, "schema $refs nest deeper than " + std::to_string(kMaxDepth) + " (a cycle?)");
    if (!schema.is_object()) return;  // `true`-like or malformed: nothing to hold the value to
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
      // OpenAPI 3.0: siblings of $ref are ignored.
      const json* target = lookup(*ref);
      if (target == nullptr) return fail(path, "unresolvable $ref " + quote(*ref));
      return check(*target, value, path, depth + 1);
    }
    if (value.is_null() && schema.value("nullable", false)) return;
    if (auto type = schema.find("type"); type != schema.end() && type->is_string() && !has_type(value, *type)) {
      return fail(path, "expected " + type->get<std::string>() + ", got " + value.type_name());
    }
    check_enum(schema, value, path);
    check_bounds(schema, value, path);
    if (value.is_object()) check_object(schema, value, path, depth);
    if (value.is_array()) check_array(schema, value, path, depth);
    check_combinations(schema, value, path, depth);
  }

  std::vector<std::string> take() { return std::move(problems_); }

 private:
  void fail(const std::string& path, const std::string& problem) { problems_.push_back(path + ": " + problem); }

  const json* lookup(const json& ref) const {
    if (!ref.is_string()) return nullptr;
    const std::string& text = ref.get_ref<const std::string&>();
    if (text.rfind("#/", 0) != 0) return nullptr;  // only local references
    try {
      const json::json_pointer pointer(text.substr(1));
      return document_.contains(pointer) ? &document_.at(pointer) : nullptr;
    } catch (const json::exception&) {
      return nullptr;
    }
  }

  void check_enum(const json& schema, const json& value, const std::string& path) {
    auto allowed = schema.find("enum");
    if (allowed == schema.end() || !allowed->is_array()) return;
    if (std::find(allowed->begin(), allowed->end(), value) == allowed->end()) {
      fail(path, quote(value) + " is not one of " + quote(*allowed));
    }
  }

  void check_bounds(const json& schema, const json& value, const std::string& path) {
    auto bound = [&](const char* key) -> const json* {
      auto found = schema.find(key);
      return found != schema.end() && found->is_number() ? &*found : nullptr;
    };
    if (value.is_number()) {
      const double number = value.get<double>();
      if (const json* low = bound("minimum"); low && number < low->get<double>())
        fail(path, quote(value) + " is below the minimum " + quote(*low));
      if (const json* high = bound("maximum"); high && number > high->get<double>())
        fail(path, quote(value) + " is above the maximum " + quote(*high));
    }
    if (value.is_string()) {
      const std::size_t length = code_points(value.get_ref<const std::string&>());
      if (const json* low = bound("minLength"); low && length < low->get<std::size_t>())
        fail(path, "shorter than minLength " + quote(*low));
      if (const json* high = bound("maxLength"); high && length > high->get<std::size_t>())
        fail(path, "longer than maxLength " + quote(*high));
      if (auto pattern = schema.find("pattern");
          pattern != schema.end() && pattern->is_string() &&
          !std::regex_search(value.get_ref<const std::string&>(), std::regex(pattern->get<std::string>()))) {
        fail(path, quote(value) + " does not match the pattern " + quote(*pattern));
      }
    }
    if (value.is_array()) {
      if (const json* low = bound("minItems"); low && value.size() < low->get<std::size_t>())
        fail(path, "fewer items than minItems " + quote(*low));
      if (const json* high = bound("maxItems"); high && value.size() > high->get<std::size_t>())
        fail(path, "more items than maxItems " + quote(*high));
    }
  }

  void check_object(const json& schema, const json& value, const std::string& path, int depth) {
    if (auto required = schema.find("required"); required != schema.end() && required->is_array()) {
      for (const json& name : *required) {
        if (name.is_string() && !value.contains(name.get<std::string>())) fail(path, "missing required property " + quote(name));
      }
    }
    const auto properties = schema.find("properties");
    const auto additional = schema.find("additionalProperties");
    for (const auto& [name, item] : value.items()) {
      const std::string where = path + "." + name;
      if (properties != schema.end() && properties->is_object() && properties->contains(name)) {
        check((*properties)[name], item, where, depth + 1);
      } else if (additional != schema.end() && additional->is_boolean() && !additional->get<bool>()) {
        fail(where, "not allowed (additionalProperties: false)");
      } else if (additional != schema.end() && additional->is_object()) {
        check(*additional, item, where, depth + 1);
      }
    }
  }

  void check_array(const json& schema, const json& value, const std::string& path, int depth) {
    auto items = schema.find("items");
    if (items == schema.end()) return;
    for (std::size_t index = 0; index < value.size(); ++index) {
      check(*items, value[index], path + "[" + std::to_string(index) + "]", depth + 1);
    }
  }

  // allOf: every part; anyOf and oneOf: at least one alternative, and when
  // none fits, each alternative's first problem says why.
  void check_combinations(const json& schema, const json& value, const std::string& path, int depth) {
    if (auto all = schema.find("allOf"); all != schema.end() && all->is_array()) {
      for (const json& part : *all) check(part, value, path, depth + 1);
    }
    for (const char* keyword : {"anyOf", "oneOf"}) {
      auto alternatives = schema.find(keyword);
      if (alternatives == schema.end() || !alternatives->is_array()) continue;
      std::string why;
      bool matched = false;
      for (std::size_t index = 0; index < alternatives->size() && !matched; ++index) {
        Checker alternative(document_);
        alternative.check((*alternatives)[index], value, path, depth + 1);
        const std::vector<std::string> found = alternative.take();
        matched = found.empty();
        if (!matched) why += (why.empty() ? "" : "; ") + std::string("[") + std::to_string(index) + "] " + found.front();
      }
      if (!matched) fail(path, std::string("matches none of the ") + keyword + " alternatives (" + why + ")");
    }
  }

  const json& document_;
  std::vector<std::string> problems_;
};

std::string media_type_of(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  type.erase(0, type.find_first_not_of(" \t"));
  type.erase(type.find_last_not_of(" \t") + 1);
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

const json& member(const json& object, const std::string& key, const std::string& what) {
  if (!object.is_object() || !object.contains(key)) throw std::runtime_error("the OpenAPI document has no " + what);
  return object.at(key);
}

}  // namespace

std::vector<std::string> schema_problems(const json& document, const json& schema, const json& value) {
  Checker checker(document);
  checker.check(schema, value, "$", 0);
  return checker.take();
}

const json& resolve_ref(const json& document, const json& node) {
  if (!node.is_object() || !node.contains("$ref")) return node;
  const json& ref = node.at("$ref");
  const std::string text = ref.is_string() ? ref.get<std::string>() : ref.dump();
  if (text.rfind("#/", 0) == 0) {
    const json::json_pointer pointer(text.substr(1));
    if (document.contains(pointer)) return resolve_ref(document, document.at(pointer));
  }
  throw std::runtime_error("the OpenAPI document's $ref " + text + " does not resolve");
}

const json& find_response_media(const json& document, std::string_view path, std::string_view method, int status,
                                std::string_view content_type) {
  std::string verb(method);
  std::transform(verb.begin(), verb.end(), verb.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string where = std::string(path) + " " + verb;
  const json& operation = member(member(member(document, "paths", "paths"), std::string(path), "path " + std::string(path)), verb,
                                 "operation " + where);
  const json& responses = member(operation, "responses", "responses for " + where);
  const std::string code = std::to_string(status);
  const std::string range = code.substr(0, 1) + "XX";
  const std::string chosen = responses.contains(code) ? code : responses.contains(range) ? range : "default";
  const json& response = resolve_ref(document, member(responses, chosen, "response " + code + " for " + where));
  const json& content = member(response, "content", "content for " + where + " " + code);
  const std::string type = media_type_of(content_type);
  for (const std::string& key : {type, type.substr(0, type.find('/')) + "/*", std::string("*/*")}) {
    if (content.contains(key)) return content.at(key);
  }
  throw std::runtime_error("the OpenAPI document has no " + type + " content for " + where + " " + code);
}

const json& find_response_schema(const json& document, std::string_view path, std::string_view method, int status,
                                 std::string_view content_type) {
  return member(find_response_media(document, path, method, status, content_type), "schema",
                "schema for " + std::string(path) + " " + std::to_string(status) + " " + std::string(content_type));
}

}  // namespace lifeguard::test_support
