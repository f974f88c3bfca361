#include "rest/session_pager.h"

namespace prefill {

Result<SessionPage> ListSessionPage(SessionQuery& query, const SessionFilter& filter, ListOrder direction,
                                    const std::optional<SessionCursor>& cursor, int page_size, TimePoint now) {
  KeysetSource<ListedSession> source;
  source.scan = [&](ListOrder order, std::optional<int64_t> after_id, int limit) {
    SessionScan scan;
    scan.filter = filter;
    scan.order = order;
    scan.after_id = after_id;
    scan.limit = limit;
    return query.Scan(scan, now);
  };
  source.count = [&] { return query.Count(filter, now); };
  source.row_id = [](const ListedSession& s) { return s.row_id; };
  auto page = ListKeysetPage(source, direction, cursor, page_size);
  if (!page.ok()) return page.status();
  return SessionPage{std::move(page->rows), page->total_results, page->next, page->prev};
}

}  // namespace prefill
