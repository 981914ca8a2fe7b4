// A fixed pool of worker threads for splitting one loop across cores
// (matrix-vector products over rows, attention over heads).
#pragma once

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
  // workers and the calling thread; returns when all are done.
  void parallel_for(std::size_t count, const std::function<void(std::size_t, std::size_t)>& body);
  std::size_t size() const { return workers_.size() + 1; }

 private:
  void work(std::size_t index);
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable start_;
  std::condition_variable done_;
  const std::function<void(std::size_t, std::size_t)>* body_ = nullptr;
  std::size_t count_ = 0;
  std::size_t generation_ = 0;
  std::size_t pending_ = 0;
  bool stop_ = false;
};

}  // namespace lifeguard::engine
