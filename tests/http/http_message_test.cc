#include "http/http_message.h"

#include <gtest/gtest.h>

namespace prefill {
namespace {

TEST(HttpRequestTest, HeaderLookupIgnoresCaseAndReturnsFirstValue) {
  HttpRequest request;
  request.headers.emplace("content-type", "application/json");
  request.headers.emplace("x-forwarded-for", "10.0.0.1");
  request.headers.emplace("x-forwarded-for", "10.0.0.2");
  EXPECT_EQ(request.header("Content-Type"), "application/json");
  EXPECT_EQ(request.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(request.header("X-Forwarded-For"), "10.0.0.1");
  EXPECT_TRUE(request.has_header("x-FORWARDED-for"));
  EXPECT_EQ(request.header("authorization"), "");
  EXPECT_FALSE(request.has_header("authorization"));
}

TEST(HttpResponseTest, JsonSetsStatusBodyAndContentType) {
  HttpResponse response = HttpResponse::Json(404, "{\"status\":\"error\"}");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, "{\"status\":\"error\"}");
  EXPECT_EQ(response.header("content-type"), "application/json; charset=utf-8");
  ASSERT_EQ(response.headers.size(), 1u);
}

TEST(HttpResponseTest, SetHeaderReplacesEveryCaseVariant) {
  HttpResponse response;
  response.AddHeader("Retry-After", "1");
  response.AddHeader("retry-after", "2");
  response.AddHeader("X-Other", "kept");
  response.SetHeader("RETRY-AFTER", "30");
  ASSERT_EQ(response.headers.size(), 2u);
  EXPECT_EQ(response.header("Retry-After"), "30");
  EXPECT_EQ(response.header("x-other"), "kept");
}

TEST(HttpResponseTest, AddHeaderKeepsRepeats) {
  HttpResponse response;
  response.AddHeader("Set-Cookie", "a=1");
  response.AddHeader("Set-Cookie", "b=2");
  ASSERT_EQ(response.headers.size(), 2u);
  EXPECT_EQ(response.headers[0].second, "a=1");
  EXPECT_EQ(response.headers[1].second, "b=2");
  EXPECT_EQ(response.header("set-cookie"), "a=1");
  EXPECT_EQ(response.header("missing"), "");
}

}  // namespace
}  // namespace prefill
