#include "forms/standard_fields.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "validators/validation.h"

namespace prefill {
namespace {

// The list of SPEC section 1, written out independently of both implementations.
const char* const kSpecStandardFields[] = {
    "amount", "interval", "fb_item_id", "payment_method", "salutation", "title", "first_name", "last_name",
    "company_name", "birthday", "email", "phone", "address", "post_code", "city", "country",
    "bank_account_owner", "bank_iban", "bank_bic", "credit_card_owner", "credit_card_token",
    "credit_card_expire_date_month", "credit_card_expire_date_year", "credit_card_network", "wants_receipt",
    "wants_newsletter", "is_privacy_accepted", "message", "public_name"};

TEST(StandardFieldsTest, TableMatchesSpecAndValidators) {
  std::set<std::string> table;
  for (const StandardFieldInfo& info : StandardFields()) {
    EXPECT_TRUE(table.insert(info.name).second) << "twice: " << info.name;
    EXPECT_TRUE(validators::IsStandardField(info.name)) << info.name;
    EXPECT_STRNE(info.label_en, "") << info.name;
    EXPECT_STRNE(info.label_de, "") << info.name;
    EXPECT_STRNE(info.input_type, "") << info.name;
  }
  for (const char* name : kSpecStandardFields) {
    EXPECT_TRUE(table.count(name)) << name;
    EXPECT_TRUE(validators::IsStandardField(name)) << name;
  }
  EXPECT_EQ(table.size(), std::size(kSpecStandardFields));
  EXPECT_FALSE(validators::IsStandardField("basket"));
  EXPECT_EQ(FindStandardField("basket"), nullptr);
}

TEST(StandardFieldsTest, GermanAndEnglishTexts) {
  EXPECT_TRUE(IsGerman("de"));
  EXPECT_TRUE(IsGerman("de-DE"));
  EXPECT_TRUE(IsGerman("de-CH"));
  EXPECT_FALSE(IsGerman("den"));
  EXPECT_FALSE(IsGerman("en-GB"));
  EXPECT_EQ(FindStandardField("email")->label_de, std::string("E-Mail-Adresse"));
  EXPECT_EQ(IntervalLabel("12", "de-DE"), "jährlich");
  EXPECT_EQ(IntervalLabel("12", "en-GB"), "yearly");
  EXPECT_EQ(PaymentMethodLabel("bank_transfer", "de"), "Überweisung");
  EXPECT_EQ(PaymentMethodLabel("bank_transfer", "fr"), "Bank transfer");
  DisplayOptions salutations = DefaultSalutationOptions("de-DE");
  ASSERT_EQ(salutations.size(), 7u);
  EXPECT_EQ(salutations[0], std::make_pair(std::string("Mr."), std::string("Herr")));
  EXPECT_EQ(DefaultReceiptOptions("en-GB").size(), 4u);
}

}  // namespace
}  // namespace prefill
