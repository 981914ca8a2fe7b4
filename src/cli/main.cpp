// lifeguard: the command-line entry point. Thin: parsing and dispatch only.
#include <exception>
#include <iostream>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"lifeguard: self-hostable crisis detection. A signal for software and human reviewers, not a clinical assessment."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lifeguard 0.1.0");
  int exit_code = 0;
  lifeguard::cli::add_classify_command(app, exit_code);
  lifeguard::cli::add_train_screener_command(app, exit_code);
  lifeguard::cli::add_eval_command(app, exit_code);
  lifeguard::cli::add_tokenize_command(app, exit_code);
  lifeguard::cli::add_generate_command(app, exit_code);
  lifeguard::cli::add_make_checkpoint_command(app, exit_code);
  lifeguard::cli::add_serve_command(app, exit_code);
  lifeguard::cli::add_bench_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  } catch (const std::exception& error) {
    std::cerr << "lifeguard: " << error.what() << '\n';
    return 1;
  }
  return exit_code;
}
