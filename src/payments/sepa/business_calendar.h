// The TARGET2 business-day calendar and the dates of SEPA collections
// (SPEC section 5.2; EPC SDD Core rulebook 4.3.1, "Inter-Bank Business Day").
//
// TARGET2 is closed on Saturdays, Sundays, 1 January, Good Friday, Easter
// Monday, 1 May, 25 and 26 December. Easter is computed (Gregorian computus),
// never listed, so the calendar has no end year.
//
// Pure functions on civil dates (std::chrono::year_month_day): no clock, no
// time zone; "today" is always passed in. Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace prefill::sepa {

using Date = std::chrono::year_month_day;

// Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
Date EasterSunday(int year);

// True if TARGET2 settles on `day`.
bool IsBusinessDay(const Date& day);

// `day` itself if it is a business day, else the first business day after it.
Date OnOrAfterBusinessDay(const Date& day);

// The due date of a collection created on `today`: today + lead_days calendar
// days, moved to the next business day (SPEC 5.2).
Date DueDate(const Date& today, int lead_days);

// `anchor` plus `months` months, the day of the month kept but clamped to the
// month's end (31 January + 1 month = 28/29 February).
Date AddMonthsClamped(const Date& anchor, int months);

// The due date of period `period` (0 = the first collection) of a recurrent
// mandate whose first collection was due on `anchor` and which is collected
// every `interval_months`: anchor + period * interval months, same day of the
// month clamped to the month's end, then moved to the next business day.
// Counting from the anchor (not from the last, possibly moved, due date) keeps
// the day of the month stable: 31 Jan -> 28 Feb -> 31 Mar, not 28 Mar.
Date CollectionDate(const Date& anchor, int interval_months, int period);

// "YYYY-MM-DD" and back (nullopt when not a real date in that form).
// FormatIsoDate writes that form only for an IsIsoDate: a real date of the
// years 0001-9999 (std::chrono's years run from -32767 to 32767).
bool IsIsoDate(const Date& day);
std::string FormatIsoDate(const Date& day);
std::optional<Date> ParseIsoDate(std::string_view text);

// The UTC calendar day of a time point.
Date UtcDay(std::chrono::system_clock::time_point t);

}  // namespace prefill::sepa
