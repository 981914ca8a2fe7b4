// A remote nope-edge model behind any OpenAI-compatible server as a Backend:
// the prompt of SPEC §3 (one user message holding the serialised
// conversation, no system prompt), greedy unless a temperature is given, the
// answer parsed with the nope-edge parser. With judges > 1 it asks N times
// (seeds 0..N-1) and combines the answers conservatively (judgements.hpp).
// A reply that is not a nope-edge answer is an error, never "no risk"
// (model_answer.hpp).
#pragma once

#include <memory>
#include <string>

#include "pipeline/backend.hpp"
#include "remote/chat_client.hpp"

namespace lifeguard {

struct RemoteBackendOptions {
  std::string url;
  std::string model;  // the name the server knows the model by
  remote::ChatClientOptions client;
  std::size_t judges = 1;
  double temperature = 0.0;
  double min_vote_share = 0.0;  // see combine_judgements
  int max_tokens = 300;
};

// Throws std::invalid_argument for a bad URL or options.
std::unique_ptr<Backend> make_remote_backend(const RemoteBackendOptions& options);

}  // namespace lifeguard
