// A nope-edge checkpoint run by lifeguard's own engine as a Backend: the
// prompt of SPEC §3 (the serialised conversation as one user message, chat
// template, special-token strings in the message kept as text), greedy
// decoding until </risks>, <risks/>, <|im_end|> or 300 new tokens, and the
// generated text parsed with the nope-edge parser. Concurrent requests are
// batched by the model's scheduler (local_model.hpp). Output with no readable
// <risks> block is an error (std::runtime_error), never "no risk".
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>

#include "engine/qwen3_model.hpp"
#include "pipeline/backend.hpp"
#include "pipeline/local_model.hpp"

namespace lifeguard {

struct ModelBackendOptions {
  std::filesystem::path dir;
  engine::ModelOptions engine;  // threads, int8, arithmetic
  int max_new_tokens = 300;
};

// Throws std::runtime_error with one line saying what is wrong with the model folder.
std::unique_ptr<Backend> make_model_backend(const ModelBackendOptions& options);
// Over a model already loaded (serve shares it with /v1/chat/completions).
// `timeout`: how long one assessment may take (queueing included) before
// assess() throws BackendTimeout; zero waits as long as it takes.
// The model's own max_waiting applies (assess() throws BackendBusy).
std::unique_ptr<Backend> make_model_backend(std::shared_ptr<const LocalModel> model, int max_new_tokens = 300,
                                            std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

}  // namespace lifeguard
