// The one decoder of a `sessions` row (sql/001_sessions.sql), shared by every
// reader of that table (MySqlSessionStore, MySqlSessionQuery), so that all of
// them refuse the same corrupt rows.
//
// A reader selects PREFILL_SQL_SESSION_COLUMNS (11 columns, table alias `s`)
// at some position `first` of its SELECT list and calls ReadSessionRow with
// that position. The decoder is strict: field_values and metadata must be a
// JSON object of strings with each key once, fixed_fields a JSON array of
// strings, state a known state name and every timestamp a real DATETIME (a
// zero or otherwise invalid one reads as NULL and is refused, never as 1970).
// A row that does not decode is Status::Internal naming the column; the
// record is then unspecified. Stateless and thread-safe.
#pragma once

#include <cppconn/resultset.h>

#include "common/status.h"
#include "session/session.h"
#include "storage/mysql_time.h"

namespace prefill {

// The columns ReadSessionRow reads, in its order, from `sessions s`.
#define PREFILL_SQL_SESSION_COLUMNS                                                                     \
  "s.hash, s.form_id, s.sandbox, s.state, s.field_values, s.fixed_fields, s.metadata, s.version, "    \
  PREFILL_SQL_MICROS("s.created_at") ", " PREFILL_SQL_MICROS("s.updated_at") ", "                     \
  PREFILL_SQL_MICROS("s.expires_at")

// How many columns PREFILL_SQL_SESSION_COLUMNS selects.
inline constexpr int kSessionColumnCount = 11;

// Decodes the PREFILL_SQL_SESSION_COLUMNS that start at 1-based column
// `first` of the current row of `rs` into `*record`.
[[nodiscard]] Status ReadSessionRow(sql::ResultSet& rs, int first, SessionRecord* record);

}  // namespace prefill
