// Thread pool (see thread_pool.hpp).
#include "engine/thread_pool.hpp"

#include <algorithm>
#include <chrono>

namespace lifeguard::engine {
namespace {

std::pair<std::size_t, std::size_t> chunk(std::size_t count, std::size_t parts, std::size_t index) {
  const std::size_t base = count / parts, extra = count % parts;
  const std::size_t begin = index * base + std::min(index, extra);
  return {begin, begin + base + (index < extra ? 1 : 0)};
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// How long an idle worker keeps spinning before it sleeps: long enough to
// bridge the gaps between the loops of one forward pass, short enough not to
// burn a core between requests.
constexpr auto kSpin = std::chrono::microseconds(300);

}  // namespace

ThreadPool::ThreadPool(std::size_t threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  for (std::size_t i = 1; i < threads; ++i) workers_.emplace_back([this, i] { work(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stop_.store(true);
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ThreadPool::work(std::size_t index) {
  std::size_t seen = 0;
  for (;;) {
    // Spin, then sleep, until a new loop is published or the pool stops.
    auto changed = [&] { return stop_.load(std::memory_order_acquire) || generation_.load(std::memory_order_acquire) != seen; };
    const auto deadline = std::chrono::steady_clock::now() + kSpin;
    for (unsigned spins = 1; !changed(); ++spins) {
      cpu_relax();
      if (spins % 256 == 0 && std::chrono::steady_clock::now() > deadline) {
        std::unique_lock lock(mutex_);
        ++sleepers_;
        wake_.wait(lock, changed);
        --sleepers_;
        break;
      }
    }
    if (stop_.load(std::memory_order_acquire)) return;
    seen = generation_.load(std::memory_order_acquire);
    auto [begin, end] = chunk(count_, size(), index);
    if (begin < end) (*body_)(begin, end);
    pending_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

void ThreadPool::parallel_for(std::size_t count, const std::function<void(std::size_t, std::size_t)>& body) {
  if (workers_.empty() || count < 2) {
    if (count > 0) body(0, count);
    return;
  }
  std::lock_guard caller(caller_);
  body_ = &body;
  count_ = count;
  pending_.store(workers_.size(), std::memory_order_relaxed);
  {
    // Published under the mutex so a worker about to sleep cannot miss it.
    std::lock_guard lock(mutex_);
    generation_.fetch_add(1, std::memory_order_acq_rel);
    if (sleepers_ > 0) wake_.notify_all();
  }
  auto [begin, end] = chunk(count, size(), 0);
  if (begin < end) body(begin, end);
  while (pending_.load(std::memory_order_acquire) != 0) cpu_relax();
}

}  // namespace lifeguard::engine
