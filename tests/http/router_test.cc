#include "http/router.h"

#include <gtest/gtest.h>

namespace prefill {
namespace {

Handler Answer(int status) {
  return [status](const HttpRequest&, const PathParams&) { return HttpResponse::Json(status, "{}"); };
}

TEST(RouterTest, MatchesLiteralAndParameterSegments) {
  Router router;
  router.Add("GET", "/v1/donation-sessions", Answer(200));
  router.Add("POST", "/v1/donation-sessions/:id/confirm", Answer(201));
  auto list = router.Find("GET", "/v1/donation-sessions");
  ASSERT_NE(list.route, nullptr);
  auto confirm = router.Find("POST", "/v1/donation-sessions/ds_42/confirm");
  ASSERT_NE(confirm.route, nullptr);
  EXPECT_EQ(confirm.params.at("id"), "ds_42");
  EXPECT_EQ(confirm.route->handler({}, confirm.params).status, 201);
}

TEST(RouterTest, UnknownPathIs404) {
  Router router;
  router.Add("GET", "/a", Answer(200));
  auto m = router.Find("GET", "/b");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.fallback.status, 404);
  EXPECT_EQ(router.Find("GET", "/a/extra").fallback.status, 404);
}

TEST(RouterTest, OtherMethodIs405ListingAllowedOnes) {
  Router router;
  router.Add("GET", "/app/createSession", Answer(200));
  router.Add("POST", "/app/createSession", Answer(200));
  auto m = router.Find("DELETE", "/app/createSession");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.fallback.status, 405);
  EXPECT_EQ(m.fallback.header("Allow"), "GET, POST");
}

}  // namespace
}  // namespace prefill

namespace prefill {
namespace {

TEST(RouterTest, ErrorAnswerIsValidJsonEvenForAnInvalidUtf8Path) {
  Router router;
  auto m = router.Find("GET", std::string("/bad\xff\xfe", 6));
  EXPECT_EQ(m.fallback.status, 404);
  // The invalid bytes become U+FFFD; no raw 0xFF byte reaches the wire.
  EXPECT_EQ(m.fallback.body.find('\xff'), std::string::npos);
  EXPECT_NE(m.fallback.body.find("\xEF\xBF\xBD"), std::string::npos);
}

}  // namespace
}  // namespace prefill
