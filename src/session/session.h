// SessionRecord: the stored state of one donation session (SPEC section 4).
//
// Plain data shared by the session core and the storage layer. `values` hold
// canonical strings only: an invalid value never reaches a record.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>

namespace prefill {

using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::time_point<Clock, std::chrono::microseconds>;

using NowFunction = std::function<TimePoint()>;

// The system clock at microsecond precision (the precision of TimePoint).
TimePoint SystemNow();

enum class SessionState { kOpen, kProcessing, kCompleted, kExpired };

const char* SessionStateName(SessionState s);                  // "open", "processing", ...
bool ParseSessionState(const std::string& name, SessionState* out);

struct SessionRecord {
  std::string hash;     // fbSessionHash: opaque, >= 128 random bits, URL-safe
  std::string form_id;
  bool sandbox = false;
  SessionState state = SessionState::kOpen;
  std::map<std::string, std::string> values;    // field -> canonical value
  std::set<std::string> fixed;                  // locked fields (_fix)
  std::map<std::string, std::string> metadata;  // REST API metadata
  int64_t version = 0;  // optimistic concurrency token, bumped by every stored update
  TimePoint created_at{};
  TimePoint updated_at{};
  TimePoint expires_at{};
};

// The one expiry rule. An open or processing session is expired from the
// instant of its expires_at on: expired at `now` iff expires_at <= now, i.e.
// iff expires_at < ExpiryBound(now). Stores that filter or purge by expiry
// (SQL included) take ExpiryBound(...) as their parameter and compare with a
// plain `expires_at < bound`, so the boundary is decided here only.
// Completed sessions never expire; an expired one stays expired.
TimePoint ExpiryBound(TimePoint now);

// Whether a session that expires at `expires_at` has reached it at `now`.
bool HasReachedExpiry(TimePoint expires_at, TimePoint now);

// The state a record is in at `now` (its effective state): open/processing
// become expired at expires_at; every reader and writer decides on this one.
SessionState EffectiveState(const SessionRecord& record, TimePoint now);

}  // namespace prefill
