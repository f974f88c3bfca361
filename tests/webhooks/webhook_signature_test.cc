// Standard Webhooks signing: the specification's test vector, secrets, and
// that every part of the signed content counts.
#include "webhooks/webhook_signature.h"

#include <gtest/gtest.h>

#include "rest/encoding.h"

namespace prefill::webhooks {
namespace {

TEST(WebhookSignatureTest, StandardWebhooksTestVector) {
  auto sig = Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                  R"({"test": 2432232314})");
  ASSERT_TRUE(sig.ok()) << sig.status().ToString();
  EXPECT_EQ(*sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignatureTest, EveryPartOfTheContentIsSigned) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const std::string base = *Sign(secret, "msg_1", 1614265330, "{}");
  EXPECT_NE(base, *Sign(secret, "msg_2", 1614265330, "{}"));
  EXPECT_NE(base, *Sign(secret, "msg_1", 1614265331, "{}"));
  EXPECT_NE(base, *Sign(secret, "msg_1", 1614265330, "{ }"));
  EXPECT_NE(base, *Sign("whsec_AfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1614265330, "{}"));
  // The key is the decoded secret, not its text.
  EXPECT_EQ(base, "v1," + Base64Encode(HmacSha256(*Base64Decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                                                  "msg_1.1614265330.{}")));
}

TEST(WebhookSignatureTest, GeneratedSecretsAreWhsecAnd32RandomBytes) {
  const std::string a = GenerateSecret();
  const std::string b = GenerateSecret();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.rfind("whsec_", 0), 0u);
  auto key = SecretKey(a);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->size(), 32u);
  EXPECT_EQ("whsec_" + Base64Encode(*key), a);
}

TEST(WebhookSignatureTest, MalformedSecretsCannotSign) {
  EXPECT_FALSE(Sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, "{}").ok());
  EXPECT_FALSE(Sign("whsec_", "m", 1, "{}").ok());
  EXPECT_FALSE(Sign("whsec_not base64!", "m", 1, "{}").ok());
}

TEST(WebhookSignatureTest, Base64DecodeIsTheInverseOfEncode) {
  for (const std::string text : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00\x01"}) {
    auto decoded = Base64Decode(Base64Encode(text));
    ASSERT_TRUE(decoded.has_value()) << text;
    EXPECT_EQ(*decoded, text);
  }
  EXPECT_EQ(*Base64Decode("Zm9vYg"), "foob");  // padding optional
  EXPECT_FALSE(Base64Decode("Zm9vYg=").has_value());
  EXPECT_FALSE(Base64Decode("Zm9v_g==").has_value());
  EXPECT_FALSE(Base64Decode("Zh==").has_value());  // leftover bits
}

}  // namespace
}  // namespace prefill::webhooks
