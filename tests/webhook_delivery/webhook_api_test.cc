// /v1/webhook-endpoints through a whole server (TestApp) on MariaDB, its
// background delivery worker sending to a loopback receiver, and the
// `prefill webhooks` command line.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <thread>

#include "rest/api_key_store.h"
#include "storage/mysql_api_key_store.h"
#include "support/fake_http_server.h"
#include "support/test_app.h"
#include "webhook_delivery/webhook_test_support.h"

namespace prefill {
namespace {

using testing::FakeHttpServer;
using testing::FakeResponse;
using testing::ParseJson;
using testing::RecordedRequest;
using testing::Str;

AppConfig FastWebhooks(bool allow_private) {
  AppConfig config;
  config.webhooks_allow_private = allow_private;
  config.webhook_poll_interval = std::chrono::milliseconds(50);
  config.webhook_retry_schedule = {std::chrono::seconds(1)};
  return config;
}

class WebhookApiTest : public ::testing::Test {
 protected:
  explicit WebhookApiTest(bool allow_private = true) : app_("webhook_api", FastWebhooks(allow_private)) {
    MySqlApiKeyStore keys(app_.db().pool());
    key_ = CreateApiKey(keys, "hooks", {Scope::kWebhooksWrite}, SystemNow())->secret;
    sessions_key_ = CreateApiKey(keys, "sessions", {Scope::kSessionsRead, Scope::kSessionsWrite}, SystemNow())->secret;
  }

  testing::ClientResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                               const std::string& key = "") {
    std::string headers = "Authorization: Bearer " + (key.empty() ? key_ : key) + "\r\n";
    if (!body.empty()) headers += "Content-Type: application/json\r\n";
    return app_.client().Send(method, target, body, headers);
  }

  testing::TestApp app_;
  std::string key_, sessions_key_;
};

TEST_F(WebhookApiTest, CreateListDeliverAndDelete) {
  FakeHttpServer receiver([](const RecordedRequest&) { return FakeResponse::Json(200, "{}"); });
  auto created = Call("POST", "/v1/webhook-endpoints",
                      R"({"url":")" + receiver.base_url() + R"(/hook","events":["transaction.confirmed","mandate.created"],"formId":"demo"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto doc = ParseJson(created);
  EXPECT_EQ(Str(doc["object"]), "webhook_endpoint");
  const std::string id = Str(doc["data"]["id"]);
  const std::string secret = Str(doc["data"]["secret"]);
  EXPECT_EQ(id.rfind("we_", 0), 0u);
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
  EXPECT_EQ(doc["data"]["events"].Size(), 2u);
  EXPECT_EQ(Str(doc["data"]["formId"]), "demo");
  EXPECT_EQ(Str(doc["data"]["status"]), "enabled");

  auto listed = Call("GET", "/v1/webhook-endpoints");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.body.find(secret), std::string::npos) << "the secret is shown once only";
  EXPECT_EQ(listed.body.find("whsec_"), std::string::npos);
  auto list = ParseJson(listed);
  ASSERT_EQ(list["data"].Size(), 1u);
  EXPECT_EQ(Str(list["data"][0]["id"]), id);
  EXPECT_FALSE(list["data"][0].HasMember("secret"));

  // An event of the form, written after the endpoint: the worker delivers it.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  testing::InsertEvent(app_.db(), "evt_api_000000000000000000001", "transaction.confirmed", "demo", SystemNow());
  testing::InsertEvent(app_.db(), "evt_api_000000000000000000002", "transaction.confirmed", "other", SystemNow());
  for (int i = 0; i < 100 && receiver.requests().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(receiver.requests().size(), 1u);
  const RecordedRequest r = receiver.requests()[0];
  EXPECT_EQ(r.header("webhook-id"), "evt_api_000000000000000000001");
  EXPECT_TRUE(testing::VerifiedByPython(secret, r.header("webhook-id"), r.header("webhook-timestamp"), r.body,
                                        r.header("webhook-signature")));

  testing::ClientResponse deliveries;
  for (int i = 0; i < 50; ++i) {
    deliveries = Call("GET", "/v1/webhook-endpoints/" + id + "/deliveries");
    if (deliveries.body.find("evt_api_000000000000000000001") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(deliveries.status, 200) << deliveries.body;
  auto log = ParseJson(deliveries);
  ASSERT_EQ(log["data"].Size(), 1u);
  EXPECT_EQ(Str(log["data"][0]["eventId"]), "evt_api_000000000000000000001");
  EXPECT_EQ(Str(log["data"][0]["type"]), "transaction.confirmed");
  EXPECT_EQ(log["data"][0]["httpStatus"].GetInt(), 200);
  EXPECT_TRUE(log["data"][0]["nextAttemptAt"].IsNull());
  EXPECT_TRUE(log["data"][0]["error"].IsNull());
  EXPECT_EQ(log["data"][0]["attempt"].GetInt(), 1);
  EXPECT_EQ(Call("GET", "/v1/webhook-endpoints/" + id + "/deliveries?pageSize=0").status, 400);
  // The worker counts the attempt right after its log row commits: wait for it.
  const std::string counted = "prefill_webhook_attempts_total{outcome=\"succeeded\"} 1";
  auto metrics = app_.client().Get("/metrics");
  for (int i = 0; i < 50 && metrics.body.find(counted) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    metrics = app_.client().Get("/metrics");
  }
  EXPECT_NE(metrics.body.find(counted), std::string::npos) << metrics.body.substr(0, 2000);

  EXPECT_EQ(Call("DELETE", "/v1/webhook-endpoints/" + id).status, 200);
  EXPECT_EQ(Call("DELETE", "/v1/webhook-endpoints/" + id).status, 404);
  EXPECT_EQ(Call("GET", "/v1/webhook-endpoints/" + id + "/deliveries").status, 404);
  EXPECT_EQ(app_.db().QueryString("SELECT COUNT(*) FROM webhook_deliveries"), "0");
}

TEST_F(WebhookApiTest, ScopeAndKeyAreRequired) {
  EXPECT_EQ(app_.client().Send("GET", "/v1/webhook-endpoints", "").status, 401);
  EXPECT_EQ(Call("GET", "/v1/webhook-endpoints", "", sessions_key_).status, 403);
  EXPECT_EQ(Call("POST", "/v1/webhook-endpoints", R"({"url":"http://127.0.0.1:9/h","events":["*"]})", sessions_key_).status,
            403);
  EXPECT_EQ(app_.db().QueryString("SELECT COUNT(*) FROM webhook_endpoints"), "0");
}

TEST_F(WebhookApiTest, MalformedRequestsAreRefusedWithClearCodes) {
  auto code = [&](const std::string& body) {
    auto r = Call("POST", "/v1/webhook-endpoints", body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    if (r.status != 400) return std::string();
    return Str(ParseJson(r)["error"]["code"]);
  };
  EXPECT_EQ(code(R"({"url":"not a url","events":["*"]})"), "webhook_endpoint/invalid_url");
  EXPECT_EQ(code(R"({"url":"ftp://example.org/","events":["*"]})"), "webhook_endpoint/invalid_url");
  EXPECT_EQ(code(R"({"url":"https://user:pw@example.org/","events":["*"]})"), "webhook_endpoint/credentials_in_url");
  EXPECT_EQ(code(R"({"url":"https://example.org/","events":["payment.done"]})"), "webhook_endpoint/invalid_events");
  EXPECT_EQ(code(R"({"url":"https://example.org/","events":[]})"), "webhook_endpoint/invalid_events");
  EXPECT_EQ(code(R"({"url":"https://example.org/","events":["*"],"formId":"no-such-form"})"),
            "webhook_endpoint/form_not_found");
  EXPECT_EQ(code(R"({"url":"https://example.org/"})"), "bad_request");
  EXPECT_EQ(code(R"({"url":"https://example.org/","events":"*"})"), "bad_request");
  EXPECT_EQ(code(R"({"url":"https://example.org/","events":["*"],"secret":"mine"})"), "bad_request");
  EXPECT_EQ(code("[1]"), "bad_request");
  EXPECT_EQ(app_.db().QueryString("SELECT COUNT(*) FROM webhook_endpoints"), "0");
}

// End to end with the outbox of migration 009: a REST confirm writes its
// donation_session.completed event in its own transaction, and the worker
// delivers exactly that body, signed, to the endpoint that asked for it.
TEST_F(WebhookApiTest, ARestConfirmIsDeliveredAsDonationSessionCompleted) {
  FakeHttpServer receiver([](const RecordedRequest&) { return FakeResponse::Json(200, ""); });
  auto created = Call("POST", "/v1/webhook-endpoints",
                      R"({"url":")" + receiver.base_url() + R"(/e2e","events":["donation_session.completed"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret = Str(ParseJson(created)["data"]["secret"]);
  auto session = Call("POST", "/v1/donation-sessions",
                      R"({"formId":"demo","values":{"amount":"10","payment_method":"bank_transfer","first_name":"Beate","last_name":"Spender","email":"beate@example.org"}})",
                      sessions_key_);
  ASSERT_EQ(session.status, 201) << session.body;
  const std::string id = Str(ParseJson(session)["data"]["id"]);
  auto confirmed = Call("POST", "/v1/donation-sessions/" + id + "/confirm", "", sessions_key_);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  for (int i = 0; i < 100 && receiver.requests().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(receiver.requests().size(), 1u);
  const RecordedRequest r = receiver.requests()[0];
  rapidjson::Document body;
  body.Parse(r.body.c_str(), r.body.size());
  ASSERT_FALSE(body.HasParseError()) << r.body;
  EXPECT_EQ(Str(body["type"]), "donation_session.completed");
  EXPECT_EQ(Str(body["id"]), r.header("webhook-id"));
  EXPECT_EQ(Str(body["data"]["id"]), id);
  EXPECT_EQ(Str(body["data"]["status"]), "completed");
  EXPECT_EQ(r.body, app_.db().QueryString("SELECT body FROM webhook_events WHERE id = '" + r.header("webhook-id") + "'"));
  EXPECT_TRUE(testing::VerifiedByPython(secret, r.header("webhook-id"), r.header("webhook-timestamp"), r.body,
                                        r.header("webhook-signature")));
}

class StrictWebhookApiTest : public WebhookApiTest {
 protected:
  StrictWebhookApiTest() : WebhookApiTest(false) {}
};

TEST_F(StrictWebhookApiTest, PrivateAddressesAndPlainHttpAreRefusedByDefault) {
  auto code = [&](const std::string& url) {
    auto r = Call("POST", "/v1/webhook-endpoints", R"({"url":")" + url + R"(","events":["*"]})");
    EXPECT_EQ(r.status, 400) << url << " -> " << r.body;
    return r.status == 400 ? Str(ParseJson(r)["error"]["code"]) : std::string();
  };
  for (const char* url : {"https://127.0.0.1/h", "https://10.1.2.3/h", "https://169.254.169.254/latest",
                          "https://[::1]/h", "https://[::ffff:192.168.0.1]/h", "https://localhost:8443/h",
                          "https://[fe80::1]/h", "https://224.0.0.1/"}) {
    EXPECT_EQ(code(url), "webhook_endpoint/private_address") << url;
  }
  EXPECT_EQ(code("http://example.org/h"), "webhook_endpoint/insecure_url");
  auto ok = Call("POST", "/v1/webhook-endpoints", R"({"url":"https://hooks.example.org/h","events":["*"]})");
  EXPECT_EQ(ok.status, 201) << ok.body;
}

// The command line, against the test's database.
struct Ran {
  int code = -1;
  std::string out, err;
};

Ran RunPrefill(const std::string& args) {
  char err_path[] = "/tmp/prefill_webhooks_cli_XXXXXX";
  close(mkstemp(err_path));
  const std::string command = std::string(PREFILL_BINARY) + " " + args + " 2>" + err_path;
  Ran ran;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) ran.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  ran.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  FILE* err = fopen(err_path, "r");
  while ((n = fread(buffer.data(), 1, buffer.size(), err)) > 0) ran.err.append(buffer.data(), n);
  fclose(err);
  unlink(err_path);
  return ran;
}

TEST_F(WebhookApiTest, CommandLineCreatesListsRetriesAndDeletes) {
  const std::string db = " --db '" + app_.db().url() + "'";
  const std::string forms = " --forms " + std::string(PREFILL_SOURCE_DIR) + "/forms";
  Ran bad = RunPrefill("webhooks create --url 'https://10.0.0.1/h' --events '*'" + db);
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("private"), std::string::npos) << bad.err;
  Ran creds = RunPrefill("webhooks create --url 'https://u:p@example.org/h' --events '*'" + db);
  EXPECT_EQ(creds.code, 1);
  EXPECT_NE(creds.err.find("user name or password"), std::string::npos) << creds.err;
  Ran junk = RunPrefill("webhooks create --url 'example.org' --events '*'" + db);
  EXPECT_EQ(junk.code, 1);
  EXPECT_NE(junk.err.find("not an absolute https URL"), std::string::npos) << junk.err;
  Ran events = RunPrefill("webhooks create --url 'https://example.org/h' --events 'nope'" + db);
  EXPECT_EQ(events.code, 1);
  EXPECT_NE(events.err.find("unknown event type"), std::string::npos) << events.err;
  Ran form = RunPrefill("webhooks create --url 'https://example.org/h' --events '*' --form nope" + db + forms);
  EXPECT_EQ(form.code, 1);
  EXPECT_NE(form.err.find("--form"), std::string::npos) << form.err;
  EXPECT_EQ(app_.db().QueryString("SELECT COUNT(*) FROM webhook_endpoints"), "0");

  FakeHttpServer receiver([](const RecordedRequest&) { return FakeResponse::Json(200, ""); });
  Ran created = RunPrefill("webhooks create --url '" + receiver.base_url() + "/cli' --events transaction.failed" +
                           " --form demo --webhooks-allow-private" + db + forms);
  ASSERT_EQ(created.code, 0) << created.err;
  const std::string id = created.out.substr(0, created.out.find('\n'));
  const std::string secret = created.out.substr(id.size() + 1, created.out.find('\n', id.size() + 1) - id.size() - 1);
  EXPECT_EQ(id.rfind("we_", 0), 0u);
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
  EXPECT_EQ(created.err.find(secret), std::string::npos) << "the secret goes to stdout once, nowhere else";

  Ran listed = RunPrefill("webhooks list" + db);
  EXPECT_EQ(listed.code, 0);
  EXPECT_NE(listed.out.find(id), std::string::npos);
  EXPECT_NE(listed.out.find("transaction.failed"), std::string::npos);
  EXPECT_EQ(listed.out.find("whsec_"), std::string::npos);

  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  testing::InsertEvent(app_.db(), "evt_cli_000000000000000000001", "transaction.failed", "demo", SystemNow());
  for (int i = 0; i < 100 && receiver.requests().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(receiver.requests().size(), 1u);
  for (int i = 0; i < 50 && app_.db().QueryString("SELECT status FROM webhook_deliveries") != "succeeded"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Ran retried = RunPrefill("webhooks retry evt_cli_000000000000000000001" + db);
  EXPECT_EQ(retried.code, 0) << retried.err;
  EXPECT_NE(retried.out.find("1 delivery scheduled again"), std::string::npos) << retried.out;
  for (int i = 0; i < 100 && receiver.requests().size() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(receiver.requests().size(), 2u);
  EXPECT_EQ(receiver.requests()[1].header("webhook-id"), "evt_cli_000000000000000000001");
  EXPECT_EQ(RunPrefill("webhooks retry evt_never" + db).code, 1);

  Ran deleted = RunPrefill("webhooks delete " + id + db);
  EXPECT_EQ(deleted.code, 0) << deleted.err;
  EXPECT_EQ(RunPrefill("webhooks delete " + id + db).code, 1);
  EXPECT_NE(RunPrefill("webhooks list" + db).out.find("no webhook endpoints"), std::string::npos);
}

}  // namespace
}  // namespace prefill
