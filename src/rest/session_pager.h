// ListSessionPage: one page of GET /v1/donation-sessions over a SessionQuery.
//
// Keyset pagination on row ids (see session_query.h): a page after cursor N
// scans "id beyond N in the listing's direction" with LIMIT pageSize+1 (the
// extra row says whether a next page exists); a page before N scans the other
// way and is reversed, so both read in the listing's direction. Whether a page
// exists on the other side is one more LIMIT 1 scan. A page is never offset-
// based, so sessions created during a walk never shift it: in a DESC walk,
// every session that existed when the walk began is returned exactly once.
#pragma once

#include <optional>
#include <vector>

#include "common/status.h"
#include "rest/session_cursor.h"
#include "rest/session_query.h"

namespace prefill {

inline constexpr int kDefaultPageSize = 25;
inline constexpr int kMaxPageSize = 100;

struct SessionPage {
  std::vector<ListedSession> sessions;  // in the listing's direction
  int64_t total_results = 0;            // matching the filter, all pages
  std::optional<SessionCursor> next;
  std::optional<SessionCursor> prev;
};

// `cursor` null: the first page. InvalidArgument if page_size is outside
// 1..kMaxPageSize or the cursor's direction is not `direction`.
Result<SessionPage> ListSessionPage(SessionQuery& query, const SessionFilter& filter, ListOrder direction,
                                    const std::optional<SessionCursor>& cursor, int page_size, TimePoint now);

}  // namespace prefill
