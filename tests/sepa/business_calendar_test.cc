// The TARGET2 calendar, checked against dates computed independently here:
// Easter by Gauss's algorithm (with the Gregorian exceptions) instead of the
// Meeus/Butcher one of the implementation, weekdays by Zeller's congruence
// instead of std::chrono, and a few published dates.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "payments/sepa/business_calendar.h"

namespace prefill::sepa {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Date D(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

// Gauss's Easter algorithm: (month, day) of Easter Sunday.
std::pair<int, int> GaussEaster(int y) {
  const int a = y % 19, b = y % 4, c = y % 7;
  const int k = y / 100;
  const int p = (13 + 8 * k) / 25;
  const int q = k / 4;
  const int M = (15 - p + k - q) % 30;
  const int N = (4 + k - q) % 7;
  const int d = (19 * a + M) % 30;
  const int e = (2 * b + 4 * c + 6 * d + N) % 7;
  int march_day = 22 + d + e;
  if (d == 29 && e == 6) return {4, 19};
  if (d == 28 && e == 6 && (11 * M + 11) % 30 < 19) return {4, 18};
  if (march_day > 31) return {4, march_day - 31};
  return {3, march_day};
}

// Zeller's congruence: 0 = Saturday, 1 = Sunday, ..., 6 = Friday.
int Zeller(int y, int m, int d) {
  if (m < 3) m += 12, y -= 1;
  const int k = y % 100, j = y / 100;
  return (d + 13 * (m + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7;
}

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// The closed days of a year, built from the rules by hand: "MM-DD".
std::set<std::string> ClosedDays(int y) {
  std::set<std::string> closed;
  auto key = [](int m, int d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d-%02d", m, d);
    return std::string(buf);
  };
  auto [em, ed] = GaussEaster(y);
  // Good Friday: two days before; Easter Monday: one day after.
  int gm = em, gd = ed - 2;
  if (gd < 1) gm = 3, gd += 31;
  int mm = em, md = ed + 1;
  if (md > DaysInMonth(y, mm)) mm += 1, md = 1;
  for (auto [m, d] : {std::pair{1, 1}, {5, 1}, {12, 25}, {12, 26}, {gm, gd}, {mm, md}}) closed.insert(key(m, d));
  for (int m = 1; m <= 12; ++m) {
    for (int d = 1; d <= DaysInMonth(y, m); ++d) {
      const int w = Zeller(y, m, d);
      if (w == 0 || w == 1) closed.insert(key(m, d));
    }
  }
  return closed;
}

TEST(BusinessCalendar, EasterMatchesGaussFor1900To2300) {
  for (int y = 1900; y <= 2300; ++y) {
    const Date easter = EasterSunday(y);
    auto [m, d] = GaussEaster(y);
    EXPECT_EQ(static_cast<unsigned>(easter.month()), static_cast<unsigned>(m)) << y;
    EXPECT_EQ(static_cast<unsigned>(easter.day()), static_cast<unsigned>(d)) << y;
  }
}

TEST(BusinessCalendar, IsoDatesAreRealDatesOfTheYears1To9999) {
  using namespace std::chrono;
  EXPECT_TRUE(IsIsoDate(Date{year{1}, January, day{1}}));
  EXPECT_TRUE(IsIsoDate(Date{year{9999}, December, day{31}}));
  EXPECT_FALSE(IsIsoDate(Date{year{0}, December, day{31}}));
  EXPECT_FALSE(IsIsoDate(Date{year{-1}, December, day{4}}));
  EXPECT_FALSE(IsIsoDate(Date{year{10000}, January, day{1}}));
  EXPECT_FALSE(IsIsoDate(Date{year{2026}, February, day{29}}));
  EXPECT_EQ(FormatIsoDate(Date{year{1}, January, day{1}}), "0001-01-01");
}

TEST(BusinessCalendar, PublishedEasterDates) {
  EXPECT_EQ(FormatIsoDate(EasterSunday(2024)), "2024-03-31");
  EXPECT_EQ(FormatIsoDate(EasterSunday(2025)), "2025-04-20");
  EXPECT_EQ(FormatIsoDate(EasterSunday(2026)), "2026-04-05");
  EXPECT_EQ(FormatIsoDate(EasterSunday(2027)), "2027-03-28");
  EXPECT_EQ(FormatIsoDate(EasterSunday(2038)), "2038-04-25");  // the latest possible
  EXPECT_EQ(FormatIsoDate(EasterSunday(2285)), "2285-03-22");  // the earliest possible
}

TEST(BusinessCalendar, EveryDayOf2020To2040MatchesTheIndependentCalendar) {
  int business = 0;
  for (int y = 2020; y <= 2040; ++y) {
    const std::set<std::string> closed = ClosedDays(y);
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= DaysInMonth(y, m); ++d) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02d-%02d", m, d);
        const bool expected = closed.count(buf) == 0;
        EXPECT_EQ(IsBusinessDay(D(y, m, d)), expected) << y << "-" << buf;
        business += expected;
      }
    }
  }
  EXPECT_GT(business, 21 * 250);  // about 255 a year
  EXPECT_LT(business, 21 * 260);
}

TEST(BusinessCalendar, DueDateSkipsHolidaysAndWeekends) {
  // Wednesday 23 Dec 2026 + 2 = Christmas (Fri), 26th Sat, 27th Sun -> Monday 28th.
  EXPECT_EQ(FormatIsoDate(DueDate(D(2026, 12, 23), 2)), "2026-12-28");
  // Wednesday 1 April 2026 + 2 = Good Friday; Easter Monday 6th closed -> Tuesday 7th.
  EXPECT_EQ(FormatIsoDate(DueDate(D(2026, 4, 1), 2)), "2026-04-07");
  // A Monday + 2 is a plain Wednesday.
  EXPECT_EQ(FormatIsoDate(DueDate(D(2026, 6, 8), 2)), "2026-06-10");
  // 30 Apr 2027 (Fri) + 1 = 1 May (Sat) -> Monday 3 May.
  EXPECT_EQ(FormatIsoDate(DueDate(D(2027, 4, 30), 1)), "2027-05-03");
  // 30 Dec 2027 (Thu) + 2 = 1 Jan 2028 (Sat) -> Monday 3 Jan.
  EXPECT_EQ(FormatIsoDate(DueDate(D(2027, 12, 30), 2)), "2028-01-03");
  EXPECT_EQ(FormatIsoDate(DueDate(D(2026, 6, 8), 0)), "2026-06-08");
}

TEST(BusinessCalendar, MonthsAreClampedToTheMonthsEnd) {
  EXPECT_EQ(FormatIsoDate(AddMonthsClamped(D(2026, 1, 31), 1)), "2026-02-28");
  EXPECT_EQ(FormatIsoDate(AddMonthsClamped(D(2028, 1, 31), 1)), "2028-02-29");
  EXPECT_EQ(FormatIsoDate(AddMonthsClamped(D(2026, 8, 31), 3)), "2026-11-30");
  EXPECT_EQ(FormatIsoDate(AddMonthsClamped(D(2026, 11, 15), 12)), "2027-11-15");
  EXPECT_EQ(FormatIsoDate(AddMonthsClamped(D(2026, 11, 30), 2)), "2027-01-30");
}

TEST(BusinessCalendar, RecurrentCollectionsKeepTheDayOfTheMonth) {
  const Date anchor = D(2026, 1, 30);  // a Friday
  EXPECT_EQ(FormatIsoDate(CollectionDate(anchor, 1, 0)), "2026-01-30");
  EXPECT_EQ(FormatIsoDate(CollectionDate(anchor, 1, 1)), "2026-03-02");  // 28 Feb is a Saturday
  EXPECT_EQ(FormatIsoDate(CollectionDate(anchor, 1, 2)), "2026-03-30");  // back on the 30th
  EXPECT_EQ(FormatIsoDate(CollectionDate(anchor, 3, 1)), "2026-04-30");
  // 30 Jan 2027 is a Saturday -> Monday 1 February.
  EXPECT_EQ(FormatIsoDate(CollectionDate(anchor, 12, 1)), "2027-02-01");
  EXPECT_EQ(FormatIsoDate(CollectionDate(D(2026, 12, 25), 12, 0)), "2026-12-28");
  for (int period = 0; period < 120; ++period) {
    EXPECT_TRUE(IsBusinessDay(CollectionDate(anchor, 1, period))) << period;
  }
}

TEST(BusinessCalendar, IsoDates) {
  EXPECT_EQ(FormatIsoDate(*ParseIsoDate("2026-02-28")), "2026-02-28");
  EXPECT_FALSE(ParseIsoDate("2026-02-29"));
  EXPECT_FALSE(ParseIsoDate("2026-2-28"));
  EXPECT_FALSE(ParseIsoDate("2026-13-01"));
  EXPECT_FALSE(ParseIsoDate("26-02-2028"));
  EXPECT_TRUE(ParseIsoDate("2028-02-29"));
}

}  // namespace
}  // namespace prefill::sepa
