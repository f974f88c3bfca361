#include "app/periodic_job.h"

namespace prefill {

PeriodicJob::PeriodicJob(std::chrono::milliseconds interval, std::function<void()> task) {
  thread_ = std::thread([this, interval, task = std::move(task)] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      if (wake_.wait_for(lock, interval, [this] { return stopping_; })) break;
      lock.unlock();
      task();
      lock.lock();
    }
  });
}

PeriodicJob::~PeriodicJob() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace prefill
