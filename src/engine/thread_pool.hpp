// A fixed pool of worker threads for splitting one loop across cores
// (matrix-vector products over rows, attention over heads).
//
// A decode step makes a few hundred parallel_for calls of tens of
// microseconds each, so waking workers through a condition variable every
// time would cost a large share of the step. Workers therefore spin briefly
// on an atomic generation counter after each loop and only then sleep.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lifeguard::engine {

class ThreadPool {
 public:
  explicit ThreadPool(std::size_t threads);  // 0: one per hardware thread
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Calls body(begin, end) on disjoint chunks covering [0, count), on the
  // workers and the calling thread; returns when all are done. Safe to call
  // from several threads: the calls run one after another.
  void parallel_for(std::size_t count, const std::function<void(std::size_t, std::size_t)>& body);
  std::size_t size() const { return workers_.size() + 1; }

 private:
  void work(std::size_t index);
  std::vector<std::thread> workers_;
  std::mutex caller_;  // one parallel_for at a time
  std::mutex mutex_;   // guards sleeping workers' wake-up
  std::condition_variable wake_;
  const std::function<void(std::size_t, std::size_t)>* body_ = nullptr;
  std::size_t count_ = 0;
  std::atomic<std::size_t> generation_{0};
  std::atomic<std::size_t> pending_{0};
  std::size_t sleepers_ = 0;  // under mutex_
  std::atomic<bool> stop_{false};
};

}  // namespace lifeguard::engine
