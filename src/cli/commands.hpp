// Each subcommand registers itself on the CLI11 app and writes its exit code
// into `exit_code` when it runs. Exit codes: 0 success, 1 bad input or a
// failure the user can act on, 2 usage errors (CLI11).
#pragma once

#include <CLI/CLI.hpp>

namespace lifeguard::cli {

void add_classify_command(CLI::App& app, int& exit_code);
void add_train_screener_command(CLI::App& app, int& exit_code);
void add_bench_command(CLI::App& app, int& exit_code);
void add_eval_command(CLI::App& app, int& exit_code);
void add_tokenize_command(CLI::App& app, int& exit_code);
void add_generate_command(CLI::App& app, int& exit_code);
void add_make_checkpoint_command(CLI::App& app, int& exit_code);
void add_serve_command(CLI::App& app, int& exit_code);

}  // namespace lifeguard::cli
