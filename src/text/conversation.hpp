// Multi-turn input, serialised into the one user message nope-edge reads:
//   User: How are you?
//   Assistant: I'm here to help. How are you feeling?
//   User: Not great.
// A conversation of exactly one user turn serialises to its content alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace lifeguard {

// `system` turns are the product's instructions, not the person's words: they
// are accepted but left out of the serialised text.
enum class Role { user, assistant, system };

struct Turn {
  Role role = Role::user;
  std::string content;
};

using Conversation = std::vector<Turn>;

std::optional<Role> parse_role(std::string_view name);  // "user", "assistant", "system"
std::string_view to_string(Role role);

// Reads a JSON array of {"role": ..., "content": ...}. Throws std::invalid_argument
// with a message naming the turn and field ("turn 3: unknown role 'bot'
// (expected user, assistant or system)"), never quoting content. Content must be
// valid UTF-8 (checked); an empty array is an error.
Conversation conversation_from_json(const nlohmann::json& turns);

// Normalises each turn (normalize_message), leaving out system turns and turns
// that are empty once normalised.
Conversation normalise_conversation(const Conversation& conversation);

// Joins already-normalised turns as above (one user turn: its content alone).
std::string join_turns(const Conversation& normalised);

// normalise_conversation, then join_turns.
std::string serialise_conversation(const Conversation& conversation);

}  // namespace lifeguard
