// PaymentThrottle: the card-testing defence (issue 16). Card testers try many
// card numbers (tokens) through one donation form, on one session or on many
// sessions from one client; every declined attempt costs the charity a fee and
// teaches the tester which cards work. So failed payment attempts are counted in a
// sliding window, per session and per client address, and beyond a cap further
// attempts are refused before the processor is called (form API: error 109, 429
// with Retry-After) until the window has moved on.
//
// "Failed" is an attempt the processor declined or that ended in error (a
// PaymentResult of kind kError with a transaction); incomplete sessions and
// refusals before an attempt do not count. The client address is the donor's
// address as the caller knows it: the `ip` parameter of /app/payment (the shop's
// server calls it for its donors), the TCP peer for the hosted page.
//
// In memory, per process: in a cluster each node counts its own (the caps then
// hold per node). Bounded: at most `max_keys` sessions and clients are tracked
// (the oldest entries are forgotten first). Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace prefill {

class PaymentThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  struct Limits {
    int per_session = 5;   // failed attempts per session in the window; 0: no cap
    int per_client = 20;   // failed attempts per client address in the window; 0: no cap
    std::chrono::seconds window{3600};
    size_t max_keys = 100000;
  };
  enum class Scope { kSession, kClient };
  struct Refusal {
    Scope scope;
    std::chrono::seconds retry_after;  // until the oldest counted failure leaves the window
  };

  // `on_refused` (optional) is told of every refusal, e.g. for a metric.
  explicit PaymentThrottle(Limits limits, std::function<void(Scope)> on_refused = nullptr)
      : limits_(limits), on_refused_(std::move(on_refused)) {}

  // Whether another attempt may be made now; a refusal names the cap that holds.
  // An empty `session` (one-step payments) is counted by client only.
  std::optional<Refusal> Check(const std::string& session, const std::string& client, Clock::time_point now);
  void RecordFailure(const std::string& session, const std::string& client, Clock::time_point now);

  const Limits& limits() const { return limits_; }

 private:
  using Window = std::deque<Clock::time_point>;
  using Map = std::unordered_map<std::string, Window>;
  std::optional<std::chrono::seconds> Full(Map& map, const std::string& key, int cap, Clock::time_point now);
  void Add(Map& map, const std::string& key, int cap, Clock::time_point now);

  Limits limits_;
  std::function<void(Scope)> on_refused_;
  std::mutex mu_;
  Map sessions_;
  Map clients_;
};

}  // namespace prefill
