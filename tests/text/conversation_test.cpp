// Conversations are read strictly from JSON, with errors that name the turn and
// field but never the content, and serialise into the one message the model reads.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "text/conversation.hpp"

namespace lifeguard {
namespace {

using nlohmann::json;

std::string error_of(const json& turns) {
  try {
    conversation_from_json(turns);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  ADD_FAILURE() << "no error for " << turns.dump();
  return "";
}

Turn user(std::string content) { return Turn{Role::user, std::move(content)}; }
Turn assistant(std::string content) { return Turn{Role::assistant, std::move(content)}; }
Turn system(std::string content) { return Turn{Role::system, std::move(content)}; }

// --- parse_role ------------------------------------------------------------------

TEST(ParseRole, AcceptsTheThreeRoles) {
  EXPECT_EQ(parse_role("user"), Role::user);
  EXPECT_EQ(parse_role("assistant"), Role::assistant);
  EXPECT_EQ(parse_role("system"), Role::system);
}

TEST(ParseRole, RejectsAnythingElseIncludingOtherCasing) {
  EXPECT_FALSE(parse_role("bot").has_value());
  EXPECT_FALSE(parse_role("User").has_value());
  EXPECT_FALSE(parse_role("").has_value());
  EXPECT_FALSE(parse_role("user ").has_value());
}

// --- conversation_from_json ------------------------------------------------------

TEST(ConversationFromJson, ReadsTurnsInOrder) {
  const auto conversation = conversation_from_json(json::parse(R"([
    {"role": "system", "content": "Be kind."},
    {"role": "user", "content": "How are you?"},
    {"role": "assistant", "content": "I'm here."}
  ])"));
  ASSERT_EQ(conversation.size(), 3u);
  EXPECT_EQ(conversation[0].role, Role::system);
  EXPECT_EQ(conversation[1].role, Role::user);
  EXPECT_EQ(conversation[1].content, "How are you?");
  EXPECT_EQ(conversation[2].role, Role::assistant);
}

TEST(ConversationFromJson, IgnoresExtraFields) {
  const auto conversation = conversation_from_json(json::parse(R"([{"role": "user", "content": "hi", "name": "x"}])"));
  ASSERT_EQ(conversation.size(), 1u);
  EXPECT_EQ(conversation[0].content, "hi");
}

TEST(ConversationFromJson, KeepsContentAsGivenWithoutNormalising) {
  const auto conversation = conversation_from_json(json::parse(R"([{"role": "user", "content": "  𝓱𝓲  "}])"));
  EXPECT_EQ(conversation[0].content, "  𝓱𝓲  ");
}

TEST(ConversationFromJson, RejectsAnEmptyArray) { EXPECT_EQ(error_of(json::array()), "conversation is empty"); }

TEST(ConversationFromJson, RejectsAnythingButAnArray) {
  EXPECT_EQ(error_of(json::parse(R"({"role": "user", "content": "hi"})")),
            R"(conversation must be a JSON array of {"role", "content"} objects, not object)");
  EXPECT_EQ(error_of("hello"), R"(conversation must be a JSON array of {"role", "content"} objects, not string)");
}

TEST(ConversationFromJson, RejectsATurnThatIsNotAnObject) {
  EXPECT_EQ(error_of(json::parse(R"([{"role": "user", "content": "hi"}, "secret words"])")),
            "turn 2: must be an object with string fields 'role' and 'content', not string");
}

TEST(ConversationFromJson, NamesAnUnknownRoleAndTheRolesExpected) {
  EXPECT_EQ(error_of(json::parse(R"([{"role": "user", "content": "a"}, {"role": "user", "content": "b"},
                                     {"role": "bot", "content": "c"}])")),
            "turn 3: unknown role 'bot' (expected user, assistant or system)");
}

TEST(ConversationFromJson, QuotesOnlyTheFirstTwentyCharactersOfAnUnknownRole) {
  const std::string message = error_of(json::array({{{"role", std::string(500, 'r')}, {"content", "x"}}}));
  EXPECT_EQ(message, "turn 1: unknown role '" + std::string(20, 'r') + "...' (expected user, assistant or system)");
}

TEST(ConversationFromJson, QuotesUnknownRolesOnlyAsPrintableAscii) {
  const std::string message = error_of(json::array({{{"role", "us\ner\x1b"}, {"content", "x"}}}));
  EXPECT_EQ(message, "turn 1: unknown role 'us?er?' (expected user, assistant or system)");
}

TEST(ConversationFromJson, ReportsAMissingRoleOrContent) {
  EXPECT_EQ(error_of(json::parse(R"([{"content": "hi"}])")), "turn 1: missing string field 'role'");
  EXPECT_EQ(error_of(json::parse(R"([{"role": "user", "content": "a"}, {"role": "user"}])")),
            "turn 2: missing string field 'content'");
  EXPECT_EQ(error_of(json::parse(R"([{"role": "user", "content": null}])")), "turn 1: missing string field 'content'");
}

TEST(ConversationFromJson, ReportsAFieldOfTheWrongType) {
  EXPECT_EQ(error_of(json::parse(R"([{"role": 1, "content": "hi"}])")), "turn 1: field 'role' must be a string, not number");
  EXPECT_EQ(error_of(json::parse(R"([{"role": "user", "content": [{"type": "text", "text": "hi"}]}])")),
            "turn 1: field 'content' must be a string, not array");
}

TEST(ConversationFromJson, RejectsContentThatIsNotValidUtf8WithoutQuotingIt) {
  const std::string message = error_of(json::array({{{"role", "user"}, {"content", std::string("hello\xC3", 6)}}}));
  EXPECT_EQ(message, "turn 1: content is not valid UTF-8 (byte 5: truncated sequence at end of input)");
  EXPECT_EQ(message.find("hello"), std::string::npos);
}

TEST(ConversationFromJson, ErrorsNeverQuoteContent) {
  const std::string secret = "I am going to hurt myself tonight";
  for (const json& turns : {json::array({{{"role", "bot"}, {"content", secret}}}),
                            json::array({{{"role", "user"}, {"content", secret}}, {{"role", 3}, {"content", secret}}}),
                            json::array({{{"role", "user"}, {"content", secret + "\xFF"}}})}) {
    EXPECT_EQ(error_of(turns).find("hurt"), std::string::npos);
  }
}

// --- serialise_conversation -----------------------------------------------------

TEST(SerialiseConversation, OneUserTurnIsItsNormalisedContentAlone) {
  EXPECT_EQ(serialise_conversation({user("  𝓲 𝔀𝓪𝓷𝓽 𝓽𝓸 𝓭𝓲𝓮  ")}), "i want to die");
}

TEST(SerialiseConversation, SeveralTurnsBecomeLabelledLines) {
  EXPECT_EQ(serialise_conversation({user("How are you?"), assistant("I'm here to help. How are you feeling?"),
                                    user("Not great. I've been thinking about ending it all.")}),
            "User: How are you?\n"
            "Assistant: I'm here to help. How are you feeling?\n"
            "User: Not great. I've been thinking about ending it all.");
}

TEST(SerialiseConversation, LeavesSystemTurnsOut) {
  EXPECT_EQ(serialise_conversation({system("You are a helpful assistant."), user("hi")}), "hi");
  EXPECT_EQ(serialise_conversation({system("rules"), user("a"), system("more rules"), assistant("b")}),
            "User: a\nAssistant: b");
}

TEST(SerialiseConversation, ALoneAssistantTurnKeepsItsLabel) {
  EXPECT_EQ(serialise_conversation({assistant("How can I help?")}), "Assistant: How can I help?");
}

TEST(SerialiseConversation, NormalisesEachTurn) {
  EXPECT_EQ(serialise_conversation({user("su\u200Bicide   ??? "), assistant("ｏｋ\r\n\r\n\r\nthen")}),
            "User: suicide ???\nAssistant: ok\n\nthen");
}

TEST(SerialiseConversation, KeepsATurnsOwnNewlines) {
  EXPECT_EQ(serialise_conversation({user("line one\nline two"), assistant("ok")}),
            "User: line one\nline two\nAssistant: ok");
}

TEST(SerialiseConversation, SkipsTurnsThatAreEmptyAfterNormalisation) {
  EXPECT_EQ(serialise_conversation({user("hi"), assistant(" \u200B "), user("there")}), "User: hi\nUser: there");
  EXPECT_EQ(serialise_conversation({user("\u200B"), assistant("hello")}), "Assistant: hello");
}

TEST(SerialiseConversation, AUserTurnLeftAloneBySkippingIsItsContentAlone) {
  EXPECT_EQ(serialise_conversation({assistant("\t"), user("I feel hopeless")}), "I feel hopeless");
}

TEST(SerialiseConversation, NothingToSayIsEmpty) {
  EXPECT_EQ(serialise_conversation({}), "");
  EXPECT_EQ(serialise_conversation({system("only instructions")}), "");
  EXPECT_EQ(serialise_conversation({user("   ")}), "");
}

TEST(SerialiseConversation, ReadsFromJsonEndToEnd) {
  const auto conversation = conversation_from_json(json::parse(R"([
    {"role": "system", "content": "You are a companion."},
    {"role": "user", "content": "I lost my job today."},
    {"role": "assistant", "content": "I'm sorry. Want to talk?"},
    {"role": "user", "content": "What's the tallest bridge in NYC? 😞"}
  ])"));
  EXPECT_EQ(serialise_conversation(conversation),
            "User: I lost my job today.\nAssistant: I'm sorry. Want to talk?\nUser: What's the tallest bridge in NYC? 😞");
}

}  // namespace
}  // namespace lifeguard
