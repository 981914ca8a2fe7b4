// Terminal summary of one assessment.
#include "cli/printing.hpp"

namespace lifeguard::cli {

void print_summary(std::ostream& out, const BackendResult& result) {
  const Assessment& assessment = result.assessment;
  if (assessment.is_crisis()) {
    out << "RISK DETECTED - show crisis resources\n";
    for (const auto& risk : assessment.risks) {
      out << "  " << to_string(risk.subject) << " / " << to_string(risk.type) << ": severity "
          << (risk.severity ? to_string(*risk.severity) : "unknown");
      if (risk.imminence) out << ", imminence " << to_string(*risk.imminence);
      if (!risk.features.empty()) {
        out << " (";
        for (std::size_t i = 0; i < risk.features.size(); ++i) out << (i ? ", " : "") << risk.features[i];
        out << ")";
      }
      out << '\n';
    }
    out << "Speaker severity: " << to_string(assessment.speaker_severity()) << '\n';
  } else {
    out << "No risk detected.\n";
  }
  if (!assessment.reflection.empty()) out << "Why: " << assessment.reflection << '\n';
  for (const auto& problem : result.problems) out << "Problem: " << problem << '\n';
  out << "(" << result.backend << ": a signal for human review, not a clinical assessment)\n";
}

}  // namespace lifeguard::cli
