// Short human-readable summaries of assessments for the terminal.
#pragma once

#include <ostream>

#include "pipeline/backend.hpp"

namespace lifeguard::cli {

void print_summary(std::ostream& out, const BackendResult& result);

}  // namespace lifeguard::cli
