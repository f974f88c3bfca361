#include "session/session.h"

namespace prefill {

const char* SessionStateName(SessionState s) {
  switch (s) {
    case SessionState::kOpen: return "open";
    case SessionState::kProcessing: return "processing";
    case SessionState::kCompleted: return "completed";
    case SessionState::kExpired: return "expired";
  }
  return "open";  // unreachable: every enumerator is handled above
}

TimePoint SystemNow() { return std::chrono::time_point_cast<std::chrono::microseconds>(Clock::now()); }

TimePoint ExpiryBound(TimePoint now) { return now + std::chrono::microseconds(1); }

bool HasReachedExpiry(TimePoint expires_at, TimePoint now) { return expires_at < ExpiryBound(now); }

SessionState EffectiveState(const SessionRecord& record, TimePoint now) {
  const bool running = record.state == SessionState::kOpen || record.state == SessionState::kProcessing;
  if (running && HasReachedExpiry(record.expires_at, now)) return SessionState::kExpired;
  return record.state;
}

bool ParseSessionState(const std::string& name, SessionState* out) {
  static constexpr SessionState kAll[] = {SessionState::kOpen, SessionState::kProcessing,
                                          SessionState::kCompleted, SessionState::kExpired};
  for (SessionState s : kAll) {
    if (name == SessionStateName(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

}  // namespace prefill
