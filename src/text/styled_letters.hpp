// Decorative letters and digits ("fancy text" generators, fullwidth forms) and
// the plain characters they stand for. Used by normalize_message (SPEC §3).
#pragma once

#include <array>
#include <cstddef>

namespace lifeguard {

// The plain form of one decorative character: usually one letter, a few for
// ligatures and numbers (ﬃ → "ffi", ⑳ → "20"). Empty when nothing to fold.
struct FoldedLetters {
  static constexpr std::size_t kCapacity = 4;
  std::array<char32_t, kCapacity> code_points{};
  std::size_t size = 0;

  bool empty() const { return size == 0; }
};

// Folds mathematical alphanumerics (𝓲 𝔀 𝕜 ℌ ℓ), fullwidth letters and digits
// (ｆ １), circled/squared/parenthesized ones (Ⓐ ① 🄰 ⒜), negative circled and
// squared letters (🅐 🅰), small capitals (ᴀ ʙ ᴄ) and Latin ligatures (ﬁ).
// Punctuation, symbols, superscripts, CJK and everything else: empty.
// Whether an emoji-capable one (🅰 ℹ Ⓜ) is really an emoji is the caller's
// call, as it depends on the next character (U+FE0F).
FoldedLetters fold_styled_letter(char32_t code_point);

}  // namespace lifeguard
