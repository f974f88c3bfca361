// Keyset pagination of the REST API's lists: ListKeysetPage over any rows that
// carry a storage row id (sessions, donation intents), and ListSessionPage,
// one page of GET /v1/donation-sessions over a SessionQuery.
//
// Keyset pagination on row ids (see session_query.h): a page after cursor N
// scans "id beyond N in the listing's direction" with LIMIT pageSize+1 (the
// extra row says whether a next page exists); a page before N scans the other
// way and is reversed, so both read in the listing's direction. Whether a page
// exists on the other side is one more LIMIT 1 scan. A page is never offset-
// based, so rows created during a walk never shift it: in a DESC walk, every
// row that existed when the walk began is returned exactly once. The cursor
// (session_cursor.h) names a row id and a direction only, so every list uses
// the same one.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "rest/session_cursor.h"
#include "rest/session_query.h"

namespace prefill {

inline constexpr int kDefaultPageSize = 25;
inline constexpr int kMaxPageSize = 100;

template <typename Row>
struct KeysetPage {
  std::vector<Row> rows;       // in the listing's direction
  int64_t total_results = 0;   // matching the filter, all pages
  std::optional<SessionCursor> next;
  std::optional<SessionCursor> prev;
};

// The rows of a list: at most `limit` matching rows in `order` whose row id
// lies beyond `after_id` (exclusive; none: from the start), and how many match
// in all. The filter is the source's business (captured by the functions).
template <typename Row>
struct KeysetSource {
  std::function<Result<std::vector<Row>>(ListOrder order, std::optional<int64_t> after_id, int limit)> scan;
  std::function<Result<int64_t>()> count;
  std::function<int64_t(const Row&)> row_id;
};

// One page. `cursor` null: the first page. InvalidArgument if page_size is
// outside 1..kMaxPageSize or the cursor's direction is not `direction`.
template <typename Row>
Result<KeysetPage<Row>> ListKeysetPage(const KeysetSource<Row>& source, ListOrder direction,
                                       const std::optional<SessionCursor>& cursor, int page_size) {
  if (page_size < 1 || page_size > kMaxPageSize) {
    return Status::InvalidArgument("pageSize must be between 1 and " + std::to_string(kMaxPageSize));
  }
  if (cursor && cursor->direction != direction) {
    return Status::InvalidArgument("the cursor belongs to a listing in the other direction");
  }
  const bool before = cursor && cursor->before;
  auto rows = source.scan(before ? Reversed(direction) : direction,
                          cursor ? std::optional<int64_t>(cursor->row_id) : std::nullopt, page_size + 1);
  if (!rows.ok()) return rows.status();

  KeysetPage<Row> page;
  page.rows = std::move(*rows);
  const bool more_in_scan = static_cast<int>(page.rows.size()) > page_size;
  if (more_in_scan) page.rows.resize(page_size);
  if (before) std::reverse(page.rows.begin(), page.rows.end());

  // The ids bounding this page; for an empty page, the cursor's own position.
  const std::optional<int64_t> first =
      page.rows.empty() ? (cursor ? std::optional<int64_t>(cursor->row_id) : std::nullopt)
                        : std::optional<int64_t>(source.row_id(page.rows.front()));
  const std::optional<int64_t> last =
      page.rows.empty() ? first : std::optional<int64_t>(source.row_id(page.rows.back()));

  // True if a matching row lies beyond `row_id` in `order`.
  auto any_beyond = [&](ListOrder order, int64_t row_id) -> Result<bool> {
    auto probe = source.scan(order, row_id, 1);
    if (!probe.ok()) return probe.status();
    return !probe->empty();
  };
  bool has_next = false, has_prev = false;
  if (!before) {
    has_next = more_in_scan;
    if (cursor && first) {  // the first page has nothing before it by definition
      auto any = any_beyond(Reversed(direction), *first);
      if (!any.ok()) return any.status();
      has_prev = *any;
    }
  } else {
    has_prev = more_in_scan;
    if (last) {
      auto any = any_beyond(direction, *last);
      if (!any.ok()) return any.status();
      has_next = *any;
    }
  }
  if (has_next && last) page.next = SessionCursor{direction, false, *last};
  if (has_prev && first) page.prev = SessionCursor{direction, true, *first};

  auto total = source.count();
  if (!total.ok()) return total.status();
  page.total_results = *total;
  return page;
}

struct SessionPage {
  std::vector<ListedSession> sessions;  // in the listing's direction
  int64_t total_results = 0;            // matching the filter, all pages
  std::optional<SessionCursor> next;
  std::optional<SessionCursor> prev;
};

// ListKeysetPage over `query` with `filter` at `now`.
Result<SessionPage> ListSessionPage(SessionQuery& query, const SessionFilter& filter, ListOrder direction,
                                    const std::optional<SessionCursor>& cursor, int page_size, TimePoint now);

}  // namespace prefill
