// MySqlSessionStore: the SessionStore of session/session_store.h on MariaDB,
// table `sessions` of sql/001_sessions.sql.
//
// Contract, beyond the interface's:
// - One round trip per call: a server-side prepared statement with bound
//   parameters (no value is ever spliced into SQL text), prepared once per
//   pooled connection (ConnectionPool::Prepared). Update's conflict path adds
//   one existence check.
// - Every write autocommits on InnoDB, so it is durable (redo log flushed, with
//   innodb_flush_log_at_trx_commit=1) before the call returns.
// - Update is `UPDATE ... SET ..., version = version + 1 WHERE hash = ? AND
//   version = ?`: the row lock taken by that single statement makes the
//   compare and the set atomic. No row -> NotFound; row with another version ->
//   Conflict, and nothing is written.
// - values / fixed / metadata are stored as JSON text (object of strings, array
//   of strings, object of strings) in utf8mb4_bin columns, byte-exact. Strings
//   must be valid UTF-8 (the only thing utf8mb4 can hold); others are refused
//   with InvalidArgument before anything is written, as are values too large
//   for their column or timestamps outside DATETIME's years 1000-9999, so a
//   non-strict sql_mode can never truncate silently.
// - A row whose JSON or state cannot be read back is reported as Internal,
//   never as a crash or a partial record.
// - ListProcessing walks the index idx_sessions_state (state, hash) of
//   sql/007_sessions_state.sql, so it reads processing sessions only, never the
//   table; the index changes only when a session's state does.
// - PurgeExpiredBefore deletes in batches of Options::purge_batch rows, each
//   its own short transaction on a freshly leased connection, so it never holds
//   many row locks or a connection for long.
//
// Errors: storage unreachable -> Unavailable; duplicate hash -> AlreadyExists
// (both via ConnectionPool::Run). Thread-safe: holds no mutable state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "session/session_store.h"
#include "storage/connection_pool.h"

namespace prefill {

class MySqlSessionStore : public SessionStore {
 public:
  struct Options {
    int64_t purge_batch = 1000;  // rows per DELETE of PurgeExpiredBefore
  };

  // `pool` must outlive the store.
  explicit MySqlSessionStore(ConnectionPool& pool) : MySqlSessionStore(pool, Options()) {}
  MySqlSessionStore(ConnectionPool& pool, Options options);

  Status Insert(const SessionRecord& record) override;
  Result<SessionRecord> Find(const std::string& hash) override;
  Status Update(SessionRecord* record) override;
  Result<int64_t> PurgeExpiredBefore(TimePoint cutoff) override;
  Result<std::vector<SessionRecord>> ListProcessing(TimePoint updated_before, const std::string& after_hash,
                                                    size_t limit) override;
  // A keyset page on idx_sessions_state_expiry (state, expires_at) of sql/009.
  Result<std::vector<SessionRecord>> ListOpenExpired(TimePoint bound, const SessionRecord* after,
                                                     size_t limit) override;

  // Update's statement on `c`, a connection leased from this store's pool
  // (inside ConnectionPool::Run), for a writer that stores the session in its
  // own database transaction (mysql_payment_ledger.h): the compare-and-set
  // with the same answers, but record.version is left for the caller to bump
  // once its transaction commits. Driver exceptions propagate to Run.
  Status UpdateOn(sql::Connection& c, const SessionRecord& record);

 private:
  ConnectionPool& pool_;
  const Options options_;
};

}  // namespace prefill
