// The sandbox processor on its own: the test-value table of sandbox/README.md.
#include <gtest/gtest.h>

#include <vector>

#include "sandbox/sandbox_processor.h"

namespace prefill {
namespace {

using Kind = PaymentOutcome::Kind;

PaymentRequest Request(const std::string& method, std::map<std::string, std::string> values = {}) {
  PaymentRequest r;
  r.transaction_id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
  r.amount = "10.00";
  r.currency = "EUR";
  r.payment_method = method;
  r.values = std::move(values);
  return r;
}

TEST(SandboxProcessorTest, SepaConfirmsEveryIbanButTheRefusedOne) {
  SandboxProcessor p;
  PaymentOutcome ok = p.Charge(Request("sepa_direct_debit", {{"bank_iban", "DE89370400440532013000"}}));
  EXPECT_EQ(ok.kind, Kind::kConfirmed);
  EXPECT_EQ(ok.provider_reference, "sbx_sepa_0a1b2c3d4e5f");
  EXPECT_EQ(p.Charge(Request("sepa_direct_debit", {{"bank_iban", "AT611904300234573201"}})).kind, Kind::kConfirmed);
  PaymentOutcome refused = p.Charge(Request("sepa_direct_debit", {{"bank_iban", "DE02120300000000202051"}}));
  EXPECT_EQ(refused.kind, Kind::kError);
  EXPECT_EQ(refused.error, "mandate refused");
}

TEST(SandboxProcessorTest, CardTokens) {
  SandboxProcessor p;
  EXPECT_EQ(p.Charge(Request("credit_card", {{"credit_card_token", "tok_sandbox_ok"}})).kind, Kind::kConfirmed);
  PaymentOutcome declined = p.Charge(Request("credit_card", {{"credit_card_token", "tok_sandbox_declined"}}));
  EXPECT_EQ(declined.kind, Kind::kError);
  EXPECT_EQ(declined.error, "card declined");
  PaymentOutcome unavailable = p.Charge(Request("credit_card", {{"credit_card_token", "tok_sandbox_unavailable"}}));
  EXPECT_EQ(unavailable.kind, Kind::kError);
  EXPECT_EQ(unavailable.error, "provider unavailable, try again");
  // Near misses of the special tokens are ordinary tokens.
  EXPECT_EQ(p.Charge(Request("credit_card", {{"credit_card_token", "TOK_SANDBOX_DECLINED"}})).kind, Kind::kConfirmed);
}

TEST(SandboxProcessorTest, PaypalAwaitsApprovalOnThisServer) {
  SandboxProcessor p;
  PaymentOutcome o = p.Charge(Request("paypal"));
  EXPECT_EQ(o.kind, Kind::kAwaiting);
  EXPECT_EQ(o.redirect_url, "/sandbox/paypal/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
  EXPECT_EQ(o.provider_reference, "sbx_paypal_0a1b2c3d4e5f");

  Transaction awaiting;
  awaiting.id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
  awaiting.provider_reference = o.provider_reference;
  EXPECT_EQ(p.Resolve(awaiting, true).kind, Kind::kConfirmed);
  PaymentOutcome cancelled = p.Resolve(awaiting, false);
  EXPECT_EQ(cancelled.kind, Kind::kError);
  EXPECT_EQ(cancelled.error, "cancelled by donor");
}

TEST(SandboxProcessorTest, BankTransferCarriesInstructions) {
  SandboxProcessor p;
  PaymentOutcome o = p.Charge(Request("bank_transfer"));
  EXPECT_EQ(o.kind, Kind::kConfirmed);
  ASSERT_TRUE(o.instructions.has_value());
  EXPECT_EQ(o.instructions->iban, "DE44500105175407324931");
  EXPECT_EQ(o.instructions->bic, "INGDDEFFXXX");
  EXPECT_EQ(o.instructions->reference, "PREFILL 0A1B2C3D4E5F");
  EXPECT_FALSE(o.instructions->account_holder.empty());
}

TEST(SandboxProcessorTest, UnknownMethodIsAnError) {
  SandboxProcessor p;
  PaymentOutcome o = p.Charge(Request("bitcoin"));
  EXPECT_EQ(o.kind, Kind::kError);
  EXPECT_EQ(o.error, "payment method not supported");
  EXPECT_EQ(p.Charge(Request("")).kind, Kind::kError);
}

// Lookup answers what Charge answered, field by field, for every test value.
TEST(SandboxProcessorTest, LookupAnswersExactlyWhatChargeAnswered) {
  SandboxProcessor p;
  const std::vector<PaymentRequest> requests = {
      Request("sepa_direct_debit", {{"bank_iban", "DE89370400440532013000"}}),
      Request("sepa_direct_debit", {{"bank_iban", "DE02120300000000202051"}}),
      Request("credit_card", {{"credit_card_token", "tok_sandbox_ok"}}),
      Request("credit_card", {{"credit_card_token", "tok_sandbox_declined"}}),
      Request("credit_card", {{"credit_card_token", "tok_sandbox_unavailable"}}),
      Request("paypal", {{"email", "beate@example.org"}}),
      Request("bank_transfer", {{"email", "beate@example.org"}}),
      Request("cheque", {{"email", "beate@example.org"}}),
  };
  for (const PaymentRequest& request : requests) {
    SCOPED_TRACE(request.payment_method);
    const PaymentOutcome charged = p.Charge(request);
    Result<PaymentOutcome> looked_up = p.Lookup(request);
    ASSERT_TRUE(looked_up.ok()) << looked_up.status().ToString();
    EXPECT_EQ(looked_up->kind, charged.kind);
    EXPECT_EQ(looked_up->provider_reference, charged.provider_reference);
    EXPECT_EQ(looked_up->redirect_url, charged.redirect_url);
    EXPECT_EQ(looked_up->error, charged.error);
    ASSERT_EQ(looked_up->instructions.has_value(), charged.instructions.has_value());
    if (charged.instructions) {
      EXPECT_EQ(looked_up->instructions->reference, charged.instructions->reference);
    }
  }
}

TEST(SandboxProcessorTest, LookupWithoutTheSessionValuesIsAnErrorNotAGuess) {
  SandboxProcessor p;
  // Charge would confirm a card without its token; Lookup cannot know which token was paid.
  Result<PaymentOutcome> unknown = p.Lookup(Request("credit_card"));
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->kind, Kind::kError);
  EXPECT_EQ(unknown->error, SandboxProcessor::kAttemptUnknown);
}

}  // namespace
}  // namespace prefill
