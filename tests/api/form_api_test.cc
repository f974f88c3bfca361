// The form API over real HTTP against the real MariaDB (SPEC section 3 and 4).
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "support/test_app.h"

namespace prefill {
namespace {

using prefill::testing::ClientResponse;
using prefill::testing::Str;
using prefill::testing::ParseJson;
using prefill::testing::TestApp;
using prefill::testing::UrlEncode;

constexpr const char* kLive = "demo_live_hash_0001";
constexpr const char* kSandbox = "demo_sandbox_hash_0001";
constexpr const char* kOtherForm = "spendenformular_live_0001";

// A forms directory with the shipped forms plus an inactive one and one without API access.
std::string MakeFormsDir() {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("prefill_form_api_forms_" + std::to_string(getpid()));
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(std::string(PREFILL_SOURCE_DIR) + "/forms")) {
    fs::copy_file(entry.path(), dir / entry.path().filename(), fs::copy_options::overwrite_existing);
  }
  std::ofstream(dir / "inactive.json") << R"({"id":"inactive","name":"Closed campaign","hash":"inactive_hash_00001",
    "active":false,"fields":{"amount":{"required":true}}})";
  std::ofstream(dir / "noapi.json") << R"({"id":"noapi","name":"Hosted only","hash":"noapi_hash_0000001",
    "api_enabled":false,"fields":{"amount":{"required":true}}})";
  return dir.string();
}

class FormApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    AppConfig config;
    config.forms_dir = MakeFormsDir();
    config.threads = 16;
    app_ = new TestApp("form_api", config);
  }
  static void TearDownTestSuite() {
    delete app_;
    app_ = nullptr;
  }
  static ClientResponse Post(const std::string& path, const std::string& body) { return app_->client().Post(path, body); }
  static ClientResponse Get(const std::string& target) { return app_->client().Get(target); }

  // Creates a session through the live form; returns its hash.
  static std::string Create(const std::string& fields, const char* hash = kLive) {
    return app_->CreateFormSession(hash, fields);
  }
  static rapidjson::Document Read(const std::string& session, const char* hash = kLive) {
    auto r = Get(std::string("/app/updateSession?hash=") + hash + "&fbSessionHash=" + session);
    EXPECT_EQ(r.status, 200) << r.body;
    return ParseJson(r);
  }
  static TestApp* app_;
};
TestApp* FormApiTest::app_ = nullptr;

TEST_F(FormApiTest, CreateAnswersTheSessionJson) {
  auto r = Post("/app/createSession", "hash=demo_live_hash_0001&payment%5Bamount%5D=12,5&payment%5Bfirst_name%5D=Beate");
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = ParseJson(r);
  EXPECT_EQ(Str(d["status"]), "success");
  const auto& s = d["session"];
  EXPECT_EQ(Str(s["hash"]).size(), 64u);
  EXPECT_EQ(Str(s["status"]), "incomplete");
  EXPECT_FALSE(s["sandbox"].GetBool());
  EXPECT_EQ(Str(s["expires_at"]).size(), 20u);
  EXPECT_EQ(Str(s["values"]["amount"]), "12.50");
  EXPECT_EQ(Str(s["values"]["first_name"]), "Beate");
  EXPECT_TRUE(s["fixed_values"].IsObject());
  EXPECT_TRUE(s["errors"]["current_fields"].IsObject());
  EXPECT_EQ(Str(s["errors"]["other_fields"]["email"]), "This field is required");
  // last_name is in the name group with first_name, which this request sent.
  EXPECT_EQ(Str(s["errors"]["current_fields"]["last_name"]), "This field is required");
  EXPECT_TRUE(s["errors"]["globals"].IsArray());
  EXPECT_TRUE(s["meta_info"].IsObject());
}

TEST_F(FormApiTest, SandboxHashMakesASandboxSession) {
  std::string hash = Create("payment[amount]=5", kSandbox);
  auto d = Read(hash, kSandbox);
  EXPECT_TRUE(d["session"]["sandbox"].GetBool());
}

TEST_F(FormApiTest, EveryParameterEncodingIsUnderstood) {
  // Query string (GET).
  auto q = Get("/app/createSession?hash=demo_live_hash_0001&payment%5Bcity%5D=Query");
  ASSERT_EQ(q.status, 200) << q.body;
  EXPECT_EQ(Str(ParseJson(q)["session"]["values"]["city"]), "Query");
  // JSON body.
  auto j = app_->client().Post("/app/createSession", R"({"hash":"demo_live_hash_0001","payment":{"city":"Json","amount":7}})",
                               "application/json");
  ASSERT_EQ(j.status, 200) << j.body;
  EXPECT_EQ(Str(ParseJson(j)["session"]["values"]["city"]), "Json");
  EXPECT_EQ(Str(ParseJson(j)["session"]["values"]["amount"]), "7.00");
  // Multipart body.
  std::string boundary = "XyZ123";
  std::string body = "--XyZ123\r\nContent-Disposition: form-data; name=\"hash\"\r\n\r\ndemo_live_hash_0001\r\n"
                     "--XyZ123\r\nContent-Disposition: form-data; name=\"payment[city]\"\r\n\r\nMultipart\r\n--XyZ123--\r\n";
  auto m = app_->client().Post("/app/createSession", body, "multipart/form-data; boundary=" + boundary);
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(Str(ParseJson(m)["session"]["values"]["city"]), "Multipart");
  // Body wins over query.
  auto both = app_->client().Post("/app/createSession?hash=demo_live_hash_0001&payment%5Bcity%5D=Query",
                                  "payment%5Bcity%5D=Body");
  ASSERT_EQ(both.status, 200) << both.body;
  EXPECT_EQ(Str(ParseJson(both)["session"]["values"]["city"]), "Body");
}

TEST_F(FormApiTest, InvalidValueIsKeptOutAndReportedOnTheField) {
  std::string hash = Create("payment[email]=beate@example.org");
  auto r = Post("/app/updateSession", "hash=demo_live_hash_0001&fbSessionHash=" + hash + "&payment[email]=not-an-email");
  ASSERT_EQ(r.status, 200);
  auto d = ParseJson(r);
  EXPECT_EQ(Str(d["session"]["errors"]["current_fields"]["email"]), "Invalid e-mail address");
  EXPECT_EQ(Str(d["session"]["values"]["email"]), "beate@example.org");
  EXPECT_EQ(Str(Read(hash)["session"]["values"]["email"]), "beate@example.org");
}

TEST_F(FormApiTest, EmptyValueClearsAField) {
  std::string hash = Create("payment[city]=Berlin");
  auto r = Post("/app/updateSession", "hash=demo_live_hash_0001&fbSessionHash=" + hash + "&payment[city]=");
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(Read(hash)["session"]["values"].HasMember("city"));
}

TEST_F(FormApiTest, ExtraFieldIsAGlobalErrorAndNotStored) {
  auto r = Post("/app/createSession", "hash=spendenformular_live_0001&payment[amount]=20&payment[interval_x]=1");
  ASSERT_EQ(r.status, 200);
  auto d = ParseJson(r);
  ASSERT_TRUE(d["session"]["errors"]["globals"].IsArray());
  ASSERT_EQ(d["session"]["errors"]["globals"].Size(), 1u);
  EXPECT_EQ(Str(d["session"]["errors"]["globals"][0]), "extra form field: interval_x");
  EXPECT_FALSE(d["session"]["values"].HasMember("interval_x"));
}

TEST_F(FormApiTest, GermanFormAnswersInGerman) {
  auto r = Post("/app/createSession", "hash=spendenformular_live_0001&payment[amount]=20");
  ASSERT_EQ(r.status, 200);
  auto d = ParseJson(r);
  const auto& other = d["session"]["errors"]["other_fields"];
  ASSERT_TRUE(other.IsObject());
  ASSERT_GT(other.MemberCount(), 0u);
  EXPECT_EQ(Str(other.MemberBegin()->value), "Dieses Feld ist ein Pflichtfeld");
}

TEST_F(FormApiTest, FixedValueCannotBeChangedOrClearedThroughTheFormApi) {
  std::string hash = Create("payment[amount_fix]=25&payment[first_name]=Beate");
  auto d = Read(hash);
  EXPECT_EQ(Str(d["session"]["fixed_values"]["amount"]), "fix");
  std::string base = "hash=demo_live_hash_0001&fbSessionHash=" + hash;
  for (std::string attempt : {"&payment[amount]=30", "&payment[amount]=", "&payment[amount_fix]=30", "&payment[amount_fix]="}) {
    auto r = Post("/app/updateSession", base + attempt);
    ASSERT_EQ(r.status, 200) << attempt;
    auto answer = ParseJson(r);
    EXPECT_TRUE(answer["session"]["errors"]["current_fields"].HasMember("amount")) << attempt << " " << r.body;
    EXPECT_EQ(Str(answer["session"]["values"]["amount"]), "25.00") << attempt;
  }
  auto same = ParseJson(Post("/app/updateSession", base + "&payment[amount]=25.00"));
  EXPECT_FALSE(same["session"]["errors"]["current_fields"].HasMember("amount"));
  auto after = Read(hash);
  EXPECT_EQ(Str(after["session"]["values"]["amount"]), "25.00");
  EXPECT_EQ(Str(after["session"]["fixed_values"]["amount"]), "fix");
}

TEST_F(FormApiTest, CompleteSessionSaysComplete) {
  std::string hash = Create("payment[amount]=10&payment[payment_method]=bank_transfer&payment[first_name]=Beate"
                            "&payment[last_name]=Spender&payment[email]=beate@example.org");
  EXPECT_EQ(Str(Read(hash)["session"]["status"]), "complete");
}

TEST_F(FormApiTest, BasketOf40KibRoundTripsByteExact) {
  std::string basket = "[";
  while (basket.size() < 40 * 1024) basket += R"({"name":"Grüße 🎁 <b>&amp;</b> \"quoted\" 'single'","qty":1},)";
  basket += "{}]";
  auto r = app_->client().Post("/app/createSession", "hash=demo_live_hash_0001&payment%5Bbasket%5D=" + UrlEncode(basket));
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  std::string hash = Str(ParseJson(r)["session"]["hash"]);
  EXPECT_EQ(Str(Read(hash)["session"]["values"]["basket"]), basket);
}

TEST_F(FormApiTest, SqlMetacharactersAreStoredVerbatim) {
  std::string nasty = "Robert'); DROP TABLE sessions; -- \\ % _ \"";
  std::string hash = Create("payment[last_name]=" + UrlEncode(nasty));
  EXPECT_EQ(Str(Read(hash)["session"]["values"]["last_name"]), nasty);
  EXPECT_EQ(app_->db().QueryString("SELECT COUNT(*) > 0 FROM sessions"), "1");
}

TEST_F(FormApiTest, SixteenConcurrentUpdatesOfOneSessionAllTakeEffect) {
  std::string hash = Create("payment[amount]=10");
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"first_name", "Beate"}, {"last_name", "Spender"}, {"title", "Dr."}, {"company_name", "ACME"},
      {"city", "Berlin"}, {"address", "Hauptstr. 1"}, {"message", "Good luck"}, {"public_name", "B. S."},
      {"basket", "[1,2,3]"}, {"order_id", "ORDER-42"}, {"email", "b@example.org"}, {"bank_account_owner", "Beate S."},
      {"credit_card_owner", "Beate S."}, {"wants_newsletter", "0"}, {"is_privacy_accepted", "1"}, {"interval", "12"}};
  ASSERT_EQ(fields.size(), 16u);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (const auto& [field, value] : fields) {
    threads.emplace_back([&, field = field, value = value] {
      auto r = app_->client().Post("/app/updateSession", "hash=demo_live_hash_0001&fbSessionHash=" + hash +
                                                             "&payment%5B" + field + "%5D=" + UrlEncode(value));
      if (r.status != 200) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto values = Read(hash);
  for (const auto& [field, value] : fields) {
    ASSERT_TRUE(values["session"]["values"].HasMember(field.c_str())) << field;
  }
  EXPECT_EQ(Str(values["session"]["values"]["amount"]), "10.00");
}

TEST_F(FormApiTest, SessionIsInvisibleThroughAnotherFormsHash) {
  std::string hash = Create("payment[amount]=10");
  auto r = Get(std::string("/app/updateSession?hash=") + kOtherForm + "&fbSessionHash=" + hash);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Str(ParseJson(r)["error"]), "error 203: session not found");
}

// A session answers only through the hash it was made with: the sandbox hash
// cannot read, write or pay a live session, nor the live hash a sandbox one,
// and the answer is the unknown session's, so neither can probe the other.
TEST_F(FormApiTest, SandboxAndLiveSessionsNeverAnswerThroughTheOtherHash) {
  const std::string complete = "payment[amount]=10&payment[payment_method]=bank_transfer&payment[first_name]=Beate"
                               "&payment[last_name]=Spender&payment[email]=beate@example.org";
  const std::string live = Create(complete, kLive);
  const std::string sandbox = Create(complete, kSandbox);
  for (const auto& [session, wrong] : {std::pair{live, kSandbox}, std::pair{sandbox, kLive}}) {
    SCOPED_TRACE(std::string("through ") + wrong);
    auto read = Get(std::string("/app/updateSession?hash=") + wrong + "&fbSessionHash=" + session);
    EXPECT_EQ(read.status, 404) << read.body;
    EXPECT_EQ(Str(ParseJson(read)["error"]), "error 203: session not found");
    auto write = Post("/app/updateSession", std::string("hash=") + wrong + "&fbSessionHash=" + session +
                                                "&payment%5Bfirst_name%5D=Mallory");
    EXPECT_EQ(write.status, 404) << write.body;
    EXPECT_EQ(Str(ParseJson(write)["error"]), "error 203: session not found");
    auto pay = Post("/app/payment", std::string("hash=") + wrong + "&fbSessionHash=" + session + "&ip=203.0.113.9");
    EXPECT_EQ(pay.status, 404) << pay.body;
    EXPECT_EQ(Str(ParseJson(pay)["error"]), "error 203: session not found");
  }
  // Nothing was written or paid through the wrong hash.
  EXPECT_EQ(Str(Read(live, kLive)["session"]["values"]["first_name"]), "Beate");
  auto own = Read(sandbox, kSandbox);
  EXPECT_EQ(Str(own["session"]["values"]["first_name"]), "Beate");
  EXPECT_TRUE(own["session"]["sandbox"].GetBool());
  EXPECT_EQ(app_->db().QueryString("SELECT COUNT(*) FROM transactions WHERE session_hash IN ('" + live + "','" +
                                   sandbox + "')"),
            "0");
}

TEST_F(FormApiTest, NumberedErrors) {
  auto expect = [](const ClientResponse& r, int status, const std::string& error) {
    EXPECT_EQ(r.status, status) << error << " " << r.body;
    rapidjson::Document d = ParseJson(r);
    EXPECT_EQ(Str(d["status"]), "error");
    EXPECT_EQ(Str(d["error"]), error);
  };
  expect(Post("/app/createSession", "payment[amount]=5"), 400, "error 105: no hash");
  expect(Post("/app/createSession", "hash=nosuchformhash00000&payment[amount]=5"), 404, "error 106: no config");
  expect(Post("/app/createSession", "hash=inactive_hash_00001&payment[amount]=5"), 403, "error 103: inactive");
  expect(Post("/app/createSession", "hash=noapi_hash_0000001&payment[amount]=5"), 403, "error 104: not api owner");
  expect(Post("/app/createSession", "hash=demo_live_hash_0001"), 400, "error 205: new session requires values");
  expect(Post("/app/createSession", "hash=demo_live_hash_0001&payment[amount]=%ZZ"), 400, "error 108: malformed request");
  expect(Post("/app/createSession", "hash=demo_live_hash_0001&payment[city]=%FF%FE"), 400, "error 108: malformed request");
  expect(Get("/app/updateSession?hash=demo_live_hash_0001&fbSessionHash=doesnotexist"), 404, "error 203: session not found");
  expect(Get("/app/updateSession?hash=demo_live_hash_0001"), 404, "error 203: session not found");
  std::string hash = Create("payment[amount]=5");
  expect(Post("/app/createSession", "hash=demo_live_hash_0001&fbSessionHash=" + hash + "&payment[amount]=6"), 409,
         "error 204: session exists already");

  app_->db().Execute("UPDATE sessions SET expires_at = NOW(6) - INTERVAL 1 MINUTE WHERE hash = '" + hash + "'");
  expect(Get("/app/updateSession?hash=demo_live_hash_0001&fbSessionHash=" + hash), 410, "error 206: session expired");

  std::string locked = Create("payment[amount]=5");
  app_->db().Execute("UPDATE sessions SET state = 'processing' WHERE hash = '" + locked + "'");
  expect(Post("/app/updateSession", "hash=demo_live_hash_0001&fbSessionHash=" + locked + "&payment[city]=X"), 409,
         "error 207: session locked");
  std::string done = Create("payment[amount]=5");
  app_->db().Execute("UPDATE sessions SET state = 'completed' WHERE hash = '" + done + "'");
  expect(Get("/app/updateSession?hash=demo_live_hash_0001&fbSessionHash=" + done), 409, "error 202: session processed");

  auto big = Post("/app/createSession", "hash=demo_live_hash_0001&payment%5Bbasket%5D=" + std::string(2 * 1024 * 1024, 'x'));
  expect(big, 413, "error 107: request too large");
  EXPECT_EQ(Get("/healthz").status, 200);
}

TEST_F(FormApiTest, FormsConfigDescribesTheForm) {
  auto r = Get("/forms/config?hash=demo_live_hash_0001");
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = ParseJson(r);
  EXPECT_EQ(Str(d["status"]), "success");
  const auto& config = d["config"];
  EXPECT_EQ(Str(config["currency"]), "EUR");
  EXPECT_EQ(Str(config["language"]), "en-GB");
  ASSERT_TRUE(config["form_fields"].IsArray());
  bool saw_email = false;
  for (const auto& f : config["form_fields"].GetArray()) {
    if (Str(f["name"]) == "email") {
      saw_email = true;
      EXPECT_EQ(Str(f["id"]), "payment_email");
      EXPECT_TRUE(f["required"].GetBool());
    }
  }
  EXPECT_TRUE(saw_email);
  EXPECT_EQ(Get("/forms/config?hash=noapi_hash_0000001").status, 403);
  EXPECT_EQ(Get("/forms/config").status, 400);
}

TEST(FormApiStorageDownTest, StorageOutageAnswers900) {
  AppConfig config =
      prefill::testing::LocalAppConfig("mysql://root@localhost/nowhere?socket=/nonexistent/prefill.sock", 2);
  auto app = App::Start(config);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  auto r = prefill::testing::HttpClient((*app)->port()).Post("/app/createSession", "hash=demo_live_hash_0001&payment[amount]=5");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("retry-after"), "1");
  EXPECT_NE(r.body.find("error 900: general error"), std::string::npos);
}

TEST(FormApiPurgeTest, ExpiredSessionsArePurgedAfterTheRetention) {
  AppConfig config;
  config.session_retention = std::chrono::hours(1);
  config.purge_interval = std::chrono::milliseconds(100);
  TestApp app("form_api_purge", config);
  auto make = [&] {
    auto r = app.client().Post("/app/createSession", "hash=demo_live_hash_0001&payment[amount]=5");
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    return Str(d["session"]["hash"]);
  };
  std::string old_one = make(), recent = make(), live = make();
  app.db().Execute("UPDATE sessions SET expires_at = NOW(6) - INTERVAL 2 HOUR WHERE hash = '" + old_one + "'");
  app.db().Execute("UPDATE sessions SET expires_at = NOW(6) - INTERVAL 10 MINUTE WHERE hash = '" + recent + "'");
  for (int i = 0; i < 50 && app.db().QueryString("SELECT COUNT(*) FROM sessions") != "2"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(app.db().QueryString("SELECT COUNT(*) FROM sessions WHERE hash = '" + old_one + "'"), "0");
  EXPECT_EQ(app.db().QueryString("SELECT COUNT(*) FROM sessions WHERE hash = '" + recent + "'"), "1");
  EXPECT_EQ(app.db().QueryString("SELECT COUNT(*) FROM sessions WHERE hash = '" + live + "'"), "1");
}

}  // namespace
}  // namespace prefill
