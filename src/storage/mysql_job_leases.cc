#include "storage/mysql_job_leases.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <random>

namespace prefill {

const char* const kCreateJobLeasesSql =
    "CREATE TABLE IF NOT EXISTS job_leases ("
    " name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,"
    " holder VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,"
    " expires_at DATETIME(6) NOT NULL"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

namespace {

// On Galera, every lease statement first waits until this node has applied all
// writes committed anywhere before it (wsrep_sync_wait 15: reads, UPDATE, INSERT),
// so its condition is judged on the current row, not a stale local copy;
// certification then arbitrates takers that are truly simultaneous. On a plain
// server the setting does nothing.
#define PREFILL_CAUSAL "SET STATEMENT wsrep_sync_wait = 15 FOR "
constexpr const char* kRenewSql =
    PREFILL_CAUSAL "UPDATE job_leases SET holder = ?, expires_at = NOW(6) + INTERVAL ? MICROSECOND "
    "WHERE name = ? AND (expires_at <= NOW(6) OR holder = ?)";
constexpr const char* kFirstSql =
    PREFILL_CAUSAL "INSERT IGNORE INTO job_leases (name, holder, expires_at) VALUES (?, ?, NOW(6) + INTERVAL ? MICROSECOND)";
constexpr const char* kReleaseSql =
    PREFILL_CAUSAL "UPDATE job_leases SET expires_at = '1970-01-01 00:00:01' WHERE name = ? AND holder = ?";

}  // namespace

bool TakeLease(sql::Connection& c, const std::string& name, const std::string& holder,
               std::chrono::milliseconds duration) {
  const int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
  try {
    std::unique_ptr<sql::PreparedStatement> renew(c.prepareStatement(kRenewSql));
    renew->setString(1, holder);
    renew->setInt64(2, micros);
    renew->setString(3, name);
    renew->setString(4, holder);
    // expires_at always changes, so a matching row always counts as affected.
    if (renew->executeUpdate() == 1) return true;
    std::unique_ptr<sql::PreparedStatement> first(c.prepareStatement(kFirstSql));
    first->setString(1, name);
    first->setString(2, holder);
    first->setInt64(3, micros);
    return first->executeUpdate() == 1;  // 0: the row exists, someone else holds it
  } catch (const sql::SQLException& e) {
    if (IsLostRace(e)) return false;  // another node took it at the same moment
    throw;
  }
}

void ReleaseLease(sql::Connection& c, const std::string& name, const std::string& holder) {
  std::unique_ptr<sql::PreparedStatement> release(c.prepareStatement(kReleaseSql));
  release->setString(1, name);
  release->setString(2, holder);
  release->executeUpdate();
}

MySqlJobLeases::MySqlJobLeases(ConnectionPool& pool, std::string holder) : pool_(pool), holder_(std::move(holder)) {}

Result<bool> MySqlJobLeases::TryTake(const std::string& name, std::chrono::milliseconds duration) {
  bool taken = false;
  Status s = pool_.Run([&](sql::Connection& c) {
    taken = TakeLease(c, name, holder_, duration);
    return Status::OK();
  });
  if (!s.ok()) return s;
  return taken;
}

Status MySqlJobLeases::Release(const std::string& name) {
  return pool_.Run([&](sql::Connection& c) {
    ReleaseLease(c, name, holder_);
    return Status::OK();
  });
}

std::string MySqlJobLeases::NewHolderId() {
  char host[64] = {0};
  gethostname(host, sizeof(host) - 1);
  std::random_device rd;
  const uint64_t random = (static_cast<uint64_t>(rd()) << 32) | rd();
  char id[128];
  std::snprintf(id, sizeof(id), "%.60s:%d:%016llx", host, static_cast<int>(getpid()),
                static_cast<unsigned long long>(random));
  // The column is ascii: keep only printable ASCII of the host name.
  std::string out(id);
  for (char& ch : out) {
    if (ch < 0x21 || ch > 0x7e) ch = '_';
  }
  return out;
}

}  // namespace prefill
