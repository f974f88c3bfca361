// StripeProcessor against FakeStripe: outcomes, exact request shapes, and
// every fault ending in one charge at most.
#include "providers/stripe_processor.h"

#include <gtest/gtest.h>

#include "support/fake_stripe.h"

namespace prefill {
namespace {

using testing::FakeStripe;

class StripeProcessorTest : public ::testing::Test {
 protected:
  StripeProcessorTest() {
    account_.name = "gr-stripe";
    account_.provider = Provider::kStripe;
    account_.api_base = fake_.base_url();
    account_.secret_key = Secret("sk_test_fake");
    ProviderHttpOptions options;
    options.total_timeout = std::chrono::milliseconds(1000);
    http_ = std::make_unique<ProviderHttp>(options);
    StripeOptions stripe;
    stripe.retry_pause = std::chrono::milliseconds(10);
    processor_ = std::make_unique<StripeProcessor>(account_, *http_, [] { return std::string("https://prefill.example"); },
                                                   stripe);
  }

  PaymentRequest Request(const std::string& token, const std::string& txn = "txn-0001") {
    PaymentRequest r;
    r.transaction_id = txn;
    r.session_hash = "sess-hash-1";
    r.form_id = "demo";
    r.amount = "12.50";
    r.currency = "EUR";
    r.payment_method = "credit_card";
    r.values = {{"credit_card_token", token}, {"amount", "12.50"}};
    return r;
  }

  size_t Creates() { return fake_.server().requests("POST", "/v1/payment_intents").size(); }

  FakeStripe fake_;
  ProcessorAccount account_;
  std::unique_ptr<ProviderHttp> http_;
  std::unique_ptr<StripeProcessor> processor_;
};

TEST_F(StripeProcessorTest, CardOkIsConfirmedWithTheExactRequestShape) {
  PaymentOutcome outcome = processor_->Charge(Request("pm_card_visa"));
  EXPECT_EQ(outcome.kind, PaymentOutcome::Kind::kConfirmed) << outcome.error;
  EXPECT_EQ(outcome.provider_reference, "pi_fake_1");
  auto sent = fake_.server().requests("POST", "/v1/payment_intents");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].header("authorization"), "Bearer sk_test_fake");
  EXPECT_EQ(sent[0].header("idempotency-key"), "txn-0001");
  EXPECT_EQ(sent[0].header("content-type"), "application/x-www-form-urlencoded");
  const std::map<std::string, std::string> expected = {
      {"amount", "1250"},
      {"currency", "eur"},
      {"payment_method", "pm_card_visa"},
      {"confirm", "true"},
      {"return_url", "https://prefill.example/payments/stripe/return/txn-0001"},
      {"metadata[session]", "sess-hash-1"},
      {"metadata[transaction]", "txn-0001"}};
  EXPECT_EQ(sent[0].form(), expected);
  EXPECT_EQ(fake_.succeeded_charges(), 1);
}

TEST_F(StripeProcessorTest, DeclinedCardIsAnErrorWithStripesMessage) {
  PaymentOutcome outcome = processor_->Charge(Request("pm_card_chargeDeclined"));
  EXPECT_EQ(outcome.kind, PaymentOutcome::Kind::kError);
  EXPECT_EQ(outcome.error, "Your card was declined.");
  EXPECT_EQ(outcome.provider_reference, "pi_fake_1");
  EXPECT_EQ(Creates(), 1u);  // a decline is not retried
  EXPECT_EQ(fake_.succeeded_charges(), 0);
}

TEST_F(StripeProcessorTest, NoTokenOrACardNumberIsRefusedBeforeStripe) {
  EXPECT_EQ(processor_->Charge(Request("")).kind, PaymentOutcome::Kind::kError);
  EXPECT_EQ(processor_->Charge(Request("4242424242424242")).kind, PaymentOutcome::Kind::kError);
  EXPECT_EQ(Creates(), 0u);
}

TEST_F(StripeProcessorTest, ThreeDSecureRoundTrip) {
  PaymentOutcome outcome = processor_->Charge(Request("pm_card_threeDSecure2Required"));
  ASSERT_EQ(outcome.kind, PaymentOutcome::Kind::kAwaiting);
  EXPECT_EQ(outcome.redirect_url, fake_.base_url() + "/3ds/pi_fake_1");
  Transaction awaiting;
  awaiting.id = "txn-0001";
  awaiting.provider_reference = outcome.provider_reference;
  fake_.CompleteAuthentication("pi_fake_1", true);
  PaymentOutcome resolved = processor_->Resolve(awaiting, true);
  EXPECT_EQ(resolved.kind, PaymentOutcome::Kind::kConfirmed);
  EXPECT_EQ(fake_.succeeded_charges(), 1);
  EXPECT_EQ(fake_.server().requests("GET", "/v1/payment_intents/pi_fake_1").size(), 1u);

  // A failed authentication is an error; one abandoned half-way is cancelled first.
  PaymentOutcome second = processor_->Charge(Request("pm_card_threeDSecure2Required", "txn-0002"));
  fake_.CompleteAuthentication(second.provider_reference, false);
  awaiting.id = "txn-0002";
  awaiting.provider_reference = second.provider_reference;
  EXPECT_EQ(processor_->Resolve(awaiting, true).kind, PaymentOutcome::Kind::kError);
  PaymentOutcome third = processor_->Charge(Request("pm_card_threeDSecure2Required", "txn-0003"));
  awaiting.id = "txn-0003";
  awaiting.provider_reference = third.provider_reference;
  EXPECT_EQ(processor_->Resolve(awaiting, false).kind, PaymentOutcome::Kind::kError);
  auto cancels = fake_.server().requests("POST", "/v1/payment_intents/" + third.provider_reference + "/cancel");
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].header("idempotency-key"), "txn-0003:cancel");
  EXPECT_NE(fake_.intent_json(third.provider_reference).find("\"status\":\"canceled\""), std::string::npos);
  EXPECT_EQ(fake_.succeeded_charges(), 1);
}

TEST_F(StripeProcessorTest, FiveHundredThenSuccessChargesOnceWithOneStableKey) {
  fake_.InjectCreateFault(FakeStripe::Fault::k500);
  PaymentOutcome outcome = processor_->Charge(Request("pm_card_visa"));
  EXPECT_EQ(outcome.kind, PaymentOutcome::Kind::kConfirmed);
  auto sent = fake_.server().requests("POST", "/v1/payment_intents");
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].header("idempotency-key"), "txn-0001");
  EXPECT_EQ(sent[1].header("idempotency-key"), "txn-0001");
  EXPECT_EQ(sent[0].body, sent[1].body);
  EXPECT_EQ(fake_.intents_created(), 1);
  EXPECT_EQ(fake_.succeeded_charges(), 1);
}

TEST_F(StripeProcessorTest, AnswerLostAfterTheChargeIsReplayedNotChargedAgain) {
  fake_.InjectCreateFault(FakeStripe::Fault::kLostAfterCharge);
  PaymentOutcome outcome = processor_->Charge(Request("pm_card_visa"));
  EXPECT_EQ(outcome.kind, PaymentOutcome::Kind::kConfirmed);
  EXPECT_EQ(Creates(), 2u);
  EXPECT_EQ(fake_.intents_created(), 1);
  EXPECT_EQ(fake_.succeeded_charges(), 1);
}

TEST_F(StripeProcessorTest, EveryFaultThatPersistsLeavesTheOutcomeUnknown) {
  int n = 0;
  for (FakeStripe::Fault fault : {FakeStripe::Fault::k500, FakeStripe::Fault::k429, FakeStripe::Fault::kHtml,
                                  FakeStripe::Fault::kGarbage, FakeStripe::Fault::kTimeout, FakeStripe::Fault::kHuge}) {
    const std::string txn = "txn-fault-" + std::to_string(++n);
    fake_.InjectCreateFault(fault, 3);
    const size_t before = Creates();
    PaymentOutcome outcome = processor_->Charge(Request("pm_card_visa", txn));
    EXPECT_EQ(outcome.kind, PaymentOutcome::Kind::kUnknown) << "fault " << n;
    auto sent = fake_.server().requests("POST", "/v1/payment_intents");
    ASSERT_EQ(sent.size(), before + 3) << "fault " << n;  // three tries, one key
    for (size_t i = before; i < sent.size(); ++i) EXPECT_EQ(sent[i].header("idempotency-key"), txn);
    // Nothing reached Stripe's execution: Lookup finds no such payment.
    Result<PaymentOutcome> looked = processor_->Lookup(Request("pm_card_visa", txn));
    ASSERT_TRUE(looked.ok()) << looked.status().ToString();
    EXPECT_EQ(looked->kind, PaymentOutcome::Kind::kError) << "fault " << n;
  }
  EXPECT_EQ(fake_.intents_created(), 0);
}

TEST_F(StripeProcessorTest, LookupFindsTheChargeByTransactionAndNeverPosts) {
  fake_.InjectCreateFault(FakeStripe::Fault::kLostAfterCharge);
  fake_.InjectCreateFault(FakeStripe::Fault::k500, 2);
  EXPECT_EQ(processor_->Charge(Request("pm_card_visa")).kind, PaymentOutcome::Kind::kUnknown);
  const size_t posts = Creates();
  Result<PaymentOutcome> looked = processor_->Lookup(Request("pm_card_visa"));
  ASSERT_TRUE(looked.ok());
  EXPECT_EQ(looked->kind, PaymentOutcome::Kind::kConfirmed);
  EXPECT_EQ(looked->provider_reference, "pi_fake_1");
  EXPECT_EQ(Creates(), posts);
  auto searches = fake_.server().requests("GET", "/v1/payment_intents/search");
  ASSERT_EQ(searches.size(), 1u);
  EXPECT_EQ(searches[0].query_params()["query"], "metadata['transaction']:'txn-0001'");
  EXPECT_EQ(fake_.succeeded_charges(), 1);
}

TEST(StripeAmountTest, MinorUnitsFollowTheCurrency) {
  EXPECT_EQ(StripeMinorUnits("12.50", "EUR"), 1250);
  EXPECT_EQ(StripeMinorUnits("1", "eur"), 100);
  EXPECT_EQ(StripeMinorUnits("1200.00", "JPY"), 1200);
  EXPECT_EQ(StripeMinorUnits("12.50", "JPY"), std::nullopt);
  EXPECT_EQ(StripeMinorUnits("3.25", "KWD"), 3250);
  EXPECT_EQ(StripeMinorUnits("0.00", "EUR"), std::nullopt);
  EXPECT_EQ(StripeMinorUnits("abc", "EUR"), std::nullopt);
}

}  // namespace
}  // namespace prefill
