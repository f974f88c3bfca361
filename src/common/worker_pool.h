// WorkerPool: a fixed set of threads running queued tasks.
//
// Request handlers that block on the database run here instead of on the
// HTTP I/O threads, so a slow query never stalls the other connections of an
// I/O thread. The queue is bounded: when it is full, Submit refuses the task
// at once and the caller answers "busy" rather than queueing without limit.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace prefill {

class WorkerPool {
 public:
  WorkerPool(size_t threads, size_t max_queued);
  ~WorkerPool();  // runs the queued tasks to the end, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False if the queue is full or the pool is stopping; the task is not run.
  bool Submit(std::function<void()> task);

  // Blocks until every submitted task has finished.
  void Drain();

  size_t threads() const { return threads_.size(); }

 private:
  void Loop();

  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable work_available_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> queue_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace prefill
