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
