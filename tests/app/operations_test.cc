// Operational behaviour over HTTP: Prometheus metrics and the per-IP rate limit.
#include <gtest/gtest.h>

#include "rest/api_key_store.h"
#include "session/session.h"
#include "storage/mysql_api_key_store.h"
#include "support/test_app.h"

namespace prefill {
namespace {

using prefill::testing::TestApp;

TEST(MetricsTest, CountsRequestsByRoutePatternSessionsAndPool) {
  TestApp app("metrics");
  ASSERT_EQ(app.client().Post("/app/createSession", "hash=demo_sandbox_hash_0001&payment[amount]=5").status, 200);
  ASSERT_EQ(app.client().Get("/no/such/thing").status, 404);
  auto r = app.client().Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find(R"(prefill_http_requests_total{method="POST",route="/app/createSession",status="200"} 1)"),
            std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"(route="unmatched",status="404")"), std::string::npos);
  EXPECT_NE(r.body.find(R"(prefill_sessions_created_total{sandbox="true"} 1)"), std::string::npos);
  EXPECT_NE(r.body.find("prefill_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(r.body.find(R"(prefill_db_pool_connections{state="size"} 8)"), std::string::npos);
}

TEST(MetricsTest, CountsPaymentsOfTheApiAndOfTheHostedPage) {
  TestApp app("metrics_payments");
  const std::string complete = "payment[amount]=10&payment[payment_method]=bank_transfer&payment[first_name]=Beate"
                               "&payment[last_name]=Spender&payment[email]=beate@example.org";
  std::string via_api = app.CreateFormSession("demo_sandbox_hash_0001", complete);
  std::string via_page = app.CreateFormSession("demo_sandbox_hash_0001", complete);
  auto api = app.client().Post("/app/payment", "hash=demo_sandbox_hash_0001&ip=203.0.113.9&fbSessionHash=" + via_api);
  ASSERT_EQ(api.status, 200) << api.body;
  auto page = app.client().Post("/form/demo_sandbox_hash_0001/payment", "fbSessionHash=" + via_page);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("\"payment_status\":\"confirmed\""), std::string::npos) << page.body;
  auto r = app.client().Get("/metrics");
  EXPECT_NE(r.body.find(R"(prefill_payments_total{status="confirmed"} 2)"), std::string::npos) << r.body;
}

// "Sessions created" comes from the session core, not from an answer body, so
// every creation path counts, labelled by sandbox or live.
TEST(MetricsTest, CountsSessionsCreatedByEveryPathAsSandboxOrLive) {
  TestApp app("metrics_creations");
  MySqlApiKeyStore keys(app.db().pool());
  const std::string key = CreateApiKey(keys, "metrics", {Scope::kSessionsWrite}, SystemNow())->secret;
  const std::string complete = "payment[amount]=10&payment[payment_method]=bank_transfer&payment[first_name]=Beate"
                               "&payment[last_name]=Spender&payment[email]=beate@example.org";
  // Form API: one live, one sandbox.
  ASSERT_EQ(app.client().Post("/app/createSession", "hash=demo_live_hash_0001&payment[amount]=5").status, 200);
  ASSERT_EQ(app.client().Post("/app/createSession", "hash=demo_sandbox_hash_0001&payment[amount]=5").status, 200);
  // REST: one live, one sandbox.
  const std::string auth = "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\n";
  auto live = app.client().Send("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"5"}})", auth);
  ASSERT_EQ(live.status, 201) << live.body;
  auto sandbox = app.client().Send("POST", "/v1/donation-sessions",
                                   R"({"formId":"demo","sandbox":true,"values":{"amount":"5"}})", auth);
  ASSERT_EQ(sandbox.status, 201) << sandbox.body;
  // The hosted page's own endpoint and the page without JavaScript (sandbox hash).
  auto page = app.client().Post("/form/demo_sandbox_hash_0001/session", "payment[amount]=7");
  ASSERT_EQ(page.status, 200) << page.body;
  auto posted = app.client().Post("/form/demo_sandbox_hash_0001", "payment[amount]=8");
  ASSERT_EQ(posted.status, 200) << posted.body;
  // A one-step payment (live: no live processor, yet the session is made).
  auto one_step = app.client().Post("/app/payment", "hash=demo_live_hash_0001&ip=203.0.113.9&" + complete);
  ASSERT_EQ(one_step.status, 200) << one_step.body;
  // A request that creates nothing counts nothing.
  ASSERT_EQ(app.client().Post("/app/createSession", "hash=demo_live_hash_0001").status, 400);

  auto r = app.client().Get("/metrics");
  EXPECT_NE(r.body.find(R"(prefill_sessions_created_total{sandbox="false"} 3)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"(prefill_sessions_created_total{sandbox="true"} 4)"), std::string::npos) << r.body;
}

TEST(RateLimitTest, ExcessRequestsGet109WithRetryAfterButProbesPass) {
  AppConfig config;
  config.rate_limit = 3;
  TestApp app("rate_limit", config);
  int ok = 0, limited = 0;
  for (int i = 0; i < 6; ++i) {
    auto r = app.client().Get("/forms/config?hash=demo_live_hash_0001");
    if (r.status == 200) ++ok;
    if (r.status == 429) {
      ++limited;
      EXPECT_EQ(r.header("retry-after"), "1");
      EXPECT_NE(r.body.find("error 109: too many requests"), std::string::npos);
    }
  }
  EXPECT_GE(ok, 3);
  EXPECT_GE(limited, 2);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(app.client().Get("/healthz").status, 200);
}

}  // namespace
}  // namespace prefill
