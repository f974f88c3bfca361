#include "forms/decimal_amount.h"

#include <gtest/gtest.h>

namespace prefill {
namespace {

TEST(DecimalAmountTest, ParsesDotDecimalsExactly) {
  EXPECT_EQ(ParseDecimalCents("5"), 500);
  EXPECT_EQ(ParseDecimalCents("5.0"), 500);
  EXPECT_EQ(ParseDecimalCents("5.00"), 500);
  EXPECT_EQ(ParseDecimalCents("12.5"), 1250);
  EXPECT_EQ(ParseDecimalCents("0.01"), 1);
  EXPECT_EQ(ParseDecimalCents("0"), 0);
  EXPECT_EQ(ParseDecimalCents("10000.00"), 1000000);
  // 0.29 is 0.28999... as a double; exact parsing must still give 29.
  EXPECT_EQ(ParseDecimalCents("0.29"), 29);
  EXPECT_EQ(ParseDecimalCents("999999999999.99"), 99999999999999);
}

TEST(DecimalAmountTest, RefusesEverythingElse) {
  for (const char* bad : {"", ".", "5.", ".5", "12,50", "1.234", "-1", "+1", "1e3", " 1", "1 ", "1.2.3", "abc",
                          "1,000.00", "0x10", "1000000000000", "1.-1"}) {
    EXPECT_FALSE(ParseDecimalCents(bad).has_value()) << bad;
  }
}

TEST(DecimalAmountTest, FormatsCanonically) {
  EXPECT_EQ(FormatCents(0), "0.00");
  EXPECT_EQ(FormatCents(5), "0.05");
  EXPECT_EQ(FormatCents(50), "0.50");
  EXPECT_EQ(FormatCents(1250), "12.50");
  EXPECT_EQ(FormatCents(1000000), "10000.00");
}

}  // namespace
}  // namespace prefill
