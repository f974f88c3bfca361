// The sandbox processor on its own: the test-value table of sandbox/README.md.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace prefill
