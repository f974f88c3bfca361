#include "rest/session_pager.h"

#include <algorithm>

namespace prefill {
namespace {

// True if a session matching `filter` lies beyond `row_id` in `order`.
Result<bool> AnyBeyond(SessionQuery& query, const SessionFilter& filter, ListOrder order, int64_t row_id,
                       TimePoint now) {
  SessionScan probe;
  probe.filter = filter;
  probe.order = order;
  probe.after_id = row_id;
  probe.limit = 1;
  auto rows = query.Scan(probe, now);
  if (!rows.ok()) return rows.status();
  return !rows->empty();
}

}  // namespace

Result<SessionPage> ListSessionPage(SessionQuery& query, const SessionFilter& filter, ListOrder direction,
                                    const std::optional<SessionCursor>& cursor, int page_size, TimePoint now) {
  if (page_size < 1 || page_size > kMaxPageSize) {
    return Status::InvalidArgument("pageSize must be between 1 and " + std::to_string(kMaxPageSize));
  }
  if (cursor && cursor->direction != direction) {
    return Status::InvalidArgument("the cursor belongs to a listing in the other direction");
  }
  const bool before = cursor && cursor->before;

  SessionScan scan;
  scan.filter = filter;
  scan.order = before ? Reversed(direction) : direction;
  if (cursor) scan.after_id = cursor->row_id;
  scan.limit = page_size + 1;
  auto rows = query.Scan(scan, now);
  if (!rows.ok()) return rows.status();

  SessionPage page;
  page.sessions = std::move(*rows);
  const bool more_in_scan = static_cast<int>(page.sessions.size()) > page_size;
  if (more_in_scan) page.sessions.resize(page_size);
  if (before) std::reverse(page.sessions.begin(), page.sessions.end());

  // The ids bounding this page; for an empty page, the cursor's own position.
  const std::optional<int64_t> first =
      page.sessions.empty() ? (cursor ? std::optional<int64_t>(cursor->row_id) : std::nullopt)
                            : std::optional<int64_t>(page.sessions.front().row_id);
  const std::optional<int64_t> last =
      page.sessions.empty() ? first : std::optional<int64_t>(page.sessions.back().row_id);

  bool has_next = false, has_prev = false;
  if (!before) {
    has_next = more_in_scan;
    if (cursor && first) {  // the first page has nothing before it by definition
      auto any = AnyBeyond(query, filter, Reversed(direction), *first, now);
      if (!any.ok()) return any.status();
      has_prev = *any;
    }
  } else {
    has_prev = more_in_scan;
    if (last) {
      auto any = AnyBeyond(query, filter, direction, *last, now);
      if (!any.ok()) return any.status();
      has_next = *any;
    }
  }
  if (has_next && last) page.next = SessionCursor{direction, false, *last};
  if (has_prev && first) page.prev = SessionCursor{direction, true, *first};

  auto total = query.Count(filter, now);
  if (!total.ok()) return total.status();
  page.total_results = *total;
  return page;
}

}  // namespace prefill
