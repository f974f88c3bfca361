// SessionQuery: reading many sessions at once, for the REST API's list
// (GET /v1/donation-sessions). Separate from SessionStore, which the session
// core needs and which knows single sessions by hash only.
//
// Sessions are ordered by their storage row id: ids grow with insertion and
// never change, so keyset pagination on them ("id < last seen") stays exact
// while sessions are being created - a new session can only appear beyond
// the end a DESC walk started from, never inside it.
//
// Filters work on the effective state (session.h EffectiveState): an
// open or processing session past expires_at is listed as expired. Filtering
// therefore needs `now`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "rest/session_attributes.h"
#include "session/session.h"

namespace prefill {

enum class ListOrder { kAscending, kDescending };

inline ListOrder Reversed(ListOrder o) {
  return o == ListOrder::kAscending ? ListOrder::kDescending : ListOrder::kAscending;
}

struct SessionFilter {
  std::optional<SessionState> state;  // effective state
  std::optional<std::string> form_id;
};

struct SessionScan {
  SessionFilter filter;
  ListOrder order = ListOrder::kDescending;
  std::optional<int64_t> after_id;  // exclusive: start beyond this row id in `order`
  int limit = 25;
};

struct ListedSession {
  int64_t row_id = 0;
  SessionRecord record;            // state as stored (callers apply EffectiveState)
  SessionAttributes attributes;    // defaults when the session has none stored
};

class SessionQuery {
 public:
  virtual ~SessionQuery() = default;

  // At most scan.limit sessions matching the filter, in scan.order.
  virtual Result<std::vector<ListedSession>> Scan(const SessionScan& scan, TimePoint now) = 0;

  // How many sessions match `filter` at `now`.
  virtual Result<int64_t> Count(const SessionFilter& filter, TimePoint now) = 0;
};

}  // namespace prefill
