// PeriodicJob: runs a task on its own thread every `interval` until destroyed.
// Used for housekeeping (purging expired sessions) that must never run on a
// request thread. The destructor wakes the thread and joins it at once.
//
// Cluster-wide jobs (SPEC §9): with a LeaseFunction, each run first takes the
// job's lease for 9/10 of the interval and runs only if it got it, so of all
// the Prefill nodes on one database only one runs the job per interval —
// whichever is due first — and a node that dies is replaced after its lease
// expires. App makes every background job this way (App::Parts::ClusterJob).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace prefill {

// Takes or renews the lease `name` for `duration`; true if this process holds it.
using LeaseFunction = std::function<bool(const std::string& name, std::chrono::milliseconds duration)>;

class PeriodicJob {
 public:
  PeriodicJob(std::chrono::milliseconds interval, std::function<void()> task);
  // Runs `task` only in the intervals in which `take_lease(name, ...)` succeeds.
  PeriodicJob(const std::string& name, std::chrono::milliseconds interval, LeaseFunction take_lease,
              std::function<void()> task);
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
