#include <gtest/gtest.h>

#include "tests/validators/fixture.h"

namespace prefill::validators {
namespace {

using testing::Session;

bool HasError(const std::map<std::string, ValidationError>& errors, const std::string& field, MessageId id) {
  auto it = errors.find(field);
  return it != errors.end() && it->second.id == id;
}

TEST(CheckSession, RequiredFields) {
  Session s;
  s.rules.fields["first_name"].required = true;
  s.rules.fields["last_name"].required = true;
  s.rules.fields["company_name"].required = false;
  auto errors = s.Check();
  EXPECT_TRUE(HasError(errors, "first_name", MessageId::kRequired));
  EXPECT_TRUE(HasError(errors, "last_name", MessageId::kRequired));
  EXPECT_EQ(errors.count("company_name"), 0u);
  s.values["first_name"] = "Beate";
  s.values["last_name"] = "";  // cleared counts as missing
  errors = s.Check();
  EXPECT_EQ(errors.count("first_name"), 0u);
  EXPECT_TRUE(HasError(errors, "last_name", MessageId::kRequired));
  s.values["last_name"] = "Müller";
  EXPECT_TRUE(s.Check().empty());
}

TEST(CheckSession, RequiredCheckboxMustBeTicked) {
  Session s;
  s.rules.fields["is_privacy_accepted"].required = true;
  s.values["is_privacy_accepted"] = "0";
  EXPECT_TRUE(HasError(s.Check(), "is_privacy_accepted", MessageId::kRequired));
  s.values["is_privacy_accepted"] = "1";
  EXPECT_TRUE(s.Check().empty());
}

TEST(CheckSession, SepaDirectDebitNeedsBankFields) {
  Session s;
  s.values["payment_method"] = "sepa_direct_debit";
  auto errors = s.Check();
  EXPECT_TRUE(HasError(errors, "bank_account_owner", MessageId::kRequired));
  EXPECT_TRUE(HasError(errors, "bank_iban", MessageId::kRequired));
  EXPECT_EQ(errors.count("bank_bic"), 0u);
  s.values["bank_account_owner"] = "Beate Müller";
  s.values["bank_iban"] = "DE89370400440532013000";
  EXPECT_TRUE(s.Check().empty());
}

TEST(CheckSession, CreditCardNeedsTokenAndExpiry) {
  Session s;
  s.values["payment_method"] = "credit_card";
  auto errors = s.Check();
  EXPECT_TRUE(HasError(errors, "credit_card_token", MessageId::kRequired));
  EXPECT_TRUE(HasError(errors, "credit_card_expire_date_month", MessageId::kRequired));
  EXPECT_TRUE(HasError(errors, "credit_card_expire_date_year", MessageId::kRequired));
  EXPECT_EQ(errors.count("bank_iban"), 0u);
  s.values["credit_card_token"] = "tok_123";
  s.values["credit_card_expire_date_month"] = "06";
  s.values["credit_card_expire_date_year"] = "2025";
  EXPECT_TRUE(s.Check().empty());
  s.today = CivilDate{2025, 7, 1};  // the stored card has expired since
  EXPECT_TRUE(HasError(s.Check(), "credit_card_expire_date_month", MessageId::kCardExpired));
}

TEST(CheckSession, PaypalAndBankTransferNeedNothingExtra) {
  for (const char* method : {"paypal", "bank_transfer"}) {
    Session s;
    s.values["payment_method"] = method;
    EXPECT_TRUE(s.Check().empty()) << method;
  }
}

TEST(CheckSession, ReceiptNeedsAddressGroup) {
  for (const char* receipt : {"receipt_now", "receipt_end_of_year"}) {
    Session s;
    s.values["wants_receipt"] = receipt;
    s.values["city"] = "Berlin";
    auto errors = s.Check();
    EXPECT_TRUE(HasError(errors, "address", MessageId::kReceiptNeedsAddress)) << receipt;
    EXPECT_TRUE(HasError(errors, "post_code", MessageId::kReceiptNeedsAddress));
    EXPECT_TRUE(HasError(errors, "country", MessageId::kReceiptNeedsAddress));
    EXPECT_EQ(errors.count("city"), 0u);
    s.values["address"] = "Unter den Linden 1";
    s.values["post_code"] = "10117";
    s.values["country"] = "DE";
    EXPECT_TRUE(s.Check().empty()) << receipt;
  }
  for (const char* receipt : {"no_receipt", "receipt_never"}) {
    Session s;
    s.values["wants_receipt"] = receipt;
    EXPECT_TRUE(s.Check().empty()) << receipt;
  }
}

TEST(CheckSession, NewsletterNeedsEmail) {
  Session s;
  s.values["wants_newsletter"] = "1";
  EXPECT_TRUE(HasError(s.Check(), "email", MessageId::kNewsletterNeedsEmail));
  s.values["email"] = "beate@example.org";
  EXPECT_TRUE(s.Check().empty());
  s.values.erase("email");
  s.values["wants_newsletter"] = "0";
  EXPECT_TRUE(s.Check().empty());
}

TEST(CheckSession, ItemMinimumAmount) {
  Session s;
  s.rules.items = {{"school", 5000}};
  s.values["fb_item_id"] = "school";
  s.values["amount"] = "20.00";
  auto errors = s.Check();
  ASSERT_TRUE(HasError(errors, "amount", MessageId::kBelowItemMinimum));
  EXPECT_EQ(errors.at("amount").args, std::vector<std::string>{"50.00"});
  s.values["amount"] = "50.00";
  EXPECT_TRUE(s.Check().empty());
}

TEST(CheckSession, PairsThatDriftedApart) {
  Session s;
  s.values["post_code"] = "SW1A 1AA";  // stored before the country
  s.values["country"] = "DE";
  EXPECT_TRUE(HasError(s.Check(), "post_code", MessageId::kInvalidPostCode));
  s.values["country"] = "GB";
  EXPECT_TRUE(s.Check().empty());

  s.values["bank_bic"] = "COBADEFFXXX";  // stored before the IBAN
  s.values["bank_iban"] = "GB29NWBK60161331926819";
  EXPECT_TRUE(HasError(s.Check(), "bank_bic", MessageId::kBicCountryMismatch));
  s.values["bank_iban"] = "DE89370400440532013000";
  EXPECT_TRUE(s.Check().empty());
}

TEST(CheckSession, OneErrorPerFieldFirstRuleWins) {
  Session s;
  s.rules.fields["email"].required = true;
  s.values["wants_newsletter"] = "1";
  auto errors = s.Check();
  EXPECT_TRUE(HasError(errors, "email", MessageId::kRequired));
  EXPECT_EQ(errors.size(), 1u);
}

}  // namespace
}  // namespace prefill::validators
