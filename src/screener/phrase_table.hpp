// Open-addressing hash table from 64-bit phrase keys to category masks, for
// the lexicon's hot path: one cache line per probe, no allocation on lookup.
// Keys are already well-mixed hashes; 0 marks an empty slot (a real key of 0
// is remapped).
#pragma once

#include <cstdint>
#include <vector>

namespace lifeguard::screener {

class PhraseTable {
 public:
  // The value's top bit says "a longer phrase starts with these tokens", so
  // matching can stop as soon as no phrase continues.
  static constexpr std::uint64_t kContinues = std::uint64_t{1} << 63;

  void merge(std::uint64_t key, std::uint64_t bits) {
    // Kept under a third full: most lookups miss, and a miss walks to an empty slot.
    if (3 * (size_ + 1) > slots_.size()) grow();
    Slot& slot = find_slot(normalise(key));
    if (slot.key == 0) {
      slot.key = normalise(key);
      ++size_;
    }
    slot.value |= bits;
  }

  // 0 when absent.
  std::uint64_t find(std::uint64_t key) const {
    if (slots_.empty()) return 0;
    key = normalise(key);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t at = static_cast<std::size_t>(key) & mask;; at = (at + 1) & mask) {
      if (slots_[at].key == key) return slots_[at].value;
      if (slots_[at].key == 0) return 0;
    }
  }

  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint64_t value = 0;
  };

  static std::uint64_t normalise(std::uint64_t key) { return key == 0 ? 1 : key; }

  Slot& find_slot(std::uint64_t key) {
    std::size_t mask = slots_.size() - 1;
    std::size_t at = static_cast<std::size_t>(key) & mask;
    while (slots_[at].key != 0 && slots_[at].key != key) at = (at + 1) & mask;
    return slots_[at];
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    for (const auto& slot : old) {
      if (slot.key != 0) find_slot(slot.key) = slot;
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace lifeguard::screener
