#include "storage/mysql_api_key_store.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "storage/mysql_time.h"

namespace prefill {
namespace {

constexpr const char* kColumns = "id, name, prefix, scopes, " PREFILL_SQL_MICROS("created_at") ", "
                                 PREFILL_SQL_MICROS("revoked_at");

Result<ApiKey> ReadKey(sql::ResultSet& rs) {
  ApiKey key;
  key.id = rs.getInt64(1);
  key.name = rs.getString(2);
  key.prefix = rs.getString(3);
  auto scopes = ParseScopes(std::string(rs.getString(4)));
  if (!scopes.ok()) return Status::Internal("corrupt api_keys.scopes of key " + key.name);
  key.scopes = *scopes;
  key.created_at = FromMicros(rs.getInt64(5));
  if (!rs.isNull(6)) key.revoked_at = FromMicros(rs.getInt64(6));
  return key;
}

}  // namespace

Result<ApiKey> MySqlApiKeyStore::Insert(const std::string& name, const GeneratedApiKey& key,
                                        const std::set<Scope>& scopes, TimePoint now) {
  ApiKey out;
  Status s = pool_.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(
        "INSERT INTO api_keys (name, prefix, key_hash, scopes, created_at) VALUES (?, ?, ?, ?, "
        PREFILL_SQL_DATETIME_PARAM ")"));
    st->setString(1, name);
    st->setString(2, key.prefix);
    st->setString(3, key.hash);
    st->setString(4, FormatScopes(scopes));
    st->setInt64(5, ToMicros(now));
    st->executeUpdate();
    std::unique_ptr<sql::PreparedStatement> id(c.prepareStatement("SELECT LAST_INSERT_ID()"));
    std::unique_ptr<sql::ResultSet> rs(id->executeQuery());
    if (!rs->next()) return Status::Internal("no id for the new key");
    out.id = rs->getInt64(1);
    return Status::OK();
  });
  if (!s.ok()) return s;
  out.name = name;
  out.prefix = key.prefix;
  out.scopes = scopes;
  out.created_at = now;
  return out;
}

Result<ApiKey> MySqlApiKeyStore::FindActiveByHash(const std::string& key_hash) {
  std::optional<Result<ApiKey>> found;
  Status s = pool_.Run([&](sql::Connection& c) {
    // Every REST request looks its key up: keep the statement prepared.
    sql::PreparedStatement& st =
        pool_.Prepared(c, std::string("SELECT ") + kColumns + " FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL");
    st.setString(1, key_hash);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (rs->next()) found = ReadKey(*rs);
    return Status::OK();
  });
  if (!s.ok()) return s;
  if (!found) return Status::NotFound("no such API key");
  return *found;
}

Result<std::vector<ApiKey>> MySqlApiKeyStore::List() {
  std::vector<ApiKey> keys;
  Status s = pool_.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> st(
        c.prepareStatement(std::string("SELECT ") + kColumns + " FROM api_keys ORDER BY id"));
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    while (rs->next()) {
      Result<ApiKey> key = ReadKey(*rs);
      if (!key.ok()) return key.status();
      keys.push_back(std::move(*key));
    }
    return Status::OK();
  });
  if (!s.ok()) return s;
  return keys;
}

Status MySqlApiKeyStore::Revoke(const std::string& name, TimePoint now) {
  return pool_.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(
        "UPDATE api_keys SET revoked_at = " PREFILL_SQL_DATETIME_PARAM " WHERE name = ? AND revoked_at IS NULL"));
    st->setInt64(1, ToMicros(now));
    st->setString(2, name);
    if (st->executeUpdate() == 0) return Status::NotFound("no active key called \"" + name + "\"");
    return Status::OK();
  });
}

}  // namespace prefill
