// Transport-level errors over real HTTP in the dialect of the route: under /v1
// the REST error object ({"error":{"code","title","message","reasons"}}) for
// 404, 405, 413, 429, 500 and 503; the form API keeps its numbered errors.
// And a handler's exception is logged without the request's data.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <stdexcept>

#include "http/http_server.h"
#include "http/transport_errors.h"
#include "support/http_client.h"
#include "support/test_app.h"

namespace prefill {
namespace {

using prefill::testing::ClientResponse;
using prefill::testing::HttpClient;
using prefill::testing::ParseJson;
using prefill::testing::Str;
using prefill::testing::TestApp;

void ExpectRestError(const ClientResponse& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  auto d = ParseJson(r);
  ASSERT_TRUE(d.IsObject() && d.HasMember("error") && d["error"].IsObject()) << r.body;
  EXPECT_FALSE(d.HasMember("status")) << "not the form API's shape: " << r.body;
  EXPECT_EQ(Str(d["error"]["code"]), code) << r.body;
  EXPECT_TRUE(d["error"]["title"].IsString()) << r.body;
  EXPECT_TRUE(d["error"]["message"].IsString()) << r.body;
  EXPECT_TRUE(d["error"]["reasons"].IsArray()) << r.body;
}

void ExpectNumbered(const ClientResponse& r, int status, const std::string& error) {
  EXPECT_EQ(r.status, status) << r.body;
  auto d = ParseJson(r);
  ASSERT_TRUE(d.IsObject() && d.HasMember("status")) << r.body;
  EXPECT_EQ(Str(d["status"]), "error");
  EXPECT_EQ(Str(d["error"]).rfind(error, 0), 0u) << r.body;
}

TEST(TransportErrorsTest, RestPathsGetRestErrorObjectsFromTheRealServer) {
  AppConfig config;
  config.max_request_bytes = 64 * 1024;
  TestApp app("transport_errors", config);
  HttpClient client = app.client();
  ExpectRestError(client.Get("/v1/no-such-resource"), 404, "not_found");
  ExpectRestError(client.Get("/v1"), 404, "not_found");
  ClientResponse wrong_method = client.Send("DELETE", "/v1/donation-sessions", "");
  ExpectRestError(wrong_method, 405, "method_not_allowed");
  EXPECT_EQ(wrong_method.header("allow"), "POST, GET");
  ExpectRestError(client.Post("/v1/donation-sessions", std::string(65 * 1024, 'x'), "application/json"), 413,
                  "request_too_large");

  // The form API keeps its own answers on the same server.
  ExpectNumbered(client.Post("/app/createSession", std::string(65 * 1024, 'x')), 413, "error 107");
  ExpectNumbered(client.Get("/app/nothing"), 404, "not found: /app/nothing");
}

TEST(TransportErrorsTest, TheRateLimitAnswersInTheDialectOfThePath) {
  AppConfig config;
  config.rate_limit = 1;
  TestApp app("transport_errors_rate", config);
  HttpClient client = app.client();
  ClientResponse rest;
  for (int i = 0; i < 5 && rest.status != 429; ++i) rest = client.Get("/v1/donation-sessions");
  ExpectRestError(rest, 429, "rate_limited");
  EXPECT_EQ(rest.header("retry-after"), "1");
  ClientResponse form;
  for (int i = 0; i < 5 && form.status != 429; ++i) form = client.Get("/forms/config?hash=demo_live_hash_0001");
  ExpectNumbered(form, 429, "error 109");
}

// A server of our own, to make a handler throw and the worker queue refuse.
class ThrowingServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = std::make_shared<std::ostringstream>();
    previous_ = spdlog::default_logger();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*log_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  }
  void TearDown() override { spdlog::set_default_logger(previous_); }

  std::unique_ptr<HttpServer> Serve(size_t max_queued) {
    auto router = std::make_shared<Router>();
    for (const char* path : {"/v1/boom", "/app/boom"}) {
      router->Add("POST", path, [](const HttpRequest&, const PathParams&) -> HttpResponse {
        throw std::runtime_error("Duplicate entry 'beate@example.org' for key 'email'");
      });
    }
    HttpServerOptions options;
    options.listen = "127.0.0.1:0";
    options.worker_threads = 1;
    options.max_queued = max_queued;
    options.transport_error = DialectTransportError;
    auto server = std::make_unique<HttpServer>(options, router);
    EXPECT_TRUE(server->Start().ok());
    return server;
  }

  std::shared_ptr<std::ostringstream> log_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(ThrowingServerTest, AnExceptionIs500InTheDialectAndLoggedWithoutRequestData) {
  auto server = Serve(16);
  HttpClient client(server->port());
  ExpectRestError(client.Post("/v1/boom?iban=DE89370400440532013000", R"({"email":"beate@example.org"})",
                              "application/json"),
                  500, "internal_error");
  ExpectNumbered(client.Post("/app/boom", "payment[email]=beate@example.org"), 500, "error 101");
  server->Shutdown();
  spdlog::default_logger()->flush();
  const std::string log = log_->str();
  EXPECT_NE(log.find("handler threw: route=/v1/boom method=POST exception=std::runtime_error"), std::string::npos)
      << log;
  EXPECT_NE(log.find("route=/app/boom"), std::string::npos) << log;
  EXPECT_EQ(log.find("beate"), std::string::npos) << "donor data in the log: " << log;
  EXPECT_EQ(log.find("DE89"), std::string::npos) << "a query string in the log: " << log;
}

TEST_F(ThrowingServerTest, AFullWorkerQueueIs503InTheDialect) {
  auto server = Serve(/*max_queued=*/0);  // every blocking request is refused at once
  HttpClient client(server->port());
  ClientResponse rest = client.Post("/v1/boom", "{}", "application/json");
  ExpectRestError(rest, 503, "service_unavailable");
  EXPECT_EQ(rest.header("retry-after"), "1");
  ExpectNumbered(client.Post("/app/boom", "a=1"), 503, "error 900");
}

}  // namespace
}  // namespace prefill
