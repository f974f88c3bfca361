// SQL fragments that move TimePoints in and out of DATETIME(6) columns as
// microseconds since 1970-01-01 00:00:00 UTC (the stored DATETIMEs are UTC).
// Arithmetic on DATETIME, not TIMESTAMP: exact to the microsecond, no session
// time zone involved, no 2038 limit. Used by the REST API's stores.
#pragma once

#include <cstdint>

#include "session/session.h"

namespace prefill {

// A placeholder that takes the microseconds (setInt64) and yields a DATETIME(6).
#define PREFILL_SQL_DATETIME_PARAM "TIMESTAMPADD(MICROSECOND, ?, TIMESTAMP'1970-01-01 00:00:00')"
// The microseconds of DATETIME column `col`, as BIGINT.
#define PREFILL_SQL_MICROS(col) "TIMESTAMPDIFF(MICROSECOND, TIMESTAMP'1970-01-01 00:00:00', " col ")"

inline int64_t ToMicros(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint FromMicros(int64_t micros) { return TimePoint(std::chrono::microseconds(micros)); }

}  // namespace prefill
