// The server over real HTTP: health, readiness, routing errors, size limits, shutdown.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "app/app.h"
#include "http/http_server.h"
#include "support/http_client.h"
#include "support/test_database.h"
#include "support/test_app.h"

namespace prefill {
namespace {

using prefill::testing::HttpClient;
using prefill::testing::TestDatabase;

AppConfig TestConfig(const std::string& db_url) { return prefill::testing::LocalAppConfig(db_url); }

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("server");
    auto app = App::Start(TestConfig(db_->url()));
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = app->release();
  }
  static void TearDownTestSuite() {
    delete app_;
    delete db_;
  }
  HttpClient client() const { return HttpClient(app_->port()); }
  static TestDatabase* db_;
  static App* app_;
};
TestDatabase* ServerTest::db_ = nullptr;
App* ServerTest::app_ = nullptr;

TEST_F(ServerTest, HealthzAnswersWithoutTheDatabase) {
  auto r = client().Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.body, R"({"status":"ok"})");
}

TEST_F(ServerTest, ReadyzChecksTheDatabase) {
  auto r = client().Get("/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"up\""), std::string::npos);
}

TEST_F(ServerTest, UnknownRouteIs404Json) {
  auto r = client().Get("/no/such/route");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  EXPECT_NE(r.body.find("\"status\":\"error\""), std::string::npos);
}

TEST_F(ServerTest, EveryOtherMethodIs405WithAllow) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"}) {
    auto r = client().Send(method, "/healthz", "");
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(r.header("allow"), "GET") << method;
  }
}

TEST_F(ServerTest, OversizedBodyGets107AndServerKeepsAnswering) {
  std::string body = "payment%5Bbasket%5D=" + std::string(2 * 1024 * 1024, 'x');
  auto r = client().Post("/healthz", body);
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("error 107"), std::string::npos) << r.body;
  EXPECT_EQ(client().Get("/healthz").status, 200);
}

TEST_F(ServerTest, BodyAboveFourKibIsAccepted) {
  // Pistache's own default limit is 4 KiB; ours is 256 KiB.
  std::string body(100 * 1024, 'a');
  auto r = client().Post("/healthz", body);
  EXPECT_EQ(r.status, 405);  // reached the router, not cut off as too large
}

TEST(ServerShutdownTest, FinishesInFlightRequestsBeforeStopping) {
  auto router = std::make_shared<Router>();
  std::atomic<bool> started{false};
  router->Add("GET", "/slow", [&](const HttpRequest&, const PathParams&) {
    started = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return HttpResponse::Json(200, R"({"done":true})");
  });
  HttpServerOptions options;
  options.listen = "127.0.0.1:0";
  HttpServer server(options, router);
  ASSERT_TRUE(server.Start().ok());
  prefill::testing::ClientResponse answer;
  std::thread request([&] { answer = HttpClient(server.port()).Get("/slow"); });
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  server.Shutdown();
  request.join();
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, R"({"done":true})");
}

}  // namespace
}  // namespace prefill
