// Multi-turn input: reading it from JSON and serialising it into the one user
// message the model reads (SPEC §3). Error messages name the turn and field but
// never quote content: they may be logged, and content is sensitive.
#include "text/conversation.hpp"

#include <stdexcept>

#include "text/normalize.hpp"
#include "text/utf8.hpp"

namespace lifeguard {
namespace {

constexpr std::size_t kMaxQuotedRoleLength = 20;

[[noreturn]] void fail_turn(std::size_t index, const std::string& problem) {
  throw std::invalid_argument("turn " + std::to_string(index + 1) + ": " + problem);
}

// A role name is not content, but it is still untrusted input headed for logs:
// quoted only short, printable ASCII, anything else shown as '?'.
std::string quote_role(const std::string& name) {
  std::string quoted = "'";
  for (std::size_t i = 0; i < name.size() && i < kMaxQuotedRoleLength; ++i) {
    const auto byte = static_cast<unsigned char>(name[i]);
    quoted.push_back(byte >= 0x20 && byte < 0x7F ? static_cast<char>(byte) : '?');
  }
  if (name.size() > kMaxQuotedRoleLength) quoted += "...";
  return quoted + "'";
}

// validate_utf8's message reads "invalid UTF-8 at byte N: <kind>"; the turn
// error wants only the kind beside its own wording.
std::string utf8_problem_kind(const Utf8Error& error) {
  const auto separator = error.message.find(": ");
  return separator == std::string::npos ? error.message : error.message.substr(separator + 2);
}

const std::string& string_field(const nlohmann::json& turn, std::size_t index, const char* field) {
  const auto found = turn.find(field);
  if (found == turn.end() || found->is_null()) fail_turn(index, std::string("missing string field '") + field + "'");
  if (!found->is_string()) {
    fail_turn(index, std::string("field '") + field + "' must be a string, not " + found->type_name());
  }
  return found->get_ref<const std::string&>();
}

Turn read_turn(const nlohmann::json& value, std::size_t index) {
  if (!value.is_object()) {
    fail_turn(index, std::string("must be an object with string fields 'role' and 'content', not ") +
                         value.type_name());
  }
  const std::string& role_name = string_field(value, index, "role");
  const auto role = parse_role(role_name);
  if (!role) fail_turn(index, "unknown role " + quote_role(role_name) + " (expected user, assistant or system)");

  const std::string& content = string_field(value, index, "content");
  if (auto error = validate_utf8(content)) {
    fail_turn(index, "content is not valid UTF-8 (byte " + std::to_string(error->byte_offset) + ": " +
                         utf8_problem_kind(*error) + ")");
  }
  return Turn{*role, content};
}

const char* speaker_label(Role role) { return role == Role::assistant ? "Assistant: " : "User: "; }

}  // namespace

std::string_view to_string(Role role) {
  switch (role) {
    case Role::user: return "user";
    case Role::assistant: return "assistant";
    case Role::system: return "system";
  }
  return "user";
}

std::optional<Role> parse_role(std::string_view name) {
  if (name == "user") return Role::user;
  if (name == "assistant") return Role::assistant;
  if (name == "system") return Role::system;
  return std::nullopt;
}

Conversation conversation_from_json(const nlohmann::json& turns) {
  if (!turns.is_array()) {
    throw std::invalid_argument(std::string("conversation must be a JSON array of {\"role\", \"content\"} objects, not ") +
                                turns.type_name());
  }
  if (turns.empty()) throw std::invalid_argument("conversation is empty");
  Conversation conversation;
  conversation.reserve(turns.size());
  for (std::size_t i = 0; i < turns.size(); ++i) conversation.push_back(read_turn(turns[i], i));
  return conversation;
}

// Turns that normalise to nothing are dropped before deciding whether the
// conversation is "one user message", so ["hi", assistant "   "] reads as "hi".
Conversation normalise_conversation(const Conversation& conversation) {
  Conversation spoken;
  for (const auto& turn : conversation) {
    if (turn.role == Role::system) continue;
    std::string text = normalize_message(turn.content);
    if (text.empty()) continue;
    spoken.push_back(Turn{turn.role, std::move(text)});
  }
  return spoken;
}

std::string join_turns(const Conversation& normalised) {
  if (normalised.size() == 1 && normalised.front().role == Role::user) return normalised.front().content;
  std::string out;
  for (std::size_t i = 0; i < normalised.size(); ++i) {
    if (i > 0) out.push_back('\n');
    out += speaker_label(normalised[i].role);
    out += normalised[i].content;
  }
  return out;
}

std::string serialise_conversation(const Conversation& conversation) {
  return join_turns(normalise_conversation(conversation));
}

}  // namespace lifeguard
