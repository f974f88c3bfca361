// MySqlSessionQuery: the SessionQuery of rest/session_query.h on MariaDB
// (tables `sessions` of sql/001 and `rest_session_attributes` of sql/006), and
// the SessionAttributesStore of rest/session_attributes.h.
//
// Scan is one prepared statement: "WHERE <filters> AND id < ? ORDER BY id DESC
// LIMIT ?" (or > / ASC), on the primary key or on idx_sessions_form (form_id,
// id) when filtering by form. The SQL text is built only from fixed fragments
// chosen by which filters are present; every value is a bound parameter.
// Rows decode by the one decoder of storage/session_row.h (JSON object of
// strings for values and metadata, JSON array for fixed fields); a row that
// does not decode is reported as Internal. Thread-safe: no mutable state.
#pragma once

#include "rest/session_attributes.h"
#include "rest/session_query.h"
#include "storage/connection_pool.h"

namespace prefill {

class MySqlSessionQuery : public SessionQuery, public SessionAttributesStore {
 public:
  // `pool` must outlive the query.
  explicit MySqlSessionQuery(ConnectionPool& pool) : pool_(pool) {}

  Result<std::vector<ListedSession>> Scan(const SessionScan& scan, TimePoint now) override;
  Result<int64_t> Count(const SessionFilter& filter, TimePoint now) override;

  Status Put(const std::string& hash, const SessionAttributes& attributes) override;
  Result<SessionAttributes> Get(const std::string& hash) override;

 private:
  ConnectionPool& pool_;
};

// The REST attributes of session `hash` on `c` (a connection of `pool`, inside
// ConnectionPool::Run; e.g. in a writer's transaction), defaults when none are
// stored. The statement is the pool's prepared one of `c` (ConnectionPool::Prepared):
// a payment's outbox reads it in its commit, so no prepare round trip per call.
// Driver exceptions propagate.
Result<SessionAttributes> ReadSessionAttributes(ConnectionPool& pool, sql::Connection& c, const std::string& hash);

}  // namespace prefill
