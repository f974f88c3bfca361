// The registry of payment methods (validators/field_registry.h): its facts are
// the ones validation applies — the default list of a form, each method's
// required fields in CheckSession, the fields shown with each method.
#include "validators/field_registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "tests/validators/fixture.h"

namespace prefill::validators {
namespace {

using testing::Session;

TEST(FieldRegistryTest, EveryMethodOnceAndTheDefaultOfAForm) {
  std::set<std::string> seen;
  for (const PaymentMethodSpec& m : PaymentMethods()) {
    EXPECT_TRUE(seen.insert(std::string(m.name)).second) << m.name;
    EXPECT_FALSE(m.label_en.empty()) << m.name;
    EXPECT_FALSE(m.label_de.empty()) << m.name;
    EXPECT_EQ(FindPaymentMethod(m.name), &m);
    for (std::string_view field : m.required) {
      EXPECT_TRUE(IsStandardField(field)) << m.name << " requires " << field;
      EXPECT_EQ(PaymentMethodOfField(field), &m) << field;
    }
  }
  EXPECT_EQ(PaymentMethodNames(),
            (std::vector<std::string>{"sepa_direct_debit", "credit_card", "paypal", "bank_transfer"}));
  EXPECT_EQ(FormRules().payment_methods, PaymentMethodNames());
  EXPECT_EQ(ProcessorAccountMethodNames(), (std::vector<std::string>{"credit_card", "paypal"}));
  EXPECT_EQ(FindPaymentMethod("cash"), nullptr);
}

TEST(FieldRegistryTest, FieldsBelongToTheMethodOfTheirPrefix) {
  EXPECT_EQ(PaymentMethodOfField("bank_bic")->name, "sepa_direct_debit");
  EXPECT_EQ(PaymentMethodOfField("bank_anything")->name, "sepa_direct_debit");  // custom fields too
  EXPECT_EQ(PaymentMethodOfField("credit_card_network")->name, "credit_card");
  EXPECT_EQ(PaymentMethodOfField("amount"), nullptr);
  EXPECT_EQ(PaymentMethodOfField("paypal_note"), nullptr);
}

// CheckSession asks for exactly the registry's required fields of the chosen
// method, whichever method it is.
TEST(FieldRegistryTest, CheckSessionRequiresEachMethodsFields) {
  for (const PaymentMethodSpec& m : PaymentMethods()) {
    Session s;
    s.values = {{"amount", "10.00"}, {"payment_method", std::string(m.name)}};
    std::set<std::string> missing;
    for (const auto& [field, error] : s.Check()) {
      if (error.id == MessageId::kRequired) missing.insert(field);
    }
    EXPECT_EQ(missing, std::set<std::string>(m.required.begin(), m.required.end())) << m.name;
  }
}

}  // namespace
}  // namespace prefill::validators

namespace prefill::validators {
namespace {

// The standard fields: each once, with every fact the layers read, and the
// groups FieldGroup answers made from the table's `group` column.
TEST(FieldRegistryTest, EveryStandardFieldOnceWithItsFacts) {
  std::set<std::string> seen;
  for (const StandardFieldSpec& f : StandardFieldSpecs()) {
    EXPECT_TRUE(seen.insert(f.name).second) << f.name;
    EXPECT_TRUE(IsStandardField(f.name)) << f.name;
    EXPECT_EQ(FindStandardFieldSpec(f.name), &f);
    EXPECT_STRNE(f.input_type, "") << f.name;
    EXPECT_STRNE(f.config_type, "") << f.name;
    EXPECT_STRNE(f.label_en, "") << f.name;
    EXPECT_STRNE(f.label_de, "") << f.name;
    if (f.group == nullptr) {
      EXPECT_TRUE(FieldGroup(f.name).empty()) << f.name;
    } else {
      const std::vector<std::string>& group = FieldGroup(f.name);
      EXPECT_NE(std::find(group.begin(), group.end(), f.name), group.end()) << f.name;
    }
  }
  EXPECT_EQ(seen.size(), 29u);
  EXPECT_EQ(FindStandardFieldSpec("post_code")->kind, FieldKind::kPostCode);
  EXPECT_STREQ(FindStandardFieldSpec("post_code")->autocomplete, "postal-code");
  EXPECT_EQ(FindStandardFieldSpec("basket"), nullptr);
}

}  // namespace
}  // namespace prefill::validators
