// The REST API over real HTTP against MariaDB: authentication, every endpoint,
// its errors and limits, pagination under concurrent inserts, idempotency keys,
// and sessions shared with the form API.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "rest/api_key_store.h"
#include "session/session_service.h"
#include "storage/mysql_api_key_store.h"
#include "support/test_app.h"

namespace prefill {
namespace {

using prefill::testing::ClientResponse;
using prefill::testing::Str;
using prefill::testing::ParseJson;
using prefill::testing::TestApp;

const char* kCompleteValues =
    R"("values":{"amount":"10","payment_method":"bank_transfer","first_name":"Beate","last_name":"Spender","email":"beate@example.org"})";

class RestApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    app_ = new TestApp("rest_api");
    MySqlApiKeyStore keys(app_->db().pool());
    write_key_ = CreateApiKey(keys, "writer", {Scope::kSessionsRead, Scope::kSessionsWrite}, SystemNow())->secret;
    read_key_ = CreateApiKey(keys, "reader", {Scope::kSessionsRead}, SystemNow())->secret;
    write_only_key_ = CreateApiKey(keys, "write-only", {Scope::kSessionsWrite}, SystemNow())->secret;
  }
  static void TearDownTestSuite() { delete app_; }

  static ClientResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                             const std::string& key = write_key_, const std::string& extra = "") {
    std::string headers = extra;
    if (!key.empty()) headers += "Authorization: Bearer " + key + "\r\n";
    if (!body.empty()) headers += "Content-Type: application/json\r\n";
    return app_->client().Send(method, target, body, headers);
  }

  // Creates a session and returns its id.
  static std::string CreateSession(const std::string& members = R"("values":{"amount":"10"})",
                                   const std::string& form = "demo") {
    auto r = Call("POST", "/v1/donation-sessions", R"({"formId":")" + form + "\"," + members + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(ParseJson(r)["data"]["id"]);
  }

  static void ExpectError(const ClientResponse& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
    auto d = ParseJson(r);
    ASSERT_TRUE(d.IsObject() && d.HasMember("error")) << r.body;
    EXPECT_EQ(Str(d["error"]["code"]), code) << r.body;
    EXPECT_TRUE(d["error"]["title"].IsString());
    EXPECT_TRUE(d["error"]["message"].IsString());
    EXPECT_TRUE(d["error"]["reasons"].IsArray());
  }

  static TestApp* app_;
  static std::string write_key_, read_key_, write_only_key_;
};
TestApp* RestApiTest::app_ = nullptr;
std::string RestApiTest::write_key_, RestApiTest::read_key_, RestApiTest::write_only_key_;

// ---- authentication -----------------------------------------------------------

TEST_F(RestApiTest, EveryRouteNeedsAValidKey) {
  const std::string id = CreateSession();
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"POST", "/v1/donation-sessions"},          {"GET", "/v1/donation-sessions"},
      {"GET", "/v1/donation-sessions/" + id},     {"PATCH", "/v1/donation-sessions/" + id},
      {"POST", "/v1/donation-sessions/" + id + "/process"}, {"POST", "/v1/donation-sessions/" + id + "/confirm"},
      {"POST", "/v1/donation-sessions/" + id + "/expire"}};
  for (const auto& [method, path] : routes) {
    auto none = Call(method, path, "{}", "");
    ExpectError(none, 401, "unauthorized");
    EXPECT_EQ(none.header("www-authenticate").rfind("Bearer", 0), 0u) << method << " " << path;
    ExpectError(Call(method, path, "{}", GenerateApiKey().secret), 401, "unauthorized");
    ExpectError(Call(method, path, "{}", "garbage"), 401, "unauthorized");
  }
  // The session was not touched by any of them.
  auto r = Call("GET", "/v1/donation-sessions/" + id);
  EXPECT_EQ(Str(ParseJson(r)["data"]["status"]), "open");
}

TEST_F(RestApiTest, ScopesAreEnforced) {
  const std::string id = CreateSession();
  ExpectError(Call("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"5"}})", read_key_), 403,
              "forbidden");
  ExpectError(Call("PATCH", "/v1/donation-sessions/" + id, "{}", read_key_), 403, "forbidden");
  ExpectError(Call("POST", "/v1/donation-sessions/" + id + "/expire", "", read_key_), 403, "forbidden");
  EXPECT_EQ(Call("GET", "/v1/donation-sessions/" + id, "", read_key_).status, 200);
  EXPECT_EQ(Call("GET", "/v1/donation-sessions", "", read_key_).status, 200);
  ExpectError(Call("GET", "/v1/donation-sessions/" + id, "", write_only_key_), 403, "forbidden");
  auto forbidden = Call("GET", "/v1/donation-sessions", "", write_only_key_);
  EXPECT_NE(forbidden.body.find("sessions:read"), std::string::npos) << forbidden.body;
}

TEST_F(RestApiTest, RevokedKeyIsRefusedAtOnce) {
  MySqlApiKeyStore keys(app_->db().pool());
  std::string secret = CreateApiKey(keys, "short-lived", {Scope::kSessionsRead}, SystemNow())->secret;
  EXPECT_EQ(Call("GET", "/v1/donation-sessions", "", secret).status, 200);
  ASSERT_TRUE(keys.Revoke("short-lived", SystemNow()).ok());
  ExpectError(Call("GET", "/v1/donation-sessions", "", secret), 401, "unauthorized");
}

// ---- create -------------------------------------------------------------------

TEST_F(RestApiTest, CreateAnswersTheSessionResource) {
  auto r = Call("POST", "/v1/donation-sessions",
                R"({"formId":"demo","values":{"amount":12.5,"first_name":"Beate","email":"nope"},)"
                R"("fixedValues":{"fb_item_id":"tree"},"metadata":{"order":"A-1"},"successUrl":"https://shop.example/ok",)"
                R"("userId":"u1","accountId":"acc","language":"de","currency":"eur","expiresIn":30,"type":"donation_form"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto d = ParseJson(r);
  EXPECT_EQ(Str(d["object"]), "donation_session");
  const auto& s = d["data"];
  const std::string id = Str(s["id"]);
  EXPECT_EQ(id.size(), 64u);
  EXPECT_EQ(Str(s["object"]), "donation_session");
  EXPECT_EQ(Str(s["fbSessionHash"]), id);
  EXPECT_EQ(Str(s["formId"]), "demo");
  EXPECT_EQ(Str(s["status"]), "open");
  EXPECT_FALSE(s["complete"].GetBool());
  EXPECT_FALSE(s["sandbox"].GetBool());
  EXPECT_EQ(Str(s["values"]["amount"]), "12.50");
  EXPECT_EQ(Str(s["values"]["first_name"]), "Beate");
  EXPECT_FALSE(s["values"].HasMember("email"));  // invalid values are not stored
  EXPECT_TRUE(s["errors"]["currentFields"].HasMember("email"));
  // Required fields not sent: last_name shares a group with first_name (sent), so
  // it is a current field; payment_method belongs to no group that was sent.
  EXPECT_TRUE(s["errors"]["currentFields"].HasMember("last_name"));
  EXPECT_TRUE(s["errors"]["otherFields"].HasMember("payment_method"));
  EXPECT_EQ(Str(s["fixedValues"]["fb_item_id"]), "tree");
  EXPECT_EQ(Str(s["metadata"]["order"]), "A-1");
  EXPECT_EQ(Str(s["url"]), app_->app().public_base_url() + "/form/demo_live_hash_0001?fbSessionHash=" + id);
  EXPECT_EQ(Str(s["successUrl"]), "https://shop.example/ok");
  EXPECT_EQ(Str(s["userId"]), "u1");
  EXPECT_EQ(Str(s["accountId"]), "acc");
  EXPECT_EQ(Str(s["language"]), "de");
  EXPECT_EQ(Str(s["currency"]), "EUR");
  EXPECT_EQ(Str(s["type"]), "donation_form");
  // expiresIn 30: expiresAt - createdAt is 30 minutes (ISO seconds).
  EXPECT_EQ(app_->db().QueryString("SELECT TIMESTAMPDIFF(MINUTE, created_at, expires_at) FROM sessions WHERE hash = '" +
                                   id + "'"),
            "30");
  EXPECT_EQ(Str(s["createdAt"]).size(), 20u);

  // Retrieve answers the same resource.
  auto again = Call("GET", "/v1/donation-sessions/" + id);
  ASSERT_EQ(again.status, 200);
  auto g = ParseJson(again);
  EXPECT_EQ(Str(g["data"]["successUrl"]), "https://shop.example/ok");
  EXPECT_EQ(Str(g["data"]["values"]["amount"]), "12.50");
  EXPECT_EQ(Str(g["data"]["fixedValues"]["fb_item_id"]), "tree");
}

TEST_F(RestApiTest, CreateDefaultsAndSandbox) {
  auto r = Call("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"10"},"sandbox":true})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto s = ParseJson(r);
  EXPECT_TRUE(s["data"]["sandbox"].GetBool());
  EXPECT_NE(Str(s["data"]["url"]).find("/form/demo_sandbox_hash_0001?fbSessionHash="), std::string::npos);
  EXPECT_EQ(Str(s["data"]["language"]), "en-GB");  // the form's
  EXPECT_EQ(Str(s["data"]["currency"]), "EUR");
  EXPECT_TRUE(s["data"]["successUrl"].IsNull());
  EXPECT_EQ(Str(s["data"]["type"]), "donation_form");
  const std::string id = Str(s["data"]["id"]);
  // Default lifetime: the form's session_ttl_minutes (1440).
  EXPECT_EQ(app_->db().QueryString("SELECT TIMESTAMPDIFF(MINUTE, created_at, expires_at) FROM sessions WHERE hash = '" +
                                   id + "'"),
            "1440");
}

TEST_F(RestApiTest, ExpiresInMustBeFifteenToFourteenFortyMinutes) {
  for (const char* bad : {"14", "1441", "0", "-5", "\"60\"", "60.5"}) {
    ExpectError(Call("POST", "/v1/donation-sessions",
                     std::string(R"({"formId":"demo","values":{"amount":"10"},"expiresIn":)") + bad + "}"),
                400, "bad_request");
  }
  for (const char* good : {"15", "1440"}) {
    EXPECT_EQ(Call("POST", "/v1/donation-sessions",
                   std::string(R"({"formId":"demo","values":{"amount":"10"},"expiresIn":)") + good + "}")
                  .status,
              201);
  }
}

std::string MetadataJson(size_t keys, size_t key_length, size_t value_length) {
  std::string json = "{";
  for (size_t i = 0; i < keys; ++i) {
    std::string key = std::to_string(i);
    key += std::string(key_length > key.size() ? key_length - key.size() : 0, 'k');
    json += (i ? "," : "") + std::string("\"") + key + "\":\"" + std::string(value_length, 'v') + "\"";
  }
  return json + "}";
}

TEST_F(RestApiTest, MetadataLimits) {
  auto create = [](const std::string& metadata) {
    return Call("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"10"},"metadata":)" + metadata + "}");
  };
  EXPECT_EQ(create(MetadataJson(20, 50, 500)).status, 201);
  ExpectError(create(MetadataJson(21, 5, 5)), 400, "donation_session/invalid_metadata");
  ExpectError(create(MetadataJson(1, 51, 5)), 400, "donation_session/invalid_metadata");
  ExpectError(create(MetadataJson(1, 5, 501)), 400, "donation_session/invalid_metadata");
  ExpectError(create(R"({"n":5})"), 400, "donation_session/invalid_metadata");
  ExpectError(create(R"(["a"])"), 400, "donation_session/invalid_metadata");
  // The document outlives the view of its array (a temporary's would point into freed memory).
  auto answer = ParseJson(create(MetadataJson(21, 51, 501)));
  EXPECT_EQ(answer["error"]["reasons"].GetArray().Size(), 1u + 21 + 21);
}

TEST_F(RestApiTest, CreateRefusals) {
  ExpectError(Call("POST", "/v1/donation-sessions", R"({"values":{"amount":"10"}})"), 400, "bad_request");
  ExpectError(Call("POST", "/v1/donation-sessions", R"({"formId":"nope","values":{"amount":"10"}})"), 404,
              "donation_session/form_not_found");
  ExpectError(Call("POST", "/v1/donation-sessions", R"({"formId":"demo"})"), 400,
              "donation_session/values_required");
  ExpectError(Call("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"10"},"colour":"red"})"),
              400, "bad_request");
  ExpectError(Call("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"10"},"type":"gift"})"),
              400, "donation_session/invalid_type");
  // A commerce type carries amount and campaigns, never form values (tests/rest_api/commerce_api_test.cc).
  ExpectError(Call("POST", "/v1/donation-sessions",
                   R"({"formId":"demo","values":{"amount":"10"},"type":"add_on","amount":"1.00","campaigns":["demo"]})"),
              400, "bad_request");
  ExpectError(Call("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":true}})"), 400,
              "bad_request");
  ExpectError(Call("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"1"},"currency":"USD"})"),
              400, "bad_request");
  ExpectError(Call("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"1"},"successUrl":"javascript:x"})"),
              400, "bad_request");
  ExpectError(Call("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"1"},"language":"<b>"})"),
              400, "bad_request");
  ExpectError(Call("POST", "/v1/donation-sessions", R"({"formId":"demo",)"), 400, "bad_request");
  ExpectError(Call("POST", "/v1/donation-sessions", "[1,2]"), 400, "bad_request");
  ExpectError(Call("POST", "/v1/donation-sessions", std::string(100000, '[')), 400, "bad_request");
  ExpectError(Call("POST", "/v1/donation-sessions", "{\"formId\":\"de\xff\"}"), 400, "bad_request");
  // Extra fields of the form are reported, not refused.
  auto extra = Call("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"10","shoe_size":"44"}})");
  ASSERT_EQ(extra.status, 201);
  EXPECT_EQ(Str(ParseJson(extra)["data"]["errors"]["globals"][0]), "extra form field: shoe_size");
}

// Issue 16: successUrl took CR/LF and spaces. It is a URL of an origin the
// form allows (allowed_redirect_origins), refused with a reason otherwise.
TEST_F(RestApiTest, SuccessUrlIsAnHttpUrlOfAnOriginTheFormAllows) {
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"https://shop.example/ok\r\nSet-Cookie: a=b", "successUrl must not contain CR or LF"},
      {"https://shop.example/a b", "successUrl must not contain spaces (percent-encode them)"},
      {"https://shop.example/\u0001", "successUrl must not contain control characters"},
      {"https://user:pw@shop.example/ok", "successUrl must not contain credentials (user@host)"},
      {"javascript:alert(1)", "successUrl must be an absolute http or https URL"},
      {"https://evil.example/ok",
       "successUrl is not allowed: https://evil.example is not one of the form's allowed_redirect_origins"}};
  for (const auto& [url, reason] : refused) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.String(url.c_str(), static_cast<rapidjson::SizeType>(url.size()));
    auto r = Call("POST", "/v1/donation-sessions",
                  std::string(R"({"formId":"demo","values":{"amount":"10"},"successUrl":)") + buffer.GetString() + "}");
    ExpectError(r, 400, "bad_request");
    auto d = ParseJson(r);
    ASSERT_EQ(d["error"]["reasons"].Size(), 1u) << r.body;
    EXPECT_EQ(Str(d["error"]["reasons"][0]), reason) << r.body;
  }
  // The form's origins, with any case in scheme and host and the default port spelled out.
  for (const std::string url : {"https://shop.example/ok?x=%20y", "HTTPS://Shop.Example:443/ok", "http://localhost:8080/"}) {
    auto r = Call("POST", "/v1/donation-sessions",
                  R"({"formId":"demo","values":{"amount":"10"},"successUrl":")" + url + "\"}");
    EXPECT_EQ(r.status, 201) << url << " " << r.body;
  }
  EXPECT_EQ(app_->db().QueryString("SELECT COUNT(*) FROM rest_session_attributes WHERE success_url LIKE '%evil%'"), "0");
}

TEST_F(RestApiTest, CardNumbersAreRefusedInEveryFieldOutsideValues) {
  // Issue 16: metadata, userId, accountId and language took card numbers into the database.
  const std::string base = R"({"formId":"demo","values":{"amount":"10"},)";
  for (const std::string& member :
       {std::string(R"("metadata":{"note":"4111111111111111"})"), std::string(R"("metadata":{"card":"4111  1111  1111  1111"})"),
        std::string(R"("metadata":{"4111111111111111":"x"})"), std::string(R"("userId":"4111.1111.1111.1111")"),
        std::string(R"("accountId":"acct 5555-5555-5555-4444")"), std::string(R"("language":"4111111111111111")")}) {
    auto r = Call("POST", "/v1/donation-sessions", base + member + "}");
    ExpectError(r, 400, "card_number_refused");
    EXPECT_EQ(r.body.find("4111"), std::string::npos) << "the answer repeats the number: " << r.body;
  }
  const std::string id = CreateSession();
  ExpectError(Call("PATCH", "/v1/donation-sessions/" + id, R"({"metadata":{"n":"4111 1111 1111 1111"}})"), 400,
              "card_number_refused");
  auto read = Call("GET", "/v1/donation-sessions/" + id);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(prefill::testing::Without(read.body, id).find("4111"), std::string::npos) << read.body;
  // An idempotency key is stored too.
  ExpectError(Call("POST", "/v1/donation-sessions", base + R"("userId":"u1"})", write_key_,
                   "Idempotency-Key: 4111111111111111\r\n"),
              400, "idempotency/invalid_key");
  // Digits that are no card number still pass (an EAN, an order number).
  EXPECT_EQ(Call("POST", "/v1/donation-sessions", base + R"("metadata":{"eans":"4006381333908,4006381333908","order":"2024-000123"}})").status,
            201);
}

// ---- retrieve and patch ---------------------------------------------------------

TEST_F(RestApiTest, RetrieveUnknownIsNotFound) {
  ExpectError(Call("GET", "/v1/donation-sessions/" + std::string(64, 'a')), 404, "not_found");
  ExpectError(Call("GET", "/v1/donation-sessions/short"), 404, "not_found");
  ExpectError(Call("GET", "/v1/donation-sessions/%27%20OR%201%3D1"), 404, "not_found");
}

TEST_F(RestApiTest, PatchChangesValuesUnlocksFixedAndEditsMetadata) {
  const std::string id = CreateSession(R"("fixedValues":{"amount":"25"},"metadata":{"a":"1","b":"2"})");
  auto r = Call("PATCH", "/v1/donation-sessions/" + id,
                R"({"values":{"amount":"30","email":"bad"},"metadata":{"a":null,"c":"3"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = ParseJson(r);
  EXPECT_EQ(Str(d["object"]), "donation_session");
  EXPECT_EQ(Str(d["data"]["values"]["amount"]), "30.00");
  EXPECT_FALSE(d["data"]["fixedValues"].HasMember("amount"));  // a plain value unlocks
  EXPECT_TRUE(d["data"]["errors"]["currentFields"].HasMember("email"));
  EXPECT_FALSE(d["data"]["metadata"].HasMember("a"));
  EXPECT_EQ(Str(d["data"]["metadata"]["b"]), "2");
  EXPECT_EQ(Str(d["data"]["metadata"]["c"]), "3");

  auto lock = Call("PATCH", "/v1/donation-sessions/" + id, R"({"fixedValues":{"amount":"40"}})");
  ASSERT_EQ(lock.status, 200);
  EXPECT_EQ(Str(ParseJson(lock)["data"]["fixedValues"]["amount"]), "40.00");
  // The form API cannot change it now.
  auto form = app_->client().Get("/app/updateSession?hash=demo_live_hash_0001&fbSessionHash=" + id +
                                 "&payment%5Bamount%5D=50");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(Str(ParseJson(form)["session"]["values"]["amount"]), "40.00");
}

TEST_F(RestApiTest, PatchRefusals) {
  const std::string id = CreateSession(R"("values":{"amount":"10"},"metadata":)" + MetadataJson(20, 5, 5));
  ExpectError(Call("PATCH", "/v1/donation-sessions/" + id, R"({"metadata":{"one-more":"x"}})"), 400,
              "donation_session/invalid_metadata");
  // Replacing one key keeps 20: fine.
  EXPECT_EQ(Call("PATCH", "/v1/donation-sessions/" + id, R"({"metadata":{"0kkkk":null,"new":"x"}})").status, 200);
  ExpectError(Call("PATCH", "/v1/donation-sessions/" + id, R"({"metadata":{"k":5}})"), 400,
              "donation_session/invalid_metadata");
  ExpectError(Call("PATCH", "/v1/donation-sessions/" + id, R"({"status":"completed"})"), 400, "bad_request");
  ExpectError(Call("PATCH", "/v1/donation-sessions/" + std::string(64, 'b'), R"({"values":{"amount":"1"}})"), 404,
              "not_found");
  ASSERT_EQ(Call("POST", "/v1/donation-sessions/" + id + "/expire").status, 200);
  ExpectError(Call("PATCH", "/v1/donation-sessions/" + id, R"({"values":{"amount":"1"}})"), 410,
              "donation_session/expired");
}

// ---- lifecycle ----------------------------------------------------------------

TEST_F(RestApiTest, ProcessLocksTheFormApiAndMayExtendExpiry) {
  const std::string id = CreateSession(kCompleteValues);
  ExpectError(Call("POST", "/v1/donation-sessions/" + id + "/process", R"({"expiresIn":43201})"), 400, "bad_request");
  auto r = Call("POST", "/v1/donation-sessions/" + id + "/process", R"({"expiresIn":43200})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(ParseJson(r)["data"]["status"]), "processing");
  EXPECT_EQ(app_->db().QueryString("SELECT TIMESTAMPDIFF(MINUTE, updated_at, expires_at) FROM sessions WHERE hash = '" +
                                   id + "'"),
            "43200");
  // The form API answers 207 (locked), for reads and writes.
  auto read = app_->client().Get("/app/updateSession?hash=demo_live_hash_0001&fbSessionHash=" + id);
  EXPECT_EQ(read.status, 409);
  EXPECT_NE(read.body.find("error 207"), std::string::npos) << read.body;
  ExpectError(Call("PATCH", "/v1/donation-sessions/" + id, R"({"values":{"amount":"1"}})"), 409,
              "donation_session/processing");
  ExpectError(Call("POST", "/v1/donation-sessions/" + id + "/expire"), 409, "donation_session/processing");
  // Confirm completes it.
  auto confirmed = Call("POST", "/v1/donation-sessions/" + id + "/confirm");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(Str(ParseJson(confirmed)["data"]["status"]), "completed");
}

TEST_F(RestApiTest, ConfirmIsIdempotentAndNeedsACompleteSession) {
  const std::string incomplete = CreateSession();
  auto refused = Call("POST", "/v1/donation-sessions/" + incomplete + "/confirm");
  ExpectError(refused, 422, "donation_session/incomplete");
  EXPECT_NE(refused.body.find("last_name"), std::string::npos) << refused.body;

  const std::string id = CreateSession(kCompleteValues);
  auto first = Call("POST", "/v1/donation-sessions/" + id + "/confirm");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Str(ParseJson(first)["data"]["status"]), "completed");
  EXPECT_TRUE(ParseJson(first)["data"]["complete"].GetBool());
  auto second = Call("POST", "/v1/donation-sessions/" + id + "/confirm");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, first.body);  // the same result
  // The form API sees a processed session (202), and it cannot be expired or processed.
  auto form = app_->client().Get("/app/updateSession?hash=demo_live_hash_0001&fbSessionHash=" + id);
  EXPECT_NE(form.body.find("error 202"), std::string::npos) << form.body;
  ExpectError(Call("POST", "/v1/donation-sessions/" + id + "/expire"), 409, "donation_session/completed");
  ExpectError(Call("POST", "/v1/donation-sessions/" + id + "/process"), 409, "donation_session/completed");
  ExpectError(Call("POST", "/v1/donation-sessions/" + id + "/confirm", R"({"force":true})"), 400, "bad_request");
}

TEST_F(RestApiTest, ExpireEndsTheSessionAndConfirmThenAnswers410) {
  const std::string id = CreateSession(kCompleteValues);
  auto r = Call("POST", "/v1/donation-sessions/" + id + "/expire");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(ParseJson(r)["data"]["status"]), "expired");
  EXPECT_EQ(Call("POST", "/v1/donation-sessions/" + id + "/expire").status, 200);  // repeatable
  ExpectError(Call("POST", "/v1/donation-sessions/" + id + "/confirm"), 410, "donation_session/expired");
  ExpectError(Call("POST", "/v1/donation-sessions/" + id + "/process"), 410, "donation_session/expired");
  auto form = app_->client().Get("/app/updateSession?hash=demo_live_hash_0001&fbSessionHash=" + id);
  EXPECT_EQ(form.status, 410);
  EXPECT_NE(form.body.find("error 206"), std::string::npos) << form.body;
  EXPECT_EQ(Str(ParseJson(Call("GET", "/v1/donation-sessions/" + id))["data"]["status"]), "expired");
}

TEST_F(RestApiTest, SessionPastExpiresAtIsExpiredEverywhere) {
  const std::string id = CreateSession(kCompleteValues);
  app_->db().Execute("UPDATE sessions SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE WHERE hash = '" + id + "'");
  EXPECT_EQ(Str(ParseJson(Call("GET", "/v1/donation-sessions/" + id))["data"]["status"]), "expired");
  ExpectError(Call("POST", "/v1/donation-sessions/" + id + "/confirm"), 410, "donation_session/expired");
}

// ---- one session core ---------------------------------------------------------

TEST_F(RestApiTest, RestSessionsAreFormApiSessionsAndBack) {
  const std::string id = CreateSession(R"("values":{"amount":"15","first_name":"Rest"})");
  auto read = app_->client().Get("/app/updateSession?hash=demo_live_hash_0001&fbSessionHash=" + id +
                                 "&payment%5Blast_name%5D=Form");
  ASSERT_EQ(read.status, 200) << read.body;
  auto f = ParseJson(read);
  EXPECT_EQ(Str(f["session"]["hash"]), id);
  EXPECT_EQ(Str(f["session"]["values"]["first_name"]), "Rest");
  // The form API's write is visible through the REST API.
  EXPECT_EQ(Str(ParseJson(Call("GET", "/v1/donation-sessions/" + id))["data"]["values"]["last_name"]), "Form");
  // Not visible through another form's hash.
  auto other = app_->client().Get("/app/updateSession?hash=" + std::string("spendenformular_live_hash") +
                                  "&fbSessionHash=" + id);
  EXPECT_NE(other.status, 200);

  auto created = app_->client().Post("/app/createSession", "hash=demo_live_hash_0001&payment%5Bamount%5D=20");
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string hash = Str(ParseJson(created)["session"]["hash"]);
  auto rest = Call("GET", "/v1/donation-sessions/" + hash);
  ASSERT_EQ(rest.status, 200) << rest.body;
  auto s = ParseJson(rest);
  EXPECT_EQ(Str(s["data"]["id"]), hash);
  EXPECT_EQ(Str(s["data"]["values"]["amount"]), "20.00");
  EXPECT_EQ(Str(s["data"]["type"]), "donation_form");
  EXPECT_TRUE(s["data"]["userId"].IsNull());
}

// ---- list ---------------------------------------------------------------------

TEST_F(RestApiTest, ListPagesWithLinksAndFilters) {
  // A form of its own so other tests' sessions do not interfere.
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(CreateSession(R"("values":{"amount":"10"})", "spendenformular"));
  auto first = Call("GET", "/v1/donation-sessions?formId=spendenformular&pageSize=2");
  ASSERT_EQ(first.status, 200) << first.body;
  auto p1 = ParseJson(first);
  EXPECT_EQ(Str(p1["object"]), "list");
  EXPECT_EQ(p1["totalResults"].GetInt(), 5);
  EXPECT_EQ(p1["pageSize"].GetInt(), 2);
  ASSERT_EQ(p1["data"].Size(), 2u);
  EXPECT_EQ(Str(p1["data"][0]["id"]), ids[4]);  // newest first
  EXPECT_EQ(Str(p1["data"][1]["id"]), ids[3]);
  EXPECT_EQ(Str(p1["data"][0]["object"]), "donation_session");
  EXPECT_TRUE(p1["_links"]["prev"].IsNull());
  const std::string base = app_->app().public_base_url();
  const std::string next = Str(p1["_links"]["next"]["href"]);
  ASSERT_EQ(next.rfind(base + "/v1/donation-sessions?", 0), 0u) << next;
  EXPECT_NE(next.find("formId=spendenformular"), std::string::npos);
  EXPECT_NE(Str(p1["_links"]["current"]["href"]).find("pageSize=2"), std::string::npos);

  auto p2 = ParseJson(Call("GET", next.substr(base.size())));
  ASSERT_EQ(p2["data"].Size(), 2u);
  EXPECT_EQ(Str(p2["data"][0]["id"]), ids[2]);
  auto p3 = ParseJson(Call("GET", Str(p2["_links"]["next"]["href"]).substr(base.size())));
  ASSERT_EQ(p3["data"].Size(), 1u);
  EXPECT_EQ(Str(p3["data"][0]["id"]), ids[0]);
  EXPECT_TRUE(p3["_links"]["next"].IsNull());
  auto back = ParseJson(Call("GET", Str(p3["_links"]["prev"]["href"]).substr(base.size())));
  ASSERT_EQ(back["data"].Size(), 2u);
  EXPECT_EQ(Str(back["data"][0]["id"]), ids[2]);
  EXPECT_EQ(Str(back["data"][1]["id"]), ids[1]);

  auto asc = ParseJson(Call("GET", "/v1/donation-sessions?formId=spendenformular&direction=asc&pageSize=3"));
  EXPECT_EQ(Str(asc["data"][0]["id"]), ids[0]);
  EXPECT_EQ(Str(asc["data"][2]["id"]), ids[2]);

  ASSERT_EQ(Call("POST", "/v1/donation-sessions/" + ids[1] + "/expire").status, 200);
  auto expired = ParseJson(Call("GET", "/v1/donation-sessions?formId=spendenformular&status=expired"));
  EXPECT_EQ(expired["totalResults"].GetInt(), 1);
  EXPECT_EQ(Str(expired["data"][0]["id"]), ids[1]);
  EXPECT_EQ(ParseJson(Call("GET", "/v1/donation-sessions?formId=spendenformular&status=open"))["totalResults"].GetInt(), 4);
  auto defaults = ParseJson(Call("GET", "/v1/donation-sessions"));
  EXPECT_EQ(defaults["pageSize"].GetInt(), 25);
}

TEST_F(RestApiTest, ListRefusals) {
  ExpectError(Call("GET", "/v1/donation-sessions?pageSize=101"), 400, "bad_request");
  ExpectError(Call("GET", "/v1/donation-sessions?pageSize=0"), 400, "bad_request");
  ExpectError(Call("GET", "/v1/donation-sessions?pageSize=ten"), 400, "bad_request");
  EXPECT_EQ(Call("GET", "/v1/donation-sessions?pageSize=100").status, 200);
  ExpectError(Call("GET", "/v1/donation-sessions?direction=sideways"), 400, "bad_request");
  ExpectError(Call("GET", "/v1/donation-sessions?status=paid"), 400, "bad_request");
  ExpectError(Call("GET", "/v1/donation-sessions?cursor=bm9wZQ"), 400, "bad_request");
  ExpectError(Call("GET", "/v1/donation-sessions?sort=id"), 400, "bad_request");
  // A DESC cursor with direction=ASC. Two sessions, so that a page of one has a next page
  // (ctest runs each test in a process of its own, on a fresh database).
  CreateSession(R"("values":{"amount":"10"})", "demo");
  CreateSession(R"("values":{"amount":"11"})", "demo");
  auto page = ParseJson(Call("GET", "/v1/donation-sessions?pageSize=1"));
  std::string next = Str(page["_links"]["next"]["href"]);
  std::string cursor = next.substr(next.find("cursor=") + 7);
  ExpectError(Call("GET", "/v1/donation-sessions?direction=ASC&cursor=" + cursor), 400, "bad_request");
  EXPECT_EQ(Call("GET", "/v1/donation-sessions?cursor=" + cursor).status, 200);  // direction from the cursor
}

TEST_F(RestApiTest, WalkWhileAnotherThreadCreatesReturnsEveryEarlierSessionOnce) {
  for (int i = 0; i < 30; ++i) CreateSession(R"("values":{"amount":"10"})", "spendenformular");
  std::set<std::string> before;
  {
    auto all = ParseJson(Call("GET", "/v1/donation-sessions?pageSize=100"));
    ASSERT_LT(all["totalResults"].GetInt(), 100) << "test assumes one page holds everything";
    for (const auto& s : all["data"].GetArray()) before.insert(Str(s["id"]));
  }
  std::atomic<bool> stop{false};
  std::atomic<int> created{0};
  std::thread writer([&] {
    while (!stop) {
      if (Call("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"3"}})").status == 201) ++created;
    }
  });
  std::map<std::string, int> seen;
  const std::string base = app_->app().public_base_url();
  std::string target = "/v1/donation-sessions?pageSize=4";
  int pages = 0;
  while (!target.empty() && pages < 500) {
    auto r = Call("GET", target);
    ASSERT_EQ(r.status, 200) << r.body;
    auto d = ParseJson(r);
    for (const auto& s : d["data"].GetArray()) ++seen[Str(s["id"])];
    target = d["_links"]["next"].IsNull() ? "" : Str(d["_links"]["next"]["href"]).substr(base.size());
    ++pages;
  }
  stop = true;
  writer.join();
  EXPECT_GT(created.load(), 0);
  for (const std::string& id : before) EXPECT_EQ(seen[id], 1) << id;
  for (const auto& [id, count] : seen) EXPECT_EQ(count, 1) << id;
}

// ---- idempotency ----------------------------------------------------------------

TEST_F(RestApiTest, IdempotencyKeyReplaysTheFirstAnswer) {
  const std::string body = R"({"formId":"demo","values":{"amount":"11"}})";
  auto first = Call("POST", "/v1/donation-sessions", body, write_key_, "Idempotency-Key: order-1001\r\n");
  ASSERT_EQ(first.status, 201) << first.body;
  auto second = Call("POST", "/v1/donation-sessions", body, write_key_, "Idempotency-Key: order-1001\r\n");
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.header("idempotent-replayed"), "true");
  EXPECT_EQ(app_->db().QueryString("SELECT COUNT(*) FROM sessions WHERE hash = '" + Str(ParseJson(first)["data"]["id"]) + "'"),
            "1");
  ExpectError(Call("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"12"}})", write_key_,
                   "Idempotency-Key: order-1001\r\n"),
              422, "idempotency/key_reused");
  // Another key: a new session.
  auto third = Call("POST", "/v1/donation-sessions", body, write_key_, "Idempotency-Key: order-1002\r\n");
  EXPECT_NE(Str(ParseJson(third)["data"]["id"]), Str(ParseJson(first)["data"]["id"]));
  // Error answers are replayed too.
  auto bad = Call("POST", "/v1/donation-sessions", R"({"formId":"nope","values":{}})", write_key_,
                  "Idempotency-Key: bad-1\r\n");
  auto bad_again = Call("POST", "/v1/donation-sessions", R"({"formId":"nope","values":{}})", write_key_,
                        "Idempotency-Key: bad-1\r\n");
  EXPECT_EQ(bad_again.status, bad.status);
  EXPECT_EQ(bad_again.header("idempotent-replayed"), "true");
}

TEST_F(RestApiTest, IdempotencyKeyLimits) {
  const std::string body = R"({"formId":"demo","values":{"amount":"11"}})";
  EXPECT_EQ(Call("POST", "/v1/donation-sessions", body, write_key_,
                 "Idempotency-Key: " + std::string(255, 'k') + "\r\n").status,
            201);
  ExpectError(Call("POST", "/v1/donation-sessions", body, write_key_,
                   "Idempotency-Key: " + std::string(256, 'k') + "\r\n"),
              400, "idempotency/invalid_key");
  ExpectError(Call("POST", "/v1/donation-sessions", body, write_key_, "Idempotency-Key: caf\xc3\xa9\r\n"), 400,
              "idempotency/invalid_key");
}

TEST_F(RestApiTest, IdempotencyCoversLifecyclePosts) {
  const std::string id = CreateSession(kCompleteValues);
  const std::string path = "/v1/donation-sessions/" + id + "/process";
  auto first = Call("POST", path, R"({"expiresIn":60})", write_key_, "Idempotency-Key: proc-1\r\n");
  ASSERT_EQ(first.status, 200) << first.body;
  auto replay = Call("POST", path, R"({"expiresIn":60})", write_key_, "Idempotency-Key: proc-1\r\n");
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");
  // Same key on another path is another request.
  ExpectError(Call("POST", "/v1/donation-sessions/" + id + "/confirm", R"({"expiresIn":60})", write_key_,
                   "Idempotency-Key: proc-1\r\n"),
              422, "idempotency/key_reused");
}

TEST_F(RestApiTest, EightConcurrentPostsWithOneKeyCreateOneSession) {
  const std::string body = R"({"formId":"demo","values":{"amount":"8"},"metadata":{"batch":"concurrent-8"}})";
  std::vector<ClientResponse> answers(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      answers[i] = Call("POST", "/v1/donation-sessions", body, write_key_, "Idempotency-Key: concurrent-8\r\n");
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> ids;
  for (const auto& a : answers) {
    ASSERT_EQ(a.status, 201) << a.body;
    ids.insert(Str(ParseJson(a)["data"]["id"]));
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(app_->db().QueryString("SELECT COUNT(*) FROM sessions WHERE metadata LIKE '%concurrent-8%'"), "1");
}

}  // namespace
}  // namespace prefill

namespace prefill {
namespace {

// Create stores the session, then its REST attributes. When the second write
// fails the caller gets an error, and the session it never learns of must not
// stay open.
TEST(RestApiCreateFailureTest, SessionIsEndedWhenItsAttributesCannotBeStored) {
  TestApp app("rest_create_failure");
  MySqlApiKeyStore keys(app.db().pool());
  std::string key = CreateApiKey(keys, "writer", {Scope::kSessionsRead, Scope::kSessionsWrite}, SystemNow())->secret;
  // Make the attributes write fail while the sessions table keeps working.
  app.db().Execute("RENAME TABLE rest_session_attributes TO rest_session_attributes_away");
  auto r = app.client().Send("POST", "/v1/donation-sessions", R"({"formId":"demo","values":{"amount":"10"}})",
                             "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\n");
  EXPECT_GE(r.status, 500) << r.body;
  EXPECT_EQ(app.db().QueryString("SELECT COUNT(*) FROM sessions"), "1");
  EXPECT_EQ(app.db().QueryString("SELECT state FROM sessions"), "expired");
  app.db().Execute("RENAME TABLE rest_session_attributes_away TO rest_session_attributes");
}

}  // namespace
}  // namespace prefill
