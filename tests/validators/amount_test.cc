#include "validators/amount.h"

#include <gtest/gtest.h>

#include "tests/validators/fixture.h"

namespace prefill::validators {
namespace {

using testing::IsError;
using testing::IsValidAs;
using testing::Session;

TEST(Amount, ParsesExactlyIntoCents) {
  EXPECT_EQ(ParseAmount("12"), 1200);
  EXPECT_EQ(ParseAmount("12,5"), 1250);
  EXPECT_EQ(ParseAmount("12.05"), 1205);
  EXPECT_EQ(ParseAmount("0.01"), 1);
  EXPECT_EQ(ParseAmount("999999999999.99"), 99999999999999);
  EXPECT_EQ(ParseAmount("1.234"), std::nullopt);
  EXPECT_EQ(ParseAmount("1000000000000"), std::nullopt);  // 13 integer digits
}

TEST(Amount, CanonicalForm) {
  Session s;
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "12,5"), "12.50"));
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "12"), "12.00"));
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "12.05"), "12.05"));
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "007"), "7.00"));
  EXPECT_TRUE(IsValidAs(s.Validate("amount", " 25,00 "), "25.00"));
}

TEST(Amount, MalformedInputs) {
  Session s;
  for (const char* bad : {"1.234", "-1", "+5", "1e3", "12.", ".5", "1,234.50", "1 000", "12,5,0", "abc", "0x10",
                          "12€", "١٢"}) {
    EXPECT_TRUE(IsError(s.Validate("amount", bad), MessageId::kInvalidAmount)) << bad;
  }
}

TEST(Amount, ZeroAndMinimum) {
  Session s;  // default min 1.00
  EXPECT_TRUE(IsError(s.Validate("amount", "0"), MessageId::kAmountTooLow));
  EXPECT_TRUE(IsError(s.Validate("amount", "0.99"), MessageId::kAmountTooLow));
  EXPECT_EQ(s.Validate("amount", "0.99").error().args, std::vector<std::string>{"1.00"});
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "1"), "1.00"));
  s.rules.amount.min = 0;  // even a form without minimum gets no zero donation
  EXPECT_TRUE(IsError(s.Validate("amount", "0,00"), MessageId::kAmountTooLow));
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "0,01"), "0.01"));
}

TEST(Amount, Maximum) {
  Session s;
  s.rules.amount.max = 100000;  // 1000.00
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "1000"), "1000.00"));
  EXPECT_TRUE(IsError(s.Validate("amount", "1000.01"), MessageId::kAmountTooHigh));
  EXPECT_EQ(s.Validate("amount", "1000.01").error().args, std::vector<std::string>{"1000.00"});
}

TEST(Amount, SuggestionsWhenNotFree) {
  Session s;
  s.rules.amount.free_amount = false;
  s.rules.amount.suggestions = {1000, 2500, 5000};
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "25"), "25.00"));
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "10,0"), "10.00"));
  EXPECT_TRUE(IsError(s.Validate("amount", "11"), MessageId::kAmountNotSuggested));
  s.rules.amount.free_amount = true;
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "11"), "11.00"));
}

TEST(Amount, ChosenItemMinimum) {
  Session s;
  s.rules.items = {{"tree", 500}, {"school", 5000}};
  s.values["fb_item_id"] = "school";
  EXPECT_TRUE(IsError(s.Validate("amount", "49.99"), MessageId::kBelowItemMinimum));
  EXPECT_EQ(s.Validate("amount", "49.99").error().args, std::vector<std::string>{"50.00"});
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "50"), "50.00"));
  s.values["fb_item_id"] = "tree";
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "5"), "5.00"));
  s.values.erase("fb_item_id");
  EXPECT_TRUE(IsValidAs(s.Validate("amount", "2"), "2.00"));
}

TEST(Amount, FormatCents) {
  EXPECT_EQ(FormatCents(0), "0.00");
  EXPECT_EQ(FormatCents(5), "0.05");
  EXPECT_EQ(FormatCents(1250), "12.50");
  EXPECT_EQ(FormatCents(123456789), "1234567.89");
}

}  // namespace
}  // namespace prefill::validators
