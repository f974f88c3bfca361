// How every store moves TimePoints in and out of DATETIME(6) columns: as
// microseconds since 1970-01-01 00:00:00 UTC (the stored DATETIMEs are UTC),
// converted by the server with DATETIME arithmetic — exact to the microsecond,
// no session time zone involved, no 2038 limit.
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

// True if a DATETIME can hold `t` (the years 1000 to 9999); a store refuses
// anything else before writing rather than let the server clip it.
inline bool FitsDatetime(TimePoint t) {
  constexpr int64_t kMin = -30610224000LL * 1000000;  // 1000-01-01 00:00:00
  constexpr int64_t kMax = 253402300800LL * 1000000;  // 10000-01-01 00:00:00, exclusive
  return ToMicros(t) >= kMin && ToMicros(t) < kMax;
}

}  // namespace prefill
