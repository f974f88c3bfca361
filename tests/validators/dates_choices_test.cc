#include <gtest/gtest.h>

#include "tests/validators/fixture.h"
#include "validators/dates.h"

namespace prefill::validators {
namespace {

using testing::IsError;
using testing::IsValidAs;
using testing::Session;

TEST(Dates, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2023));
}

TEST(Birthday, BothInputFormats) {
  Session s;
  EXPECT_TRUE(IsValidAs(s.Validate("birthday", "1980-02-29"), "1980-02-29"));
  EXPECT_TRUE(IsValidAs(s.Validate("birthday", "29.02.1980"), "1980-02-29"));
  EXPECT_TRUE(IsValidAs(s.Validate("birthday", "1.2.1980"), "1980-02-01"));
  EXPECT_TRUE(IsValidAs(s.Validate("birthday", "2000-02-29"), "2000-02-29"));
}

TEST(Birthday, NotARealDate) {
  Session s;
  for (const char* bad : {"1981-02-29", "29.02.1981", "1900-02-29", "1980-13-01", "1980-00-10", "1980-04-31",
                          "31.04.1980", "1980-1-1", "80-01-01", "01/02/1980", "1980-01-01T00:00", "abc",
                          "1899-12-31", "00.01.1980"}) {
    EXPECT_TRUE(IsError(s.Validate("birthday", bad), MessageId::kInvalidDate)) << bad;
  }
}

TEST(Birthday, MustBeInThePast) {
  Session s;  // today 2025-06-15
  EXPECT_TRUE(IsValidAs(s.Validate("birthday", "2025-06-14"), "2025-06-14"));
  EXPECT_TRUE(IsError(s.Validate("birthday", "2025-06-15"), MessageId::kDateNotInPast));
  EXPECT_TRUE(IsError(s.Validate("birthday", "16.06.2025"), MessageId::kDateNotInPast));
  EXPECT_TRUE(IsError(s.Validate("birthday", "2030-01-01"), MessageId::kDateNotInPast));
}

TEST(CardExpiry, MonthAndYearCanonicalForms) {
  Session s;
  EXPECT_TRUE(IsValidAs(s.Validate("credit_card_expire_date_month", "1"), "01"));
  EXPECT_TRUE(IsValidAs(s.Validate("credit_card_expire_date_month", "12"), "12"));
  EXPECT_TRUE(IsError(s.Validate("credit_card_expire_date_month", "13"), MessageId::kInvalidDate));
  EXPECT_TRUE(IsError(s.Validate("credit_card_expire_date_month", "0"), MessageId::kInvalidDate));
  EXPECT_TRUE(IsError(s.Validate("credit_card_expire_date_month", "001"), MessageId::kInvalidDate));
  EXPECT_TRUE(IsValidAs(s.Validate("credit_card_expire_date_year", "2027"), "2027"));
  EXPECT_TRUE(IsValidAs(s.Validate("credit_card_expire_date_year", "27"), "2027"));
  EXPECT_TRUE(IsError(s.Validate("credit_card_expire_date_year", "227"), MessageId::kInvalidDate));
  EXPECT_TRUE(IsError(s.Validate("credit_card_expire_date_year", "2099"), MessageId::kInvalidDate));
}

TEST(CardExpiry, PastIsRefused) {
  Session s;  // today 2025-06
  EXPECT_TRUE(IsError(s.Validate("credit_card_expire_date_year", "2024"), MessageId::kCardExpired));
  EXPECT_TRUE(IsError(s.Validate("credit_card_expire_date_year", "24"), MessageId::kCardExpired));
  s.values["credit_card_expire_date_year"] = "2025";
  EXPECT_TRUE(IsError(s.Validate("credit_card_expire_date_month", "05"), MessageId::kCardExpired));
  EXPECT_TRUE(IsValidAs(s.Validate("credit_card_expire_date_month", "6"), "06"));  // valid through June
  s.values.clear();
  s.values["credit_card_expire_date_month"] = "05";
  EXPECT_TRUE(IsError(s.Validate("credit_card_expire_date_year", "2025"), MessageId::kCardExpired));
  EXPECT_TRUE(IsValidAs(s.Validate("credit_card_expire_date_year", "2026"), "2026"));
}

TEST(Choices, Salutation) {
  Session s;
  for (const char* ok : {"Mr.", "Mrs.", "Miss", "Ms", "couple", "family", "diverse"}) {
    EXPECT_TRUE(IsValidAs(s.Validate("salutation", ok), ok));
  }
  EXPECT_TRUE(IsError(s.Validate("salutation", "Mr"), MessageId::kInvalidOption));
  EXPECT_TRUE(IsError(s.Validate("salutation", "mrs."), MessageId::kInvalidOption));
  s.rules.fields["salutation"].options = {"Herr", "Frau"};
  EXPECT_TRUE(IsValidAs(s.Validate("salutation", "Frau"), "Frau"));
  EXPECT_TRUE(IsError(s.Validate("salutation", "Mr."), MessageId::kInvalidOption));
}

TEST(Choices, WantsReceipt) {
  Session s;
  for (const char* ok : {"receipt_now", "receipt_end_of_year", "no_receipt", "receipt_never"}) {
    EXPECT_TRUE(IsValidAs(s.Validate("wants_receipt", ok), ok));
  }
  EXPECT_TRUE(IsError(s.Validate("wants_receipt", "yes"), MessageId::kInvalidOption));
}

TEST(Choices, Booleans) {
  Session s;
  for (const char* field : {"wants_newsletter", "is_privacy_accepted"}) {
    for (const char* yes : {"1", "true", "on", "TRUE", "On"}) EXPECT_TRUE(IsValidAs(s.Validate(field, yes), "1"));
    for (const char* no : {"0", "false", "False"}) EXPECT_TRUE(IsValidAs(s.Validate(field, no), "0"));
    for (const char* bad : {"yes", "2", "-1", "onn"}) {
      EXPECT_TRUE(IsError(s.Validate(field, bad), MessageId::kInvalidBoolean)) << bad;
    }
  }
}

TEST(Choices, FormConfiguredLists) {
  Session s;
  s.rules.intervals = {"0", "1", "12"};
  s.rules.payment_methods = {"sepa_direct_debit", "paypal"};
  s.rules.items = {{"tree", 500}};
  EXPECT_TRUE(IsValidAs(s.Validate("interval", "12"), "12"));
  EXPECT_TRUE(IsError(s.Validate("interval", "3"), MessageId::kInvalidInterval));
  EXPECT_TRUE(IsValidAs(s.Validate("payment_method", "paypal"), "paypal"));
  EXPECT_TRUE(IsError(s.Validate("payment_method", "credit_card"), MessageId::kInvalidPaymentMethod));
  EXPECT_TRUE(IsError(s.Validate("payment_method", "bitcoin"), MessageId::kInvalidPaymentMethod));
  EXPECT_TRUE(IsValidAs(s.Validate("fb_item_id", "tree"), "tree"));
  EXPECT_TRUE(IsError(s.Validate("fb_item_id", "house"), MessageId::kUnknownItem));
}

TEST(CardFields, TokenAndNetwork) {
  Session s;
  EXPECT_TRUE(IsValidAs(s.Validate("credit_card_token", "tok_1NfX2a9Zz"), "tok_1NfX2a9Zz"));
  EXPECT_TRUE(IsValidAs(s.Validate("credit_card_token", std::string(255, 'a')), std::string(255, 'a')));
  EXPECT_TRUE(IsError(s.Validate("credit_card_token", std::string(256, 'a')), MessageId::kTooLong));
  EXPECT_TRUE(IsError(s.Validate("credit_card_token", "tok 123"), MessageId::kInvalidValue));
  EXPECT_TRUE(IsError(s.Validate("credit_card_token", "tök"), MessageId::kInvalidValue));
  EXPECT_TRUE(IsError(s.Validate("credit_card_token", "4111111111111111"), MessageId::kCardNumberRefused));
  EXPECT_TRUE(IsValidAs(s.Validate("credit_card_network", "Visa"), "visa"));
  EXPECT_TRUE(IsError(s.Validate("credit_card_network", "visa!"), MessageId::kInvalidValue));
}

}  // namespace
}  // namespace prefill::validators
