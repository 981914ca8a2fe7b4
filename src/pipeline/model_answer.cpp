// Model answers (see model_answer.hpp).
#include "pipeline/model_answer.hpp"

#include <stdexcept>

namespace lifeguard {

void require_answer(const ModelOutputParse& parsed, const std::string& context) {
  if (parsed.complete || !parsed.assessment.risks.empty()) return;
  // The parser's problems can quote fragments of the output, which may echo
  // the user's text: only their number goes into the error.
  throw std::runtime_error("the model's output is not a nope-edge answer (no readable <risks> block, " +
                           std::to_string(parsed.problems.size()) + " parser problems" + (context.empty() ? "" : "; " + context) + ")");
}

}  // namespace lifeguard
