// Thread pool (see thread_pool.hpp).
#include "engine/thread_pool.hpp"

#include <algorithm>

namespace lifeguard::engine {
namespace {

std::pair<std::size_t, std::size_t> chunk(std::size_t count, std::size_t parts, std::size_t index) {
  const std::size_t base = count / parts, extra = count % parts;
  const std::size_t begin = index * base + std::min(index, extra);
  return {begin, begin + base + (index < extra ? 1 : 0)};
}

}  // namespace

ThreadPool::ThreadPool(std::size_t threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  for (std::size_t i = 1; i < threads; ++i) workers_.emplace_back([this, i] { work(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  start_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ThreadPool::work(std::size_t index) {
  std::size_t seen = 0;
  for (;;) {
    const std::function<void(std::size_t, std::size_t)>* body;
    std::size_t count;
    {
      std::unique_lock lock(mutex_);
      start_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      body = body_;
      count = count_;
    }
    auto [begin, end] = chunk(count, size(), index);
    if (begin < end) (*body)(begin, end);
    {
      std::lock_guard lock(mutex_);
      if (--pending_ == 0) done_.notify_one();
    }
  }
}

void ThreadPool::parallel_for(std::size_t count, const std::function<void(std::size_t, std::size_t)>& body) {
  if (workers_.empty() || count < 2) {
    if (count > 0) body(0, count);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    body_ = &body;
    count_ = count;
    pending_ = workers_.size();
    ++generation_;
  }
  start_.notify_all();
  auto [begin, end] = chunk(count, size(), 0);
  if (begin < end) body(begin, end);
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return pending_ == 0; });
}

}  // namespace lifeguard::engine
