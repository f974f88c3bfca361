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

PeriodicJob::PeriodicJob(const std::string& name, std::chrono::milliseconds interval, LeaseFunction take_lease,
                         std::function<void()> task)
    : PeriodicJob(interval, [name, lease_time = interval * 9 / 10, take_lease = std::move(take_lease),
                             task = std::move(task)] {
        // Shorter than the interval: this node may take it again at its next run,
        // and another node that is due then finds it expired.
        if (take_lease(name, lease_time)) task();
      }) {}

PeriodicJob::~PeriodicJob() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace prefill
