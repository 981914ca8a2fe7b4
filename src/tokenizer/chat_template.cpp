// Qwen3 chat template (see chat_template.hpp).
#include "tokenizer/chat_template.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace lifeguard::tokenizer {
namespace {

// Jinja source fragments (as written in the template, with literal "\n")
// that produce the user turn and the generation prompt.
constexpr std::string_view kUserTurn = R"('<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n')";
constexpr std::string_view kGenerationPrompt = R"('<|im_start|>assistant\n')";
constexpr std::string_view kEmptyThink = R"('<think>\n\n</think>\n\n')";
constexpr std::string_view kDefaultSystem = "You are Qwen";  // Qwen2.5 adds a system prompt by default

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

ChatTemplate ChatTemplate::recognise(std::string_view source) {
  if (source.find(kUserTurn) == std::string_view::npos || source.find(kGenerationPrompt) == std::string_view::npos) {
    throw std::invalid_argument("chat template is not the Qwen3 ChatML template (lifeguard renders only that one)");
  }
  if (source.find(kDefaultSystem) != std::string_view::npos) {
    throw std::invalid_argument("chat template adds a default system prompt (Qwen2.5 style), which lifeguard does not render");
  }
  ChatTemplate chat;
  chat.thinking_switch_ = source.find("enable_thinking") != std::string_view::npos &&
                          source.find(kEmptyThink) != std::string_view::npos;
  return chat;
}

ChatTemplate ChatTemplate::load(const std::filesystem::path& dir) {
  std::string source;
  const auto jinja = dir / "chat_template.jinja";
  const auto config_path = dir / "tokenizer_config.json";
  if (std::filesystem::exists(jinja)) {
    source = read_text(jinja);
  } else {
    std::ifstream in(config_path);
    if (!in) throw std::runtime_error("cannot read " + config_path.string() + " (needed for the chat template)");
    nlohmann::json config;
    try {
      config = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception&) {
      throw std::runtime_error(config_path.string() + " is not valid JSON");
    }
    const auto& value = config.contains("chat_template") ? config["chat_template"] : nlohmann::json();
    if (value.is_string()) {
      source = value.get<std::string>();
    } else if (value.is_array()) {  // [{"name": "default", "template": "..."}, ...]
      for (const auto& entry : value) {
        if (entry.is_object() && entry.value("name", "") == "default" && entry.contains("template") && entry["template"].is_string()) {
          source = entry["template"].get<std::string>();
        }
      }
    }
    if (source.empty()) throw std::runtime_error(config_path.string() + " has no chat_template");
  }
  try {
    return recognise(source);
  } catch (const std::invalid_argument& error) {
    throw std::runtime_error((std::filesystem::exists(jinja) ? jinja : config_path).string() + ": " + error.what());
  }
}

std::string ChatTemplate::render_user_prompt(std::string_view message, bool disable_thinking) const {
  std::string text = "<|im_start|>user\n";
  text += message;
  text += "<|im_end|>\n<|im_start|>assistant\n";
  if (disable_thinking && thinking_switch_) text += "<think>\n\n</think>\n\n";
  return text;
}

std::vector<TokenId> ChatTemplate::encode_user_prompt(const Tokenizer& tokenizer, std::string_view message, AddedTokens mode,
                                                      bool disable_thinking) const {
  if (mode == AddedTokens::recognised) return tokenizer.encode(render_user_prompt(message, disable_thinking), mode);
  auto special = [&](std::string_view token) {
    auto id = tokenizer.token_id(token);
    if (!id) throw std::runtime_error("tokenizer lacks the special token " + std::string(token));
    return *id;
  };
  // The template's markers are special tokens; everything between them is
  // encoded as text, so the message cannot close its own turn.
  std::vector<TokenId> ids{special("<|im_start|>")};
  std::string user = "user\n";
  user += message;
  for (TokenId id : tokenizer.encode(user, AddedTokens::plain_text)) ids.push_back(id);
  ids.push_back(special("<|im_end|>"));
  for (TokenId id : tokenizer.encode("\n", AddedTokens::plain_text)) ids.push_back(id);
  ids.push_back(special("<|im_start|>"));
  for (TokenId id : tokenizer.encode("assistant\n", AddedTokens::plain_text)) ids.push_back(id);
  if (disable_thinking && thinking_switch_) {
    ids.push_back(special("<think>"));
    for (TokenId id : tokenizer.encode("\n\n", AddedTokens::plain_text)) ids.push_back(id);
    ids.push_back(special("</think>"));
    for (TokenId id : tokenizer.encode("\n\n", AddedTokens::plain_text)) ids.push_back(id);
  }
  return ids;
}

}  // namespace lifeguard::tokenizer
