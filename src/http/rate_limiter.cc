#include "http/rate_limiter.h"

#include <algorithm>

namespace prefill {
namespace {
constexpr auto kIdleAfter = std::chrono::seconds(60);
}

RateLimiter::RateLimiter(int per_second) : per_second_(std::max(1, per_second)), last_sweep_(Clock::now()) {}

bool RateLimiter::Allow(const std::string& client, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (now - last_sweep_ > kIdleAfter) DropIdle(now);
  auto [it, inserted] = buckets_.try_emplace(client, Bucket{per_second_, now});
  Bucket& bucket = it->second;
  if (!inserted) {
    double elapsed = std::chrono::duration<double>(now - bucket.last).count();
    bucket.tokens = std::min(per_second_, bucket.tokens + std::max(0.0, elapsed) * per_second_);
    bucket.last = std::max(bucket.last, now);
  }
  if (bucket.tokens < 1.0) return false;
  bucket.tokens -= 1.0;
  return true;
}

void RateLimiter::DropIdle(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = now - it->second.last > kIdleAfter ? buckets_.erase(it) : std::next(it);
  }
  last_sweep_ = now;
}

size_t RateLimiter::tracked_clients() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

}  // namespace prefill
