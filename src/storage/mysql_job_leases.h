// Job leases: a named lease held by at most one process at a time across every
// Prefill node on one database (SPEC §9: background jobs run once cluster-wide;
// migrations run on one node at a time). A lease is a row of `job_leases`
// (name is the primary key) with its holder and an expiry in database time;
// it is taken with one conditional statement, never with GET_LOCK (which a
// Galera cluster does not replicate):
//   UPDATE ... WHERE name = ? AND (expires_at <= NOW(6) OR holder = ?)
// and, for a name never seen, INSERT IGNORE. On Galera, two nodes taking the
// same lease at once are ordered by certification: the loser's statement fails
// (1213) or, retried by the server, finds the row taken; either way it is told
// "not taken". A holder that dies simply lets its lease expire.
//
// Thread-safe (statements run on pooled connections). The table is created
// idempotently by ApplyMigrations (kCreateJobLeasesSql), before any migration.
#pragma once

#include <chrono>
#include <string>

#include "common/status.h"
#include "storage/connection_pool.h"

namespace sql {
class Connection;
}

namespace prefill {

extern const char* const kCreateJobLeasesSql;

// Takes or renews the lease `name` for `holder` until now + `duration` (database
// clock), on `c`. True if `holder` now holds it; false if another holder's lease
// has not expired or a concurrent taker won. Throws sql::SQLException on other
// database errors (call it inside ConnectionPool::Run).
bool TakeLease(sql::Connection& c, const std::string& name, const std::string& holder,
               std::chrono::milliseconds duration);
// Ends `holder`'s lease `name` at once (no effect if another holder has it).
void ReleaseLease(sql::Connection& c, const std::string& name, const std::string& holder);

class MySqlJobLeases {
 public:
  // `holder` names this process in the table; NewHolderId() by default.
  explicit MySqlJobLeases(ConnectionPool& pool, std::string holder = NewHolderId());

  Result<bool> TryTake(const std::string& name, std::chrono::milliseconds duration);
  Status Release(const std::string& name);
  const std::string& holder() const { return holder_; }

  // host name, process id and 64 random bits: unique per process.
  static std::string NewHolderId();

 private:
  ConnectionPool& pool_;
  const std::string holder_;
};

}  // namespace prefill
