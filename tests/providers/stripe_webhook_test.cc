// Stripe-Signature verification, checked against the official stripe npm
// package (tests/stripe_node, installed by scripts/setup.sh) as an
// independent reference in both directions, and event parsing.
#include "providers/stripe_webhook.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <fstream>

namespace prefill {
namespace {

const Secret kSecret("whsec_test_reference");

constexpr char kSucceeded[] =
    R"({"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1",)"
    R"("object":"payment_intent","status":"succeeded","metadata":{"session":"s","transaction":"txn-1"}}}})";

// Runs tests/stripe_node/stripe_reference.js with `payload` on stdin.
std::string Reference(const std::string& mode, const std::string& arg, const std::string& payload) {
  const std::string file = ::testing::TempDir() + "/stripe_payload_" + std::to_string(getpid());
  std::ofstream(file, std::ios::binary) << payload;
  const std::string command = "node " + std::string(PREFILL_SOURCE_DIR) + "/tests/stripe_node/stripe_reference.js " +
                              mode + " '" + kSecret.reveal() + "' '" + arg + "' < " + file + " 2>&1";
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[512];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    EXPECT_EQ(pclose(pipe), 0) << out;
  }
  std::remove(file.c_str());
  return out;
}

TEST(StripeWebhookTest, HeaderMadeByTheStripePackageIsAccepted) {
  const long long now = std::time(nullptr);
  const std::string header = Reference("sign", std::to_string(now), kSucceeded);
  ASSERT_EQ(header.rfind("t=" + std::to_string(now) + ",v1=", 0), 0u) << header;
  EXPECT_TRUE(VerifyStripeSignature(header, kSucceeded, kSecret, now).ok());
  // The same header on another body, with another secret, or too late is refused.
  std::string tampered = kSucceeded;
  tampered.replace(tampered.find("txn-1"), 5, "txn-2");
  EXPECT_TRUE(VerifyStripeSignature(header, tampered, kSecret, now).Is(Status::Code::kForbidden));
  EXPECT_TRUE(VerifyStripeSignature(header, kSucceeded, Secret("whsec_other"), now).Is(Status::Code::kForbidden));
  EXPECT_TRUE(VerifyStripeSignature(header, kSucceeded, kSecret, now + 301).Is(Status::Code::kForbidden));
  EXPECT_TRUE(VerifyStripeSignature(header, kSucceeded, kSecret, now - 301).Is(Status::Code::kForbidden));
  EXPECT_TRUE(VerifyStripeSignature(header, kSucceeded, kSecret, now + 299).ok());
}

TEST(StripeWebhookTest, OurSignatureIsAcceptedByTheStripePackage) {
  const long long now = std::time(nullptr);
  const std::string header = "t=" + std::to_string(now) + ",v1=" + StripeSignature(kSucceeded, kSecret, now);
  EXPECT_EQ(Reference("verify", header, kSucceeded), "ok");
  const std::string stale = "t=" + std::to_string(now - 400) + ",v1=" + StripeSignature(kSucceeded, kSecret, now - 400);
  EXPECT_NE(Reference("verify", stale, kSucceeded).find("refused"), std::string::npos);
}

TEST(StripeWebhookTest, MalformedHeadersAreRefused) {
  const long long now = 1700000000;
  const std::string good = StripeSignature(kSucceeded, kSecret, now);
  for (const std::string& header :
       {std::string(""), std::string("v1=") + good, "t=" + std::to_string(now), "t=abc,v1=" + good,
        "t=" + std::to_string(now) + ",v0=" + good, "t=" + std::to_string(now) + ",v1=" + good.substr(1),
        "t=-5,v1=" + good}) {
    EXPECT_TRUE(VerifyStripeSignature(header, kSucceeded, kSecret, now).Is(Status::Code::kForbidden)) << header;
  }
  // Several v1 signatures (a secret being rolled): one match is enough.
  EXPECT_TRUE(VerifyStripeSignature("t=" + std::to_string(now) + ",v1=00ff,v1=" + good, kSucceeded, kSecret, now).ok());
  EXPECT_TRUE(VerifyStripeSignature("t=" + std::to_string(now) + ",v1=" + good, kSucceeded, Secret(), now)
                  .Is(Status::Code::kForbidden));
}

TEST(StripeWebhookTest, EventsThatSettleAnAttempt) {
  auto succeeded = ParseStripeEvent(kSucceeded);
  ASSERT_TRUE(succeeded.ok()) << succeeded.status().ToString();
  EXPECT_EQ(succeeded->transaction_id, "txn-1");
  EXPECT_EQ(succeeded->intent_id, "pi_1");
  EXPECT_EQ(succeeded->outcome.kind, PaymentOutcome::Kind::kConfirmed);

  auto failed = ParseStripeEvent(
      R"({"id":"evt_2","object":"event","type":"payment_intent.payment_failed","data":{"object":{"id":"pi_2",)"
      R"("object":"payment_intent","last_payment_error":{"message":"Your card was declined."},)"
      R"("metadata":{"transaction":"txn-2"}}}})");
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->outcome.kind, PaymentOutcome::Kind::kError);
  EXPECT_EQ(failed->outcome.error, "Your card was declined.");

  EXPECT_TRUE(ParseStripeEvent(R"({"id":"evt_3","object":"event","type":"charge.refunded","data":{}})")
                  .status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(ParseStripeEvent("<html>").status().Is(Status::Code::kInvalidArgument));
  EXPECT_TRUE(ParseStripeEvent(R"({"object":"event","type":"payment_intent.succeeded","data":{"object":{}}})")
                  .status().Is(Status::Code::kInvalidArgument));
}

}  // namespace
}  // namespace prefill
