// Statements built at run time, for the stores' list and count queries.
//
// A list or count query's WHERE clause depends on the filter given, so its text
// and its parameters are built together: each placeholder `?` appended to the
// text gets its value appended to a `SqlParams` in the same order. Values are
// always bound, never spliced into the text.
//
//   SqlParams params;
//   std::string sql = "SELECT ... FROM t WHERE 1";
//   if (form) { sql += " AND form_id = ?"; params.push_back(*form); }
//   AppendKeysetPage("id", ascending, after_id, limit, &sql, &params);
//   Status s = RunQuery(pool, sql, params, [&](sql::ResultSet& row) { ...; return Status::OK(); });
//
// Thread safety: free functions; the pool does the locking.
#pragma once

#include <cppconn/resultset.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/status.h"
#include "storage/connection_pool.h"

namespace prefill {

// The values of a statement's placeholders, in order.
using SqlParam = std::variant<int64_t, std::string>;
using SqlParams = std::vector<SqlParam>;

// " AND <id_column> > ?" (or "<" when descending) after `after_id` when given, then
// " ORDER BY <id_column> ASC|DESC LIMIT ?": one page of a keyset-paged list.
// `id_column` is a column name from the caller's own text, never input.
void AppendKeysetPage(const char* id_column, bool ascending, std::optional<int64_t> after_id, int64_t limit,
                      std::string* sql, SqlParams* params);

// Prepares `sql`, binds `params` and calls `on_row` for each row of the result, in
// order; the first error `on_row` returns ends the walk and is returned.
Status RunQuery(ConnectionPool& pool, const std::string& sql, const SqlParams& params,
                const std::function<Status(sql::ResultSet&)>& on_row);

// Appends each row of `rs` to `out`, decoded by `read(sql::ResultSet&, T*) -> Status`;
// the first decoding error ends the walk and is returned (what was read stays in `out`).
template <typename T, typename Read>
Status CollectRows(sql::ResultSet& rs, Read read, std::vector<T>* out) {
  while (rs.next()) {
    T item;
    Status decoded = read(rs, &item);
    if (!decoded.ok()) return decoded;
    out->push_back(std::move(item));
  }
  return Status::OK();
}

// The single integer a `SELECT COUNT(*) ...` statement returns.
Result<int64_t> CountRows(ConnectionPool& pool, const std::string& sql, const SqlParams& params);

}  // namespace prefill
