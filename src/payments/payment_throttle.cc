#include "payments/payment_throttle.h"

#include <algorithm>

namespace prefill {

namespace {

void Expire(std::deque<PaymentThrottle::Clock::time_point>& window, PaymentThrottle::Clock::time_point now,
            std::chrono::seconds length) {
  while (!window.empty() && now - window.front() >= length) window.pop_front();
}

}  // namespace

std::optional<std::chrono::seconds> PaymentThrottle::Full(Map& map, const std::string& key, int cap,
                                                          Clock::time_point now) {
  if (cap <= 0 || key.empty()) return std::nullopt;
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  Expire(it->second, now, limits_.window);
  if (it->second.empty()) {
    map.erase(it);
    return std::nullopt;
  }
  if (static_cast<int>(it->second.size()) < cap) return std::nullopt;
  auto left = std::chrono::ceil<std::chrono::seconds>(limits_.window - (now - it->second.front()));
  return std::max(left, std::chrono::seconds(1));
}

void PaymentThrottle::Add(Map& map, const std::string& key, int cap, Clock::time_point now) {
  if (cap <= 0 || key.empty()) return;
  if (map.size() >= limits_.max_keys && map.find(key) == map.end()) {
    // Forget what has expired; if that is not enough, the entries whose last failure is oldest.
    for (auto it = map.begin(); it != map.end();) {
      Expire(it->second, now, limits_.window);
      it = it->second.empty() ? map.erase(it) : std::next(it);
    }
    while (map.size() >= limits_.max_keys) {
      auto oldest = std::min_element(map.begin(), map.end(),
                                     [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
      map.erase(oldest);
    }
  }
  Window& window = map[key];
  Expire(window, now, limits_.window);
  window.push_back(now);
  // Only the newest `cap` failures matter for the decision.
  while (static_cast<int>(window.size()) > cap) window.pop_front();
}

std::optional<PaymentThrottle::Refusal> PaymentThrottle::Check(const std::string& session, const std::string& client,
                                                               Clock::time_point now) {
  std::optional<Refusal> refusal;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto wait = Full(sessions_, session, limits_.per_session, now)) {
      refusal = Refusal{Scope::kSession, *wait};
    } else if (auto wait = Full(clients_, client, limits_.per_client, now)) {
      refusal = Refusal{Scope::kClient, *wait};
    }
  }
  if (refusal && on_refused_) on_refused_(refusal->scope);
  return refusal;
}

void PaymentThrottle::RecordFailure(const std::string& session, const std::string& client, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  Add(sessions_, session, limits_.per_session, now);
  Add(clients_, client, limits_.per_client, now);
}

}  // namespace prefill
