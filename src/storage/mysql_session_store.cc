#include "storage/mysql_session_store.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string_view>

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
    "created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectSql =
    "SELECT form_id, sandbox, state, field_values, fixed_fields, metadata, version, "
    "created_at, updated_at, expires_at FROM sessions WHERE hash = ?";
// One statement: its row lock makes compare and set atomic.
constexpr const char* kUpdateSql =
    "UPDATE sessions SET form_id = ?, sandbox = ?, state = ?, field_values = ?, fixed_fields = ?, metadata = ?, "
    "created_at = ?, updated_at = ?, expires_at = ?, version = version + 1 WHERE hash = ? AND version = ?";
constexpr const char* kExistsSql = "SELECT 1 FROM sessions WHERE hash = ?";
// ORDER BY makes the batch deterministic (safe for statement-based replication)
// and walks the expires_at index.
constexpr const char* kPurgeSql = "DELETE FROM sessions WHERE expires_at < ? ORDER BY expires_at LIMIT ?";

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

// Iterative parsing: a corrupt column of deep nesting cannot exhaust the stack.
constexpr unsigned kParseFlags = rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;

Status ParseJson(const std::string& text, const char* column, rapidjson::Document* doc) {
  doc->Parse<kParseFlags>(text.data(), text.size());
  if (doc->HasParseError()) {
    return Status::Internal(std::string("corrupt sessions.") + column + ": " +
                            rapidjson::GetParseError_En(doc->GetParseError()) + " at offset " +
                            std::to_string(doc->GetErrorOffset()));
  }
  return Status::OK();
}

std::string AsString(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

Status DecodeObject(const std::string& text, const char* column, std::map<std::string, std::string>* out) {
  rapidjson::Document doc;
  Status parsed = ParseJson(text, column, &doc);
  if (!parsed.ok()) return parsed;
  if (!doc.IsObject()) return Status::Internal(std::string("corrupt sessions.") + column + ": not an object");
  for (const auto& member : doc.GetObject()) {
    if (!member.value.IsString()) {
      return Status::Internal(std::string("corrupt sessions.") + column + ": a value is not a string");
    }
    if (!out->emplace(AsString(member.name), AsString(member.value)).second) {
      return Status::Internal(std::string("corrupt sessions.") + column + ": duplicate key");
    }
  }
  return Status::OK();
}

Status DecodeArray(const std::string& text, const char* column, std::set<std::string>* out) {
  rapidjson::Document doc;
  Status parsed = ParseJson(text, column, &doc);
  if (!parsed.ok()) return parsed;
  if (!doc.IsArray()) return Status::Internal(std::string("corrupt sessions.") + column + ": not an array");
  for (const auto& item : doc.GetArray()) {
    if (!item.IsString()) return Status::Internal(std::string("corrupt sessions.") + column + ": an item is not a string");
    out->insert(AsString(item));
  }
  return Status::OK();
}

// ---- DATETIME(6) columns (UTC: the pool sets time_zone = '+00:00') ----------

Result<std::string> FormatDateTime(TimePoint t, const char* what) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  if (year < 1000 || year > 9999) {
    return Status::InvalidArgument(std::string(what) + " outside the years 1000-9999 a DATETIME can hold");
  }
  const int64_t micros = (t - day).count();  // within the day, >= 0 thanks to floor
  char text[32];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02u %02d:%02d:%02d.%06d", year,
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(micros / 3'600'000'000), static_cast<int>(micros / 60'000'000 % 60),
                static_cast<int>(micros / 1'000'000 % 60), static_cast<int>(micros % 1'000'000));
  return std::string(text);
}

// Reads `count` digits at `*pos`.
bool ReadDigits(std::string_view s, size_t* pos, size_t count, int* out) {
  if (*pos + count > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < count; ++i) {
    const char c = s[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += count;
  *out = v;
  return true;
}

bool Expect(std::string_view s, size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}

// "YYYY-MM-DD HH:MM:SS" with an optional fraction of 1-6 digits.
bool ParseDateTime(std::string_view s, TimePoint* out) {
  using namespace std::chrono;
  size_t pos = 0;
  int y, mo, d, h, mi, sec;
  if (!ReadDigits(s, &pos, 4, &y) || !Expect(s, &pos, '-') || !ReadDigits(s, &pos, 2, &mo) ||
      !Expect(s, &pos, '-') || !ReadDigits(s, &pos, 2, &d) || !Expect(s, &pos, ' ') ||
      !ReadDigits(s, &pos, 2, &h) || !Expect(s, &pos, ':') || !ReadDigits(s, &pos, 2, &mi) ||
      !Expect(s, &pos, ':') || !ReadDigits(s, &pos, 2, &sec)) {
    return false;
  }
  int64_t fraction = 0;
  if (pos < s.size()) {
    if (!Expect(s, &pos, '.')) return false;
    const size_t digits = s.size() - pos;
    if (digits < 1 || digits > 6) return false;
    int v;
    if (!ReadDigits(s, &pos, digits, &v)) return false;
    fraction = v;
    for (size_t i = digits; i < 6; ++i) fraction *= 10;
  }
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) return false;
  *out = TimePoint(sys_days{ymd}.time_since_epoch() + hours{h} + minutes{mi} + seconds{sec} +
                   microseconds{fraction});
  return true;
}

// ---- rows --------------------------------------------------------------------

// The record's columns other than hash and version, encoded and checked.
struct EncodedColumns {
  std::string values;
  std::string fixed;
  std::string metadata;
  std::string created_at;
  std::string updated_at;
  std::string expires_at;
};

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
  auto created = FormatDateTime(r.created_at, "created_at");
  if (!created.ok()) return created.status();
  auto updated = FormatDateTime(r.updated_at, "updated_at");
  if (!updated.ok()) return updated.status();
  auto expires = FormatDateTime(r.expires_at, "expires_at");
  if (!expires.ok()) return expires.status();
  e.created_at = std::move(*created);
  e.updated_at = std::move(*updated);
  e.expires_at = std::move(*expires);
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

Status ReadRow(sql::ResultSet& rs, SessionRecord* r) {
  r->form_id = rs.getString(1);
  r->sandbox = rs.getInt(2) != 0;
  const std::string state = rs.getString(3);
  if (!ParseSessionState(state, &r->state)) return Status::Internal("corrupt sessions.state '" + state + "'");
  Status s = DecodeObject(rs.getString(4), "field_values", &r->values);
  if (s.ok()) s = DecodeArray(rs.getString(5), "fixed_fields", &r->fixed);
  if (s.ok()) s = DecodeObject(rs.getString(6), "metadata", &r->metadata);
  if (!s.ok()) return s;
  r->version = rs.getInt64(7);
  const struct {
    int column;
    TimePoint* field;
  } times[] = {{8, &r->created_at}, {9, &r->updated_at}, {10, &r->expires_at}};
  for (const auto& t : times) {
    const std::string text = rs.getString(t.column);
    if (!ParseDateTime(text, t.field)) return Status::Internal("corrupt session timestamp '" + text + "'");
  }
  return Status::OK();
}

}  // namespace

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
    st.setString(9, e.created_at);
    st.setString(10, e.updated_at);
    st.setString(11, e.expires_at);
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
    record.hash = hash;
    Status read = ReadRow(*rs, &record);
    if (!read.ok()) return read;
    found = std::move(record);
    return Status::OK();
  });
  if (!status.ok()) return status;
  return std::move(*found);
}

Status MySqlSessionStore::Update(SessionRecord* record) {
  if (!IsStorableHash(record->hash)) return Status::NotFound("session not found");
  auto encoded = Encode(*record);
  if (!encoded.ok()) return encoded.status();
  const EncodedColumns& e = *encoded;
  Status status = pool_.Run([&](sql::Connection& c) {
    sql::PreparedStatement& st = pool_.Prepared(c, kUpdateSql);
    BindContent(st, 1, *record, e);
    st.setString(7, e.created_at);
    st.setString(8, e.updated_at);
    st.setString(9, e.expires_at);
    st.setString(10, record->hash);
    st.setInt64(11, record->version);
    // The SET always changes `version`, so a matched row always counts as affected.
    const int updated = st.executeUpdate();
    st.clearParameters();
    if (updated == 1) return Status::OK();
    // Lost the compare: the slow path may afford a second round trip to tell why.
    sql::PreparedStatement& exists = pool_.Prepared(c, kExistsSql);
    exists.setString(1, record->hash);
    std::unique_ptr<sql::ResultSet> rs(exists.executeQuery());
    if (!rs->next()) return Status::NotFound("session not found");
    return Status::Conflict("session changed concurrently");
  });
  if (status.ok()) ++record->version;
  return status;
}

Result<int64_t> MySqlSessionStore::PurgeExpiredBefore(TimePoint cutoff) {
  auto cutoff_text = FormatDateTime(cutoff, "purge cutoff");
  if (!cutoff_text.ok()) return cutoff_text.status();
  const int64_t batch = options_.purge_batch > 0 ? options_.purge_batch : 1000;
  int64_t purged = 0;
  for (;;) {
    int64_t deleted = 0;
    // A lease per batch: request threads get the connection back between batches.
    Status status = pool_.Run([&](sql::Connection& c) {
      sql::PreparedStatement& st = pool_.Prepared(c, kPurgeSql);
      st.setString(1, *cutoff_text);
      st.setInt64(2, batch);
      deleted = st.executeUpdate();
      return Status::OK();
    });
    if (!status.ok()) return status;
    purged += deleted;
    if (deleted < batch) return purged;
  }
}

}  // namespace prefill
