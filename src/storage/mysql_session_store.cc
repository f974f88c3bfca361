#include "storage/mysql_session_store.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string_view>

#include "storage/mysql_time.h"
#include "storage/sql_query.h"
#include "storage/session_row.h"
#include "storage/statements.h"
#include "validators/text.h"

namespace prefill {
namespace {

// Column limits of sql/001_sessions.sql, checked before writing so that nothing
// is ever truncated, whatever the server's sql_mode.
constexpr size_t kMaxHashBytes = 64;                     // VARCHAR(64) ascii
constexpr size_t kMaxFormIdCodePoints = 64;              // VARCHAR(64) utf8mb4
constexpr size_t kMaxMediumTextBytes = (1u << 24) - 1;   // field_values, metadata
constexpr size_t kMaxTextBytes = (1u << 16) - 1;         // fixed_fields

constexpr const char* kInsertSql =
    "INSERT INTO sessions (hash, form_id, sandbox, state, field_values, fixed_fields, metadata, version, "
    "created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, " PREFILL_SQL_DATETIME_PARAM ", "
    PREFILL_SQL_DATETIME_PARAM ", " PREFILL_SQL_DATETIME_PARAM ")";
constexpr const char* kSelectSql = "SELECT " PREFILL_SQL_SESSION_COLUMNS " FROM sessions s WHERE s.hash = ?";
// One statement: its row lock makes compare and set atomic.
constexpr const char* kUpdateSql =
    "UPDATE sessions SET form_id = ?, sandbox = ?, state = ?, field_values = ?, fixed_fields = ?, metadata = ?, "
    "created_at = " PREFILL_SQL_DATETIME_PARAM ", updated_at = " PREFILL_SQL_DATETIME_PARAM
    ", expires_at = " PREFILL_SQL_DATETIME_PARAM ", version = version + 1 WHERE hash = ? AND version = ?";
constexpr const char* kListProcessingSql =
    "SELECT " PREFILL_SQL_SESSION_COLUMNS " FROM sessions s WHERE s.state = 'processing' AND s.hash > ? "
    "AND s.updated_at < " PREFILL_SQL_DATETIME_PARAM " ORDER BY s.hash LIMIT ?";
// (expires_at, hash) after the previous page's last, spelled out so the index
// range is used.
constexpr const char* kListOpenExpiredSql =
    "SELECT " PREFILL_SQL_SESSION_COLUMNS " FROM sessions s WHERE s.state = 'open' AND s.expires_at < "
    PREFILL_SQL_DATETIME_PARAM " AND (s.expires_at > " PREFILL_SQL_DATETIME_PARAM " OR (s.expires_at = "
    PREFILL_SQL_DATETIME_PARAM " AND s.hash > ?)) ORDER BY s.expires_at, s.hash LIMIT ?";
// Before every storable time: the first page starts here.
constexpr int64_t kFirstMicros = -30610224000LL * 1000000;  // 1000-01-01 00:00:00
constexpr const char* kExistsSql = "SELECT 1 FROM sessions WHERE hash = ?";
// ORDER BY makes the batch deterministic (safe for statement-based replication)
// and walks the expires_at index.
constexpr const char* kPurgeSql = "DELETE FROM sessions WHERE expires_at < " PREFILL_SQL_DATETIME_PARAM " ORDER BY expires_at LIMIT ?";

// ---- JSON columns ----------------------------------------------------------

// Refuses invalid UTF-8 instead of writing it: utf8mb4 could not hold it byte-exact.
using ValidatingWriter = rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>,
                                           rapidjson::CrtAllocator, rapidjson::kWriteValidateEncodingFlag>;

bool WriteString(ValidatingWriter& w, const std::string& s) {
  return w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

Result<std::string> EncodeObject(const std::map<std::string, std::string>& map, const char* what) {
  rapidjson::StringBuffer buffer;
  ValidatingWriter w(buffer);
  w.StartObject();
  for (const auto& [key, value] : map) {
    if (!WriteString(w, key) || !WriteString(w, value)) {
      return Status::InvalidArgument(std::string(what) + " holds invalid UTF-8 (key '" + key + "')");
    }
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<std::string> EncodeArray(const std::set<std::string>& set, const char* what) {
  rapidjson::StringBuffer buffer;
  ValidatingWriter w(buffer);
  w.StartArray();
  for (const std::string& item : set) {
    if (!WriteString(w, item)) return Status::InvalidArgument(std::string(what) + " holds invalid UTF-8");
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

// ---- rows --------------------------------------------------------------------

// The record's columns other than hash and version, encoded and checked.
struct EncodedColumns {
  std::string values;
  std::string fixed;
  std::string metadata;
};

// A DATETIME holds only the years 1000-9999: refuse other times before writing.
Status CheckTimes(const SessionRecord& r) {
  for (auto [time, what] : {std::pair{r.created_at, "created_at"}, std::pair{r.updated_at, "updated_at"},
                            std::pair{r.expires_at, "expires_at"}}) {
    if (!FitsDatetime(time)) {
      return Status::InvalidArgument(std::string(what) + " outside the years 1000-9999 a DATETIME can hold");
    }
  }
  return Status::OK();
}

Status CheckSize(const std::string& encoded, size_t limit, const char* what) {
  if (encoded.size() > limit) {
    return Status::TooLarge(std::string(what) + " is " + std::to_string(encoded.size()) +
                            " bytes as JSON, over the column's " + std::to_string(limit));
  }
  return Status::OK();
}

Result<EncodedColumns> Encode(const SessionRecord& r) {
  if (!validators::IsValidUtf8(r.form_id) || validators::CodePointCount(r.form_id) > kMaxFormIdCodePoints) {
    return Status::InvalidArgument("form id is not valid UTF-8 of at most 64 characters");
  }
  EncodedColumns e;
  auto values = EncodeObject(r.values, "values");
  if (!values.ok()) return values.status();
  e.values = std::move(*values);
  auto fixed = EncodeArray(r.fixed, "fixed fields");
  if (!fixed.ok()) return fixed.status();
  e.fixed = std::move(*fixed);
  auto metadata = EncodeObject(r.metadata, "metadata");
  if (!metadata.ok()) return metadata.status();
  e.metadata = std::move(*metadata);
  for (Status s : {CheckSize(e.values, kMaxMediumTextBytes, "values"), CheckSize(e.fixed, kMaxTextBytes, "fixed fields"),
                   CheckSize(e.metadata, kMaxMediumTextBytes, "metadata")}) {
    if (!s.ok()) return s;
  }
  if (Status times = CheckTimes(r); !times.ok()) return times;
  return e;
}

// A hash the hash column could hold; any other is simply not there.
bool IsStorableHash(const std::string& hash) {
  if (hash.empty() || hash.size() > kMaxHashBytes) return false;
  for (char c : hash) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// Binds the columns shared by INSERT and UPDATE, from parameter `first` on, in
// the order form_id, sandbox, state, field_values, fixed_fields, metadata.
void BindContent(sql::PreparedStatement& st, int first, const SessionRecord& r, const EncodedColumns& e) {
  st.setString(first, r.form_id);
  st.setInt(first + 1, r.sandbox ? 1 : 0);
  st.setString(first + 2, SessionStateName(r.state));
  st.setString(first + 3, e.values);
  st.setString(first + 4, e.fixed);
  st.setString(first + 5, e.metadata);
}

}  // namespace

namespace statements {
const char* const kSessionInsert = kInsertSql;
const char* const kSessionSelectByHash = kSelectSql;
const char* const kSessionCompareAndSet = kUpdateSql;
}  // namespace statements

MySqlSessionStore::MySqlSessionStore(ConnectionPool& pool, Options options) : pool_(pool), options_(options) {}

Status MySqlSessionStore::Insert(const SessionRecord& record) {
  if (!IsStorableHash(record.hash)) {
    return Status::InvalidArgument("session hash must be 1-64 printable ASCII characters");
  }
  auto encoded = Encode(record);
  if (!encoded.ok()) return encoded.status();
  const EncodedColumns& e = *encoded;
  return pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(c, kInsertSql);
    st.setString(1, record.hash);
    BindContent(st, 2, record, e);
    st.setInt64(8, record.version);
    st.setInt64(9, ToMicros(record.created_at));
    st.setInt64(10, ToMicros(record.updated_at));
    st.setInt64(11, ToMicros(record.expires_at));
    st.executeUpdate();  // duplicate hash: error 1062, AlreadyExists from the pool
    st.clearParameters();  // the cached statement need not keep a copy of the values
    return Status::OK();
  });
}

Result<SessionRecord> MySqlSessionStore::Find(const std::string& hash) {
  if (!IsStorableHash(hash)) return Status::NotFound("session not found");
  std::optional<SessionRecord> found;
  Status status = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(c, kSelectSql);
    st.setString(1, hash);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (!rs->next()) return Status::NotFound("session not found");
    SessionRecord record;
    Status read = ReadSessionRow(*rs, 1, &record);
    if (!read.ok()) return read;
    found = std::move(record);
    return Status::OK();
  });
  if (!status.ok()) return status;
  return std::move(*found);
}

Status MySqlSessionStore::Update(SessionRecord* record) {
  Status status = pool_.Run([&](sql::Connection& c) { return UpdateOn(c, *record); });
  if (status.ok()) ++record->version;
  return status;
}

Status MySqlSessionStore::UpdateOn(sql::Connection& c, const SessionRecord& record) {
  if (!IsStorableHash(record.hash)) return Status::NotFound("session not found");
  auto encoded = Encode(record);
  if (!encoded.ok()) return encoded.status();
  const EncodedColumns& e = *encoded;
  sql::PreparedStatement& st = pool_.Prepared(c, kUpdateSql);
  BindContent(st, 1, record, e);
  st.setInt64(7, ToMicros(record.created_at));
  st.setInt64(8, ToMicros(record.updated_at));
  st.setInt64(9, ToMicros(record.expires_at));
  st.setString(10, record.hash);
  st.setInt64(11, record.version);
  // The SET always changes `version`, so a matched row always counts as affected.
  const int updated = st.executeUpdate();
  st.clearParameters();
  if (updated == 1) return Status::OK();
  // Lost the compare: the slow path may afford a second round trip to tell why.
  sql::PreparedStatement& exists = pool_.Prepared(c, kExistsSql);
  exists.setString(1, record.hash);
  std::unique_ptr<sql::ResultSet> rs(exists.executeQuery());
  if (!rs->next()) return Status::NotFound("session not found");
  return Status::Conflict("session changed concurrently");
}

Result<int64_t> MySqlSessionStore::PurgeExpiredBefore(TimePoint cutoff) {
  if (!FitsDatetime(cutoff)) return Status::InvalidArgument("purge cutoff outside the years 1000-9999");
  const int64_t batch = options_.purge_batch > 0 ? options_.purge_batch : 1000;
  int64_t purged = 0;
  for (;;) {
    int64_t deleted = 0;
    // A lease per batch: request threads get the connection back between batches.
    Status status = pool_.Run([&](sql::Connection& c) {
      sql::PreparedStatement& st = pool_.Prepared(c, kPurgeSql);
      st.setInt64(1, ToMicros(cutoff));
      st.setInt64(2, batch);
      deleted = st.executeUpdate();
      return Status::OK();
    });
    if (!status.ok()) return status;
    purged += deleted;
    if (deleted < batch) return purged;
  }
}

Result<std::vector<SessionRecord>> MySqlSessionStore::ListProcessing(TimePoint updated_before,
                                                                     const std::string& after_hash, size_t limit) {
  std::vector<SessionRecord> found;
  if (limit == 0) return found;
  if (!FitsDatetime(updated_before)) return Status::InvalidArgument("cutoff outside the years 1000-9999");
  Status status = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(c, kListProcessingSql);
    st.setString(1, after_hash);
    st.setInt64(2, ToMicros(updated_before));
    st.setInt64(3, static_cast<int64_t>(limit));
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    return CollectRows(*rs, [](sql::ResultSet& row, SessionRecord* r) { return ReadSessionRow(row, 1, r); }, &found);
  });
  if (!status.ok()) return status;
  return found;
}

Result<std::vector<SessionRecord>> MySqlSessionStore::ListOpenExpired(TimePoint bound, const SessionRecord* after,
                                                                      size_t limit) {
  std::vector<SessionRecord> found;
  if (limit == 0) return found;
  if (!FitsDatetime(bound) || (after != nullptr && !FitsDatetime(after->expires_at))) {
    return Status::InvalidArgument("time outside the years 1000-9999");
  }
  const int64_t after_micros = after != nullptr ? ToMicros(after->expires_at) : kFirstMicros;
  const std::string after_hash = after != nullptr ? after->hash : std::string();
  Status status = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(c, kListOpenExpiredSql);
    st.setInt64(1, ToMicros(bound));
    st.setInt64(2, after_micros);
    st.setInt64(3, after_micros);
    st.setString(4, after_hash);
    st.setInt64(5, static_cast<int64_t>(limit));
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    return CollectRows(*rs, [](sql::ResultSet& row, SessionRecord* r) { return ReadSessionRow(row, 1, r); }, &found);
  });
  if (!status.ok()) return status;
  return found;
}

}  // namespace prefill
