// PaypalProcessor against FakePaypal: token cache, order shape, capture
// outcomes, request ids, Lookup and webhook verification.
#include "providers/paypal_processor.h"

#include <gtest/gtest.h>

#include "support/fake_paypal.h"
#include "support/json.h"

namespace prefill {
namespace {

using testing::FakePaypal;

class PaypalProcessorTest : public ::testing::Test {
 protected:
  PaypalProcessorTest() {
    account_.name = "gr-paypal";
    account_.provider = Provider::kPaypal;
    account_.api_base = fake_.base_url();
    account_.client_id = Secret("pp-client");
    account_.client_secret = Secret("pp-secret");
    account_.webhook_id = "WH-FAKE-1";
    ProviderHttpOptions options;
    options.total_timeout = std::chrono::milliseconds(1000);
    http_ = std::make_unique<ProviderHttp>(options);
    PaypalOptions paypal;
    paypal.retry_pause = std::chrono::milliseconds(10);
    processor_ = std::make_unique<PaypalProcessor>(account_, *http_, [] { return std::string("https://prefill.example"); },
                                                   paypal);
  }

  PaymentRequest Request(const std::string& txn = "txn-pp-1") {
    PaymentRequest r;
    r.transaction_id = txn;
    r.session_hash = "sess";
    r.form_id = "demo";
    r.amount = "12.50";
    r.currency = "EUR";
    r.payment_method = "paypal";
    return r;
  }

  Transaction Awaiting(const std::string& txn, const PaymentOutcome& outcome) {
    Transaction t;
    t.id = txn;
    t.provider_reference = outcome.provider_reference;
    t.status = TransactionStatus::kAwaiting;
    return t;
  }

  FakePaypal fake_;
  ProcessorAccount account_;
  std::unique_ptr<ProviderHttp> http_;
  std::unique_ptr<PaypalProcessor> processor_;
};

TEST_F(PaypalProcessorTest, OrderIsCreatedWithTheExactShapeAndAwaitsApproval) {
  PaymentOutcome outcome = processor_->Charge(Request());
  ASSERT_EQ(outcome.kind, PaymentOutcome::Kind::kAwaiting) << outcome.error;
  EXPECT_EQ(outcome.provider_reference, "ORDER-1");
  EXPECT_EQ(outcome.redirect_url, fake_.base_url() + "/checkoutnow?token=ORDER-1");
  auto tokens = fake_.server().requests("POST", "/v1/oauth2/token");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].body, "grant_type=client_credentials");
  auto created = fake_.server().requests("POST", "/v2/checkout/orders");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].header("paypal-request-id"), "txn-pp-1");
  EXPECT_EQ(created[0].header("authorization"), "Bearer A21-token-1");
  EXPECT_EQ(created[0].header("content-type"), "application/json");
  rapidjson::Document body;
  body.Parse(created[0].body.c_str());
  ASSERT_FALSE(body.HasParseError());
  EXPECT_STREQ(body["intent"].GetString(), "CAPTURE");
  EXPECT_STREQ(body["purchase_units"][0]["custom_id"].GetString(), "txn-pp-1");
  EXPECT_STREQ(body["purchase_units"][0]["amount"]["currency_code"].GetString(), "EUR");
  EXPECT_STREQ(body["purchase_units"][0]["amount"]["value"].GetString(), "12.50");
  const auto& context = body["payment_source"]["paypal"]["experience_context"];
  EXPECT_STREQ(context["return_url"].GetString(), "https://prefill.example/payments/paypal/return/txn-pp-1");
  EXPECT_STREQ(context["cancel_url"].GetString(), "https://prefill.example/payments/paypal/cancel/txn-pp-1");

  // The token is cached: a second order asks for none.
  processor_->Charge(Request("txn-pp-2"));
  EXPECT_EQ(fake_.tokens_issued(), 1);
}

TEST_F(PaypalProcessorTest, ApprovedOrderIsCapturedOnceEvenWhenResolvedTwice) {
  PaymentOutcome order = processor_->Charge(Request());
  fake_.Approve(order.provider_reference);
  PaymentOutcome first = processor_->Resolve(Awaiting("txn-pp-1", order), true);
  PaymentOutcome again = processor_->Resolve(Awaiting("txn-pp-1", order), true);
  EXPECT_EQ(first.kind, PaymentOutcome::Kind::kConfirmed);
  EXPECT_EQ(again.kind, PaymentOutcome::Kind::kConfirmed);
  EXPECT_EQ(fake_.captures(), 1);
  auto captures = fake_.server().requests("POST", "/v2/checkout/orders/ORDER-1/capture");
  ASSERT_EQ(captures.size(), 2u);
  EXPECT_EQ(captures[0].header("paypal-request-id"), "txn-pp-1:capture");
  EXPECT_EQ(captures[1].header("paypal-request-id"), "txn-pp-1:capture");
}

TEST_F(PaypalProcessorTest, DeclinedCaptureIsAnErrorAndCancelCallsNobody) {
  PaymentOutcome order = processor_->Charge(Request());
  fake_.Approve(order.provider_reference);
  fake_.Decline(order.provider_reference);
  PaymentOutcome declined = processor_->Resolve(Awaiting("txn-pp-1", order), true);
  EXPECT_EQ(declined.kind, PaymentOutcome::Kind::kError);
  EXPECT_NE(declined.error.find("declined"), std::string::npos);

  PaymentOutcome other = processor_->Charge(Request("txn-pp-2"));
  const size_t before = fake_.server().requests().size();
  PaymentOutcome cancelled = processor_->Resolve(Awaiting("txn-pp-2", other), false);
  EXPECT_EQ(cancelled.kind, PaymentOutcome::Kind::kError);
  EXPECT_EQ(fake_.server().requests().size(), before);
  EXPECT_EQ(fake_.captures(), 0);
}

TEST_F(PaypalProcessorTest, CaptureFaultsAreRetriedWithTheSameRequestIdThenUnknown) {
  PaymentOutcome order = processor_->Charge(Request());
  fake_.Approve(order.provider_reference);
  fake_.InjectCaptureFault(500, 1);
  EXPECT_EQ(processor_->Resolve(Awaiting("txn-pp-1", order), true).kind, PaymentOutcome::Kind::kConfirmed);
  EXPECT_EQ(fake_.captures(), 1);

  PaymentOutcome second = processor_->Charge(Request("txn-pp-2"));
  fake_.Approve(second.provider_reference);
  fake_.InjectCaptureFault(503, 3);
  EXPECT_EQ(processor_->Resolve(Awaiting("txn-pp-2", second), true).kind, PaymentOutcome::Kind::kUnknown);
  EXPECT_EQ(fake_.captures(), 1);
}

TEST_F(PaypalProcessorTest, LookupReplaysTheCreateAndReadsTheOrder) {
  PaymentOutcome order = processor_->Charge(Request());
  Result<PaymentOutcome> open = processor_->Lookup(Request());
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->kind, PaymentOutcome::Kind::kAwaiting);
  EXPECT_EQ(open->provider_reference, order.provider_reference);  // the same order, not a new one
  fake_.Approve(order.provider_reference);
  processor_->Resolve(Awaiting("txn-pp-1", order), true);
  Result<PaymentOutcome> done = processor_->Lookup(Request());
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->kind, PaymentOutcome::Kind::kConfirmed);
  EXPECT_EQ(fake_.captures(), 1);
  EXPECT_EQ(fake_.server().requests("POST", "/v2/checkout/orders/ORDER-1/capture").size(), 1u);
}

TEST_F(PaypalProcessorTest, WebhookIsVerifiedByPaypal) {
  const std::string event = R"({"id":"WH-EVT-1","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{"custom_id":"t"}})";
  std::multimap<std::string, std::string> headers = {
      {"paypal-auth-algo", "SHA256withRSA"}, {"paypal-cert-url", "https://api.paypal.com/cert.pem"},
      {"paypal-transmission-id", "tid-1"}, {"paypal-transmission-sig", FakePaypal::kValidSignature},
      {"paypal-transmission-time", "2026-12-01T00:00:00Z"}};
  EXPECT_TRUE(processor_->VerifyWebhook(headers, event).ok());
  auto verify = fake_.server().requests("POST", "/v1/notifications/verify-webhook-signature");
  ASSERT_EQ(verify.size(), 1u);
  rapidjson::Document body;
  body.Parse(verify[0].body.c_str());
  EXPECT_STREQ(body["webhook_id"].GetString(), "WH-FAKE-1");
  EXPECT_STREQ(body["transmission_id"].GetString(), "tid-1");
  EXPECT_STREQ(body["webhook_event"]["event_type"].GetString(), "PAYMENT.CAPTURE.COMPLETED");

  auto forged = headers;
  forged.find("paypal-transmission-sig")->second = "forged";
  EXPECT_TRUE(processor_->VerifyWebhook(forged, event).Is(Status::Code::kForbidden));
  headers.erase("paypal-cert-url");
  EXPECT_TRUE(processor_->VerifyWebhook(headers, event).Is(Status::Code::kForbidden));
  EXPECT_TRUE(processor_->VerifyWebhook(forged, "not json").Is(Status::Code::kForbidden));
}

TEST(PaypalAmountTest, ValuesAreDecimalStringsWholeForZeroDecimalCurrencies) {
  EXPECT_EQ(PaypalAmountValue("12.5", "EUR"), "12.50");
  EXPECT_EQ(PaypalAmountValue("1200.00", "JPY"), "1200");
  EXPECT_EQ(PaypalAmountValue("12.50", "JPY"), std::nullopt);
}

}  // namespace
}  // namespace prefill
