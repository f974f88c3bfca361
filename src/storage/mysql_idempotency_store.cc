#include "storage/mysql_idempotency_store.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "storage/mysql_time.h"

namespace prefill {

Status MySqlIdempotencyStore::Claim(int64_t api_key_id, const std::string& key, const std::string& fingerprint,
                                    TimePoint now) {
  return pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(c,
        "INSERT INTO idempotency_keys (api_key_id, idem_key, fingerprint, state, response_body, created_at) "
        "VALUES (?, ?, ?, 'pending', '', " PREFILL_SQL_DATETIME_PARAM ")");
    st.setInt64(1, api_key_id);
    st.setString(2, key);
    st.setString(3, fingerprint);
    st.setInt64(4, ToMicros(now));
    st.executeUpdate();
    return Status::OK();
  });
}

Result<IdempotencyEntry> MySqlIdempotencyStore::Find(int64_t api_key_id, const std::string& key) {
  std::optional<IdempotencyEntry> found;
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(c,
        "SELECT fingerprint, state, response_status, response_body, " PREFILL_SQL_MICROS("created_at")
        " FROM idempotency_keys WHERE api_key_id = ? AND idem_key = ?");
    st.setInt64(1, api_key_id);
    st.setString(2, key);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (!rs->next()) return Status::OK();
    IdempotencyEntry entry;
    entry.fingerprint = rs->getString(1);
    entry.done = std::string(rs->getString(2)) == "done";
    entry.answer.status = rs->getInt(3);
    entry.answer.body = rs->getString(4);
    entry.created_at = FromMicros(rs->getInt64(5));
    found = std::move(entry);
    return Status::OK();
  });
  if (!s.ok()) return s;
  if (!found) return Status::NotFound("no such idempotency key");
  return *found;
}

Status MySqlIdempotencyStore::Complete(int64_t api_key_id, const std::string& key, const StoredAnswer& answer) {
  return pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(c,
        "UPDATE idempotency_keys SET state = 'done', response_status = ?, response_body = ? "
        "WHERE api_key_id = ? AND idem_key = ? AND state = 'pending'");
    st.setInt(1, answer.status);
    st.setString(2, answer.body);
    st.setInt64(3, api_key_id);
    st.setString(4, key);
    const int updated = st.executeUpdate();
    st.clearParameters();  // the cached statement need not keep a copy of the answer
    if (updated == 0) return Status::NotFound("the idempotency key is no longer held");
    return Status::OK();
  });
}

Status MySqlIdempotencyStore::Remove(int64_t api_key_id, const std::string& key, TimePoint created_at) {
  return pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(c,
        "DELETE FROM idempotency_keys WHERE api_key_id = ? AND idem_key = ? AND created_at = "
        PREFILL_SQL_DATETIME_PARAM);
    st.setInt64(1, api_key_id);
    st.setString(2, key);
    st.setInt64(3, ToMicros(created_at));
    st.executeUpdate();
    return Status::OK();
  });
}

Result<int64_t> MySqlIdempotencyStore::PurgeBefore(TimePoint cutoff) {
  int64_t deleted = 0;
  Status s = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(c,
        "DELETE FROM idempotency_keys WHERE created_at < " PREFILL_SQL_DATETIME_PARAM);
    st.setInt64(1, ToMicros(cutoff));
    deleted = st.executeUpdate();
    return Status::OK();
  });
  if (!s.ok()) return s;
  return deleted;
}

}  // namespace prefill
