#include "payments/sepa/business_calendar.h"

#include <cstdio>

namespace prefill::sepa {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;

Date EasterSunday(int y) {
  const int a = y % 19;
  const int b = y / 100;
  const int c = y % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month_number = (h + l - 7 * m + 114) / 31;
  const int day_number = ((h + l - 7 * m + 114) % 31) + 1;
  return Date{year{y}, month{static_cast<unsigned>(month_number)}, day{static_cast<unsigned>(day_number)}};
}

bool IsBusinessDay(const Date& d) {
  const sys_days sd{d};
  const std::chrono::weekday wd{sd};
  if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) return false;
  const unsigned m = static_cast<unsigned>(d.month());
  const unsigned dd = static_cast<unsigned>(d.day());
  if ((m == 1 && dd == 1) || (m == 5 && dd == 1) || (m == 12 && (dd == 25 || dd == 26))) return false;
  const sys_days easter{EasterSunday(static_cast<int>(d.year()))};
  if (sd == easter - days{2} || sd == easter + days{1}) return false;  // Good Friday, Easter Monday
  return true;
}

Date OnOrAfterBusinessDay(const Date& d) {
  sys_days sd{d};
  while (!IsBusinessDay(Date{sd})) sd += days{1};
  return Date{sd};
}

Date DueDate(const Date& today, int lead_days) {
  return OnOrAfterBusinessDay(Date{sys_days{today} + days{lead_days}});
}

Date AddMonthsClamped(const Date& anchor, int months) {
  const std::chrono::year_month ym = std::chrono::year_month{anchor.year(), anchor.month()} + std::chrono::months{months};
  const day last = std::chrono::year_month_day_last{ym.year(), std::chrono::month_day_last{ym.month()}}.day();
  return Date{ym.year(), ym.month(), anchor.day() > last ? last : anchor.day()};
}

Date CollectionDate(const Date& anchor, int interval_months, int period) {
  return OnOrAfterBusinessDay(AddMonthsClamped(anchor, interval_months * period));
}

bool IsIsoDate(const Date& d) {
  return d.ok() && static_cast<int>(d.year()) >= 1 && static_cast<int>(d.year()) <= 9999;
}

std::string FormatIsoDate(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::optional<Date> ParseIsoDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
      if (t[i] < '0' || t[i] > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (t[i] - '0');
    }
  }
  const Date d{year{parts[0]}, month{static_cast<unsigned>(parts[1])}, day{static_cast<unsigned>(parts[2])}};
  if (!d.ok()) return std::nullopt;
  return d;
}

Date UtcDay(std::chrono::system_clock::time_point t) { return Date{std::chrono::floor<days>(t)}; }

}  // namespace prefill::sepa
