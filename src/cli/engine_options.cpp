// Engine options of the CLI (see engine_options.hpp).
#include "engine_options.hpp"

#include <string>

namespace lifeguard::cli {

void add_engine_options(CLI::App* command, engine::ModelOptions& options) {
  command->add_option("--threads", options.threads, "Engine threads (default: one per core)");
  command->add_flag("--int8", options.int8, "Convert the weights to int8 (one scale per row) at load: half the memory traffic");
  command
      ->add_option_function<std::string>(
          "--arithmetic",
          [&options](const std::string& name) {
            options.arithmetic = name == "reduced" ? engine::Arithmetic::reduced : engine::Arithmetic::f32;
          },
                   "f32 (as transformers in float32; default) or reduced (inputs of each product in bf16, or int8 with "
                   "--int8: faster, logits within a few hundredths)")
      ->check(CLI::IsMember({"f32", "reduced"}));
}

}  // namespace lifeguard::cli
