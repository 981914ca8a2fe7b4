// Input preparation (see input.hpp).
#include "pipeline/input.hpp"

#include "text/normalize.hpp"
#include "text/utf8.hpp"

namespace lifeguard {
namespace {

void check_size(std::size_t bytes, const InputLimits& limits) {
  if (bytes > limits.max_bytes) {
    throw InputError("input is " + std::to_string(bytes) + " bytes, more than the limit of " +
                     std::to_string(limits.max_bytes) + " bytes");
  }
}

}  // namespace

PreparedInput prepare_text(std::string_view raw, const InputLimits& limits) {
  check_size(raw.size(), limits);
  if (auto error = validate_utf8(raw)) throw InputError("input: " + error->message);
  return prepare_conversation({Turn{Role::user, std::string(raw)}}, limits);
}

PreparedInput prepare_conversation(Conversation conversation, const InputLimits& limits) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < conversation.size(); ++i) {
    total += conversation[i].content.size();
    if (auto error = validate_utf8(conversation[i].content)) {
      throw InputError("turn " + std::to_string(i + 1) + " is not valid UTF-8: " + error->message);
    }
  }
  check_size(total, limits);
  PreparedInput prepared;
  prepared.conversation = normalise_conversation(conversation);
  if (prepared.conversation.empty()) throw InputError("nothing to classify: the input is empty after normalisation");
  prepared.text = join_turns(prepared.conversation);
  return prepared;
}

}  // namespace lifeguard
