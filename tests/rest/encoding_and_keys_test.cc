// API key format, hashing, scopes, bearer parsing, base64url and SHA-256.
#include <gtest/gtest.h>

#include <set>

#include "rest/api_key.h"
#include "rest/encoding.h"

namespace prefill {
namespace {

TEST(EncodingTest, Sha256KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(EncodingTest, Base64UrlRoundTripsEveryLengthAndByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t n = 0; n <= all.size(); n += 7) {
    std::string bytes = all.substr(0, n);
    std::string text = Base64UrlEncode(bytes);
    EXPECT_EQ(text.find_first_of("+/="), std::string::npos) << text;
    auto back = Base64UrlDecode(text);
    ASSERT_TRUE(back.has_value()) << n;
    EXPECT_EQ(*back, bytes);
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(EncodingTest, Base64UrlRefusesForeignText) {
  EXPECT_FALSE(Base64UrlDecode("ab+c").has_value());   // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("YQ==").has_value());   // padding
  EXPECT_FALSE(Base64UrlDecode("A").has_value());      // impossible length
  EXPECT_FALSE(Base64UrlDecode("YR").has_value());     // non-zero leftover bits: not canonical
  EXPECT_TRUE(Base64UrlDecode("YQ").has_value());
}

TEST(ApiKeyTest, GeneratedKeysHaveTheDocumentedShapeAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    GeneratedApiKey key = GenerateApiKey();
    EXPECT_EQ(key.secret.size(), kApiKeyLength);
    EXPECT_EQ(key.secret.rfind("pf_sk_", 0), 0u);
    EXPECT_TRUE(LooksLikeApiKey(key.secret)) << key.secret;
    EXPECT_EQ(key.hash, Sha256Hex(key.secret));
    EXPECT_EQ(key.prefix, key.secret.substr(0, 12));
    EXPECT_EQ(key.hash.find(key.secret), std::string::npos);
    EXPECT_TRUE(seen.insert(key.secret).second);
  }
}

TEST(ApiKeyTest, LooksLikeApiKeyRefusesNearMisses) {
  std::string good = GenerateApiKey().secret;
  EXPECT_FALSE(LooksLikeApiKey(""));
  EXPECT_FALSE(LooksLikeApiKey(good.substr(0, good.size() - 1)));
  EXPECT_FALSE(LooksLikeApiKey(good + "A"));
  EXPECT_FALSE(LooksLikeApiKey("pf_pk_" + good.substr(6)));
  std::string bad_char = good;
  bad_char[10] = '+';
  EXPECT_FALSE(LooksLikeApiKey(bad_char));
}

TEST(ApiKeyTest, ParsesScopes) {
  auto both = ParseScopes("sessions:read, sessions:write");
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->size(), 2u);
  EXPECT_EQ(FormatScopes(*both), "sessions:read,sessions:write");
  auto read = ParseScopes("sessions:read");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(FormatScopes(*read), "sessions:read");
  EXPECT_FALSE(ParseScopes("").ok());
  EXPECT_FALSE(ParseScopes("sessions:admin").ok());
  EXPECT_FALSE(ParseScopes("sessions:read,").ok());
  EXPECT_FALSE(ParseScopes("SESSIONS:READ").ok());
}

TEST(ApiKeyTest, BearerToken) {
  EXPECT_EQ(BearerToken("Bearer abc"), "abc");
  EXPECT_EQ(BearerToken("bearer   abc  "), "abc");
  EXPECT_EQ(BearerToken("Basic abc"), "");
  EXPECT_EQ(BearerToken("Bearer"), "");
  EXPECT_EQ(BearerToken("Bearer "), "");
  EXPECT_EQ(BearerToken(""), "");
}

TEST(ApiKeyTest, KeyNames) {
  EXPECT_TRUE(IsValidApiKeyName("shop backend"));
  EXPECT_TRUE(IsValidApiKeyName(std::string(100, 'a')));
  EXPECT_FALSE(IsValidApiKeyName(std::string(101, 'a')));
  EXPECT_FALSE(IsValidApiKeyName(""));
  EXPECT_FALSE(IsValidApiKeyName(" shop"));
  EXPECT_FALSE(IsValidApiKeyName("shop\n"));
  EXPECT_FALSE(IsValidApiKeyName("caf\xc3\xa9"));
}

}  // namespace
}  // namespace prefill

namespace prefill {
namespace {

TEST(EncodingTest, HmacSha256HexAndBase64MatchPublishedVectors) {
  // RFC 4231, test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 4648 section 10.
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

}  // namespace
}  // namespace prefill
