#include "validators/dates.h"

#include <cstdio>

#include "validators/outcome.h"
#include "validators/text.h"

namespace prefill::validators {

namespace {

constexpr int kEarliestBirthYear = 1900;
constexpr int kMaxCardYearsAhead = 30;

int ToInt(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool IsRealDate(const CivilDate& date) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (date.year < 1 || date.year > 9999 || date.month < 1 || date.month > 12 || date.day < 1) return false;
  int days = kDays[date.month - 1] + (date.month == 2 && IsLeapYear(date.year) ? 1 : 0);
  return date.day <= days;
}

std::optional<CivilDate> ParseDate(std::string_view value) {
  CivilDate date;
  if (value.size() == 10 && value[4] == '-' && value[7] == '-') {
    std::string_view y = value.substr(0, 4), m = value.substr(5, 2), d = value.substr(8, 2);
    if (!AllAsciiDigits(y) || !AllAsciiDigits(m) || !AllAsciiDigits(d)) return std::nullopt;
    date = CivilDate{ToInt(y), ToInt(m), ToInt(d)};
  } else {
    size_t first = value.find('.');
    size_t second = first == std::string_view::npos ? first : value.find('.', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    std::string_view d = value.substr(0, first), m = value.substr(first + 1, second - first - 1),
                     y = value.substr(second + 1);
    if (d.empty() || d.size() > 2 || m.empty() || m.size() > 2 || y.size() != 4) return std::nullopt;
    if (!AllAsciiDigits(d) || !AllAsciiDigits(m) || !AllAsciiDigits(y)) return std::nullopt;
    date = CivilDate{ToInt(y), ToInt(m), ToInt(d)};
  }
  if (!IsRealDate(date)) return std::nullopt;
  return date;
}

std::string FormatDate(const CivilDate& date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buf;
}

bool DateBefore(const CivilDate& a, const CivilDate& b) {
  if (a.year != b.year) return a.year < b.year;
  if (a.month != b.month) return a.month < b.month;
  return a.day < b.day;
}

FieldOutcome ValidateDate(std::string_view value) {
  std::optional<CivilDate> date = ParseDate(value);
  if (!date) return Fail(MessageId::kInvalidDate);
  return Accept(FormatDate(*date));
}

FieldOutcome ValidateBirthday(const ValidationContext& ctx, std::string_view value) {
  std::optional<CivilDate> date = ParseDate(value);
  if (!date || date->year < kEarliestBirthYear) return Fail(MessageId::kInvalidDate);
  if (!DateBefore(*date, ctx.today)) return Fail(MessageId::kDateNotInPast);
  return Accept(FormatDate(*date));
}

std::optional<int> ParseCardMonth(std::string_view value) {
  if (value.empty() || value.size() > 2 || !AllAsciiDigits(value)) return std::nullopt;
  int month = ToInt(value);
  if (month < 1 || month > 12) return std::nullopt;
  return month;
}

std::optional<int> ParseCardYear(std::string_view value) {
  if (!AllAsciiDigits(value)) return std::nullopt;
  if (value.size() == 2) return 2000 + ToInt(value);
  if (value.size() == 4) return ToInt(value);
  return std::nullopt;
}

bool CardExpired(int year, int month, const CivilDate& today) {
  return year < today.year || (year == today.year && month < today.month);
}

FieldOutcome ValidateCardMonth(const ValidationContext& ctx, std::string_view value) {
  std::optional<int> month = ParseCardMonth(value);
  if (!month) return Fail(MessageId::kInvalidDate);
  auto year_value = ctx.current.find("credit_card_expire_date_year");
  if (year_value != ctx.current.end()) {
    std::optional<int> year = ParseCardYear(year_value->second);
    if (year && CardExpired(*year, *month, ctx.today)) return Fail(MessageId::kCardExpired);
  }
  char buf[3] = {static_cast<char>('0' + *month / 10), static_cast<char>('0' + *month % 10), '\0'};
  return Accept(buf);
}

FieldOutcome ValidateCardYear(const ValidationContext& ctx, std::string_view value) {
  std::optional<int> year = ParseCardYear(value);
  if (!year) return Fail(MessageId::kInvalidDate);
  if (*year < ctx.today.year) return Fail(MessageId::kCardExpired);
  if (*year > ctx.today.year + kMaxCardYearsAhead) return Fail(MessageId::kInvalidDate);
  auto month_value = ctx.current.find("credit_card_expire_date_month");
  if (month_value != ctx.current.end()) {
    std::optional<int> month = ParseCardMonth(month_value->second);
    if (month && CardExpired(*year, *month, ctx.today)) return Fail(MessageId::kCardExpired);
  }
  return Accept(std::to_string(*year));
}

}  // namespace prefill::validators
