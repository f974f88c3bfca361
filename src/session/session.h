// SessionRecord: the stored state of one donation session (SPEC section 4).
//
// Plain data shared by the session core and the storage layer. `values` hold
// canonical strings only: an invalid value never reaches a record.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace prefill {

using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::time_point<Clock, std::chrono::microseconds>;

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

}  // namespace prefill
