// The session core on the shipped forms/demo.json: every standard field in
// non-canonical spelling must merge into a complete session whose stored
// canonical values stay valid on every later read.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "forms/form_loader.h"
#include "session/memory_session_store.h"
#include "session/session_service.h"
#include "session_test_forms.h"

namespace prefill {
namespace {

using testing_session::FakeClock;
using testing_session::May2026;
using validators::MessageId;

FieldInput In(const std::string& field, const std::string& value) { return FieldInput{field, value, false}; }

std::vector<FieldInput> DonorValues() {
  return {In("amount", "25,5"),
          In("interval", "1"),
          In("fb_item_id", "tree"),
          In("payment_method", "sepa_direct_debit"),
          In("salutation", "Mrs."),
          In("title", "Dr."),
          In("first_name", " Beate"),
          In("last_name", "Muster "),
          In("company_name", "ACME GmbH"),
          In("birthday", "01.02.1980"),
          In("email", "Beate@Example.ORG"),
          In("phone", "+49 30 1234567"),
          In("address", "Hauptstr. 1"),
          In("post_code", "10115"),
          In("city", "Berlin"),
          In("country", "de"),
          In("bank_account_owner", "Beate Muster"),
          In("bank_iban", "de89 3704 0044 0532 0130 00"),
          In("bank_bic", "cobadeffxxx"),
          In("wants_receipt", "receipt_now"),
          In("wants_newsletter", "on"),
          In("is_privacy_accepted", "true"),
          In("message", "Danke!\nViele Grüße"),
          In("public_name", "B. M."),
          In("basket", R"([{"sku":"A1","qty":2}])"),
          In("order_id", "A-1234")};
}

class DemoFormSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<FormProblem> problems;
    Result<Form> loaded = LoadFormFile(std::string(PREFILL_SOURCE_DIR) + "/forms/demo.json", &problems);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    form_ = *loaded;
  }

  FakeClock clock_{May2026()};
  MemorySessionStore store_;
  SessionService service_{&store_, clock_.AsFunction()};
  Form form_;
};

TEST_F(DemoFormSessionTest, EveryStandardFieldMergesIntoACompleteSession) {
  Result<SessionView> created = service_.Create(form_, false, DonorValues(), Authority::kForm);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  for (const auto& [field, error] : created->errors.current_fields) {
    ADD_FAILURE() << field << ": " << validators::Message(error, "en-GB");
  }
  for (const auto& [field, error] : created->errors.other_fields) {
    ADD_FAILURE() << field << ": " << validators::Message(error, "en-GB");
  }
  EXPECT_TRUE(created->errors.globals.empty());
  EXPECT_TRUE(created->complete);
  EXPECT_EQ(created->record.values.size(), DonorValues().size());
  EXPECT_EQ(created->record.values.at("amount"), "25.50");
  EXPECT_EQ(created->record.values.at("bank_iban"), "DE89370400440532013000");
  EXPECT_EQ(created->record.values.at("country"), "DE");
  EXPECT_EQ(created->record.expires_at, May2026() + std::chrono::minutes(1440));

  // Re-validating the stored canonical values must find nothing.
  Result<SessionView> read = service_.Read(form_, created->record.hash);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->complete);
  EXPECT_TRUE(read->errors.empty());
}

TEST_F(DemoFormSessionTest, PaymentMethodDecidesExtraRequiredFields) {
  std::vector<FieldInput> values = DonorValues();
  std::erase_if(values, [](const FieldInput& in) { return in.field.rfind("bank_", 0) == 0; });
  Result<SessionView> created = service_.Create(form_, false, values, Authority::kForm);
  ASSERT_TRUE(created.ok());
  EXPECT_FALSE(created->complete);
  EXPECT_EQ(created->errors.current_fields.count("bank_iban"), 0u) << "bank group was not sent";
  EXPECT_EQ(created->errors.other_fields.count("bank_iban"), 1u);
  EXPECT_EQ(created->errors.other_fields.count("bank_account_owner"), 1u);

  Result<SessionView> paypal =
      service_.Update(form_, created->record.hash, {In("payment_method", "paypal")}, Authority::kForm);
  ASSERT_TRUE(paypal.ok());
  EXPECT_TRUE(paypal->complete);
  EXPECT_TRUE(paypal->errors.empty());
}

TEST_F(DemoFormSessionTest, CardExpiryPassingMakesAStoredSessionIncomplete) {
  std::vector<FieldInput> values = DonorValues();
  std::erase_if(values, [](const FieldInput& in) { return in.field.rfind("bank_", 0) == 0; });
  std::erase_if(values, [](const FieldInput& in) { return in.field == "payment_method"; });
  values.push_back(In("payment_method", "credit_card"));
  values.push_back(In("credit_card_token", "tok_sandbox_ok"));
  values.push_back(In("credit_card_expire_date_month", "6"));
  values.push_back(In("credit_card_expire_date_year", "2026"));
  CreateOptions long_lived;
  long_lived.ttl = std::chrono::hours(24 * 60);
  Result<SessionView> created = service_.Create(form_, true, values, Authority::kForm, long_lived);
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created->complete);
  for (const auto& [field, error] : created->errors.current_fields) {
    ADD_FAILURE() << field << ": " << validators::Message(error, "en-GB");
  }

  clock_.Advance(std::chrono::hours(24 * 45));  // 2026-07-04: the card has expired, the session not
  Result<SessionView> later = service_.Read(form_, created->record.hash);
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  EXPECT_FALSE(later->complete);
  EXPECT_TRUE(later->errors.current_fields.empty());
  const size_t expiry_errors = later->errors.other_fields.count("credit_card_expire_date_month") +
                               later->errors.other_fields.count("credit_card_expire_date_year");
  EXPECT_GE(expiry_errors, 1u);

  // A new session with the expired card keeps the card date out.
  Result<SessionView> fresh = service_.Create(form_, true, values, Authority::kForm);
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE(fresh->complete);
}

TEST_F(DemoFormSessionTest, ReceiptNeedsTheAddressGroup) {
  std::vector<FieldInput> values = DonorValues();
  std::erase_if(values, [](const FieldInput& in) {
    return in.field == "address" || in.field == "post_code" || in.field == "city" || in.field == "country";
  });
  Result<SessionView> created = service_.Create(form_, false, values, Authority::kForm);
  ASSERT_TRUE(created.ok());
  EXPECT_FALSE(created->complete);
  const size_t address_errors = created->errors.current_fields.count("address") +
                                created->errors.other_fields.count("address");
  EXPECT_EQ(address_errors, 1u);

  Result<SessionView> no_receipt = service_.Update(form_, created->record.hash,
                                                   {In("wants_receipt", "no_receipt")}, Authority::kForm);
  ASSERT_TRUE(no_receipt.ok());
  EXPECT_TRUE(no_receipt->complete);
}

}  // namespace
}  // namespace prefill
