// The options every command that runs the native engine shares:
// --threads, --int8, --arithmetic f32|reduced.
#pragma once

#include <CLI/CLI.hpp>

#include "engine/qwen3_model.hpp"

namespace lifeguard::cli {

void add_engine_options(CLI::App* command, engine::ModelOptions& options);

}  // namespace lifeguard::cli
