// Test helper: word 4-gram shingles of the user turns of a labelled case, for
// near-duplicate checks (normalised, lower-cased, de-leeted like the screener).
#pragma once

#include <set>
#include <string>

#include "eval/labelled_case.hpp"

namespace lifeguard::test_support {

std::set<std::string> user_shingles(const LabelledCase& labelled, std::size_t width = 4);

// Shared shingles over the smaller set's size (0 when either is empty).
double shingle_overlap(const std::set<std::string>& a, const std::set<std::string>& b);

}  // namespace lifeguard::test_support
