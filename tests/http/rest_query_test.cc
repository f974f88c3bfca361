// The one rule for the query parameters of /v1 lists and lookups
// (http/rest_wire.h), used by the session, commerce, SEPA and webhook routes.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http/rest_wire.h"
#include "rest/session_pager.h"

namespace prefill {
namespace {

using Reasons = std::vector<std::string>;

HttpRequest Get(std::string query) {
  HttpRequest request;
  request.method = "GET";
  request.path = "/v1/list";
  request.query = std::move(query);
  return request;
}

DecodedParams Params(const std::string& query) {
  auto decoded = DecodeParams(Get(query));
  EXPECT_TRUE(decoded.ok()) << decoded.status().ToString();
  return decoded.ok() ? std::move(decoded.value()) : DecodedParams{};
}

TEST(RestQueryTest, PageSizeIsAnIntegerFromOneToTheMaximumAndDefaultsWhenAbsent) {
  Reasons reasons;
  EXPECT_EQ(ReadPageSize(Params(""), &reasons), kDefaultPageSize);
  EXPECT_EQ(ReadPageSize(Params("pageSize=1"), &reasons), 1);
  EXPECT_EQ(ReadPageSize(Params("pageSize=100"), &reasons), kMaxPageSize);
  EXPECT_TRUE(reasons.empty());
  for (const char* bad : {"pageSize=0", "pageSize=101", "pageSize=-1", "pageSize=1e2", "pageSize=", "pageSize=99999",
                          "pageSize=%2010"}) {
    Reasons refused;
    EXPECT_EQ(ReadPageSize(Params(bad), &refused), 0) << bad;
    EXPECT_EQ(refused, Reasons{"pageSize must be an integer from 1 to 100"}) << bad;
  }
}

TEST(RestQueryTest, UnknownParametersAreNamedButACardNumberIsNeverRepeated) {
  Reasons reasons;
  RefuseUnknownParams(Params("pageSize=5&colour=red&4111111111111111=1&after=x"), {"pageSize", "after"}, &reasons);
  EXPECT_EQ(reasons, (Reasons{"unknown parameter: colour", "unknown parameter: a name holding a card number"}));
}

TEST(RestQueryTest, ReadRestQueryAnswersTheRefusalOrHandsTheParametersOver) {
  DecodedParams q;
  auto refused = ReadRestQuery(Get("creditorId=DE98ZZZ09999999999&x=1"), {"creditorId"}, &q);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 400);
  rapidjson::Document body;
  body.Parse(refused->body.c_str(), refused->body.size());
  ASSERT_FALSE(body.HasParseError()) << refused->body;
  EXPECT_EQ(prefill::testing::Str(body["error"]["code"]), "bad_request");
  EXPECT_EQ(prefill::testing::Str(body["error"]["reasons"][0]), "unknown parameter: x");

  auto broken = ReadRestQuery(Get("creditorId=%ZZ"), {"creditorId"}, &q);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->status, 400);

  EXPECT_FALSE(ReadRestQuery(Get("creditorId=DE98ZZZ09999999999"), {"creditorId"}, &q).has_value());
  ASSERT_NE(q.Get("creditorId"), nullptr);
  EXPECT_EQ(*q.Get("creditorId"), "DE98ZZZ09999999999");
}

}  // namespace
}  // namespace prefill
