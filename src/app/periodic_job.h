// PeriodicJob: runs a task on its own thread every `interval` until destroyed.
// Used for housekeeping (purging expired sessions) that must never run on a
// request thread. The destructor wakes the thread and joins it at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace prefill {

class PeriodicJob {
 public:
  PeriodicJob(std::chrono::milliseconds interval, std::function<void()> task);
  ~PeriodicJob();
  PeriodicJob(const PeriodicJob&) = delete;
  PeriodicJob& operator=(const PeriodicJob&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace prefill
