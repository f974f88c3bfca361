// RateLimiter: at most `per_second` requests per second per client IP, with
// bursts up to the same number (a token bucket per IP). Over the limit the
// server answers error 109 with Retry-After instead of running the handler.
//
// The client is the TCP peer address: behind a reverse proxy every request
// shares the proxy's address, so run the limiter there instead (documented in
// the README). Idle buckets are dropped so memory stays bounded by the number
// of clients seen in the last minute.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace prefill {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(int per_second);

  // True if `client` may make a request at `now` (and takes a token).
  bool Allow(const std::string& client, Clock::time_point now = Clock::now());

  size_t tracked_clients() const;

 private:
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  void DropIdle(Clock::time_point now);

  const double per_second_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_;
};

}  // namespace prefill
