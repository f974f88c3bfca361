// Dates (SPEC 2, `birthday`; card expiry fields; custom "date" fields).
//
// Input: "YYYY-MM-DD" or "DD.MM.YYYY" (day and month may have one digit in the dotted
// form: "1.2.1980"). The date must exist in the Gregorian calendar (29 February only in
// leap years). Canonical form: "YYYY-MM-DD". No clock is read: today is ctx.today.
//
// birthday: strictly before today and not before 1900-01-01.
// credit_card_expire_date_month: 1-12 -> "01".."12".
// credit_card_expire_date_year: 4 digits, or 2 digits meaning 20YY; not before today's
//   year and at most 30 years ahead. When month and year are both known (one from
//   ctx.current), the card must not have expired: it is valid through its month.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "validators/validation.h"

namespace prefill::validators {

bool IsLeapYear(int year);
bool IsRealDate(const CivilDate& date);
std::optional<CivilDate> ParseDate(std::string_view value);
std::string FormatDate(const CivilDate& date);
bool DateBefore(const CivilDate& a, const CivilDate& b);

FieldOutcome ValidateDate(std::string_view value);
FieldOutcome ValidateBirthday(const ValidationContext& ctx, std::string_view value);

// Month "1".."12"/"01".."12" -> "01".."12", or nothing.
std::optional<int> ParseCardMonth(std::string_view value);
// "2027" or "27" -> 2027, or nothing.
std::optional<int> ParseCardYear(std::string_view value);
// True when a card valid through (year, month) has expired on `today`.
bool CardExpired(int year, int month, const CivilDate& today);

FieldOutcome ValidateCardMonth(const ValidationContext& ctx, std::string_view value);
FieldOutcome ValidateCardYear(const ValidationContext& ctx, std::string_view value);

}  // namespace prefill::validators
