#include "storage/sql_query.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <memory>

namespace prefill {
namespace {

void Bind(sql::PreparedStatement& st, const SqlParams& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    const auto index = static_cast<unsigned>(i + 1);
    if (const auto* n = std::get_if<int64_t>(&params[i])) {
      st.setInt64(index, *n);
    } else {
      st.setString(index, std::get<std::string>(params[i]));
    }
  }
}

}  // namespace

void AppendKeysetPage(const char* id_column, bool ascending, std::optional<int64_t> after_id, int64_t limit,
                      std::string* sql, SqlParams* params) {
  const std::string column = id_column;
  if (after_id) {
    *sql += " AND " + column + (ascending ? " > ?" : " < ?");
    params->emplace_back(*after_id);
  }
  *sql += " ORDER BY " + column + (ascending ? " ASC LIMIT ?" : " DESC LIMIT ?");
  params->emplace_back(limit);
}

Status RunQuery(ConnectionPool& pool, const std::string& sql, const SqlParams& params,
                const std::function<Status(sql::ResultSet&)>& on_row) {
  return pool.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(sql));
    Bind(*st, params);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    while (rs->next()) {
      Status row = on_row(*rs);
      if (!row.ok()) return row;
    }
    return Status::OK();
  });
}

Result<int64_t> CountRows(ConnectionPool& pool, const std::string& sql, const SqlParams& params) {
  int64_t count = 0;
  Status s = RunQuery(pool, sql, params, [&](sql::ResultSet& rs) {
    count = rs.getInt64(1);
    return Status::OK();
  });
  if (!s.ok()) return s;
  return count;
}

}  // namespace prefill
