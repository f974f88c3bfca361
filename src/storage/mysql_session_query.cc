#include "storage/mysql_session_query.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>
#include <utility>

#include "storage/mysql_time.h"
#include "storage/session_row.h"
#include "storage/sql_query.h"
#include "storage/statements.h"

namespace prefill {
namespace {

// " WHERE ..." for `filter` at `now` (always at least "1"), appending its parameters.
std::string WhereClause(const SessionFilter& filter, TimePoint now, SqlParams* params) {
  std::string where = " WHERE 1";
  if (filter.form_id) {
    where += " AND s.form_id = ?";
    params->push_back(*filter.form_id);
  }
  if (filter.state) {
    // Effective state, by the one expiry rule (session.h): a running session is
    // expired iff expires_at < ExpiryBound(now); the bound is a parameter, so
    // the boundary is decided in the session core, not here.
    switch (*filter.state) {
      case SessionState::kOpen:
        where += " AND s.state = 'open' AND s.expires_at >= " PREFILL_SQL_DATETIME_PARAM;
        params->emplace_back(std::in_place_type<int64_t>, ToMicros(ExpiryBound(now)));
        break;
      case SessionState::kProcessing:
        where += " AND s.state = 'processing' AND s.expires_at >= " PREFILL_SQL_DATETIME_PARAM;
        params->emplace_back(std::in_place_type<int64_t>, ToMicros(ExpiryBound(now)));
        break;
      case SessionState::kCompleted:
        where += " AND s.state = 'completed'";
        break;
      case SessionState::kExpired:
        where += " AND (s.state = 'expired' OR (s.state IN ('open', 'processing') AND s.expires_at < "
                 PREFILL_SQL_DATETIME_PARAM "))";
        params->emplace_back(std::in_place_type<int64_t>, ToMicros(ExpiryBound(now)));
        break;
    }
  }
  return where;
}

constexpr const char* kSelect =
    "SELECT s.id, " PREFILL_SQL_SESSION_COLUMNS ", "
    "a.session_hash, a.session_type, a.success_url, a.user_id, a.account_id, a.language, a.currency "
    "FROM sessions s LEFT JOIN rest_session_attributes a ON a.session_hash = s.hash";

Result<ListedSession> ReadRow(sql::ResultSet& rs) {
  ListedSession row;
  row.row_id = rs.getInt64(1);
  // The session's columns 2-12, then those of its attributes from 13 on.
  if (Status s = ReadSessionRow(rs, 2, &row.record); !s.ok()) return s;
  static_assert(2 + kSessionColumnCount == 13, "attribute columns follow the session's");
  if (!rs.isNull(13)) {
    SessionAttributes& a = row.attributes;
    a.type = rs.getString(14);
    a.success_url = rs.getString(15);
    a.user_id = rs.getString(16);
    a.account_id = rs.getString(17);
    a.language = rs.getString(18);
    a.currency = rs.getString(19);
  }
  return row;
}

}  // namespace

namespace statements {
const char* const kSessionAttributes =
    "SELECT session_type, success_url, user_id, account_id, language, currency "
    "FROM rest_session_attributes WHERE session_hash = ?";
}  // namespace statements

Result<std::vector<ListedSession>> MySqlSessionQuery::Scan(const SessionScan& scan, TimePoint now) {
  if (scan.limit < 1) return std::vector<ListedSession>();
  SqlParams params;
  std::string sql = kSelect + WhereClause(scan.filter, now, &params);
  AppendKeysetPage("s.id", scan.order == ListOrder::kAscending, scan.after_id, scan.limit, &sql, &params);
  std::vector<ListedSession> rows;
  Status s = RunQuery(pool_, sql, params, [&](sql::ResultSet& rs) {
    Result<ListedSession> row = ReadRow(rs);
    if (!row.ok()) return row.status();
    rows.push_back(std::move(*row));
    return Status::OK();
  });
  if (!s.ok()) return s;
  return rows;
}

Result<int64_t> MySqlSessionQuery::Count(const SessionFilter& filter, TimePoint now) {
  SqlParams params;
  std::string sql = "SELECT COUNT(*) FROM sessions s" + WhereClause(filter, now, &params);
  return CountRows(pool_, sql, params);
}

Status MySqlSessionQuery::Put(const std::string& hash, const SessionAttributes& a) {
  Status s = pool_.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(
        "REPLACE INTO rest_session_attributes (session_hash, session_type, success_url, user_id, account_id, "
        "language, currency) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    st->setString(1, hash);
    st->setString(2, a.type);
    st->setString(3, a.success_url);
    st->setString(4, a.user_id);
    st->setString(5, a.account_id);
    st->setString(6, a.language);
    st->setString(7, a.currency);
    st->executeUpdate();
    return Status::OK();
  });
  // Error 1452 (foreign key): there is no such session.
  if (s.Is(Status::Code::kInternal) && s.message().find("1452") != std::string::npos) {
    return Status::NotFound("session not found");
  }
  return s;
}

Result<SessionAttributes> ReadSessionAttributes(ConnectionPool& pool, sql::Connection& c, const std::string& hash) {
  SessionAttributes a;
  sql::PreparedStatement& st = pool.Prepared(c, statements::kSessionAttributes);
  st.setString(1, hash);
  std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
  if (rs->next()) {
    a.type = rs->getString(1);
    a.success_url = rs->getString(2);
    a.user_id = rs->getString(3);
    a.account_id = rs->getString(4);
    a.language = rs->getString(5);
    a.currency = rs->getString(6);
  }
  return a;
}

Result<SessionAttributes> MySqlSessionQuery::Get(const std::string& hash) {
  std::optional<SessionAttributes> a;
  Status s = pool_.Run([&](sql::Connection& c) {
    Result<SessionAttributes> read = ReadSessionAttributes(pool_, c, hash);
    if (!read.ok()) return read.status();
    a = std::move(read.value());
    return Status::OK();
  });
  if (!s.ok()) return s;
  return std::move(*a);
}

}  // namespace prefill
