// Commerce session types (SPEC 7.1) over real HTTP against MariaDB: every flow
// (add_on and portion_of_sales_choice with the session secret, portion_of_sales
// with allocations), each error of 7.1, the secret's scope limits, confirm
// under concurrency, and GET /v1/donations.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "rest/api_key_store.h"
#include "storage/mysql_api_key_store.h"
#include "storage/mysql_commerce_store.h"
#include "support/test_app.h"

namespace prefill {
namespace {

using prefill::testing::ClientResponse;
using prefill::testing::ParseJson;
using prefill::testing::Str;
using prefill::testing::TestApp;

// The repository's forms plus a CHF copy of the demo form ("swiss").
std::string FormsWithASwissForm() {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("prefill-commerce-forms-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (const char* name : {"demo.json", "spendenformular.json"}) {
    fs::copy_file(fs::path(PREFILL_SOURCE_DIR) / "forms" / name, dir / name, fs::copy_options::overwrite_existing);
  }
  std::ifstream in(fs::path(PREFILL_SOURCE_DIR) / "forms" / "demo.json");
  std::stringstream text;
  text << in.rdbuf();
  std::string swiss = text.str();
  auto replace = [&](const std::string& from, const std::string& to) {
    const size_t at = swiss.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) swiss.replace(at, from.size(), to);
  };
  replace(R"("id": "demo")", R"("id": "swiss")");
  replace(R"("name": "Prefill demo charity")", R"("name": "Swiss charity")");
  replace(R"("hash": "demo_live_hash_0001")", R"("hash": "swiss_live_hash_0001")");
  replace(R"("sandbox_hash": "demo_sandbox_hash_0001")", R"("sandbox_hash": "swiss_sandbox_hash_0001")");
  replace(R"("currency": "EUR")", R"("currency": "CHF")");
  std::ofstream(dir / "swiss.json") << swiss;
  return dir.string();
}

class CommerceApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    AppConfig config;
    config.forms_dir = FormsWithASwissForm();
    app_ = new TestApp("commerce_api", config);
    MySqlApiKeyStore keys(app_->db().pool());
    key_ = CreateApiKey(keys, "shop", {Scope::kSessionsRead, Scope::kSessionsWrite}, SystemNow())->secret;
    read_key_ = CreateApiKey(keys, "reader", {Scope::kSessionsRead}, SystemNow())->secret;
  }
  static void TearDownTestSuite() {
    delete app_;
    std::filesystem::remove_all(FormsDir());
  }
  static std::string FormsDir() {
    return (std::filesystem::temp_directory_path() / ("prefill-commerce-forms-" + std::to_string(::getpid())))
        .string();
  }

  static ClientResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                             const std::string& credential = key_) {
    std::string headers;
    if (!credential.empty()) headers += "Authorization: Bearer " + credential + "\r\n";
    if (!body.empty()) headers += "Content-Type: application/json\r\n";
    return app_->client().Send(method, target, body, headers);
  }

  struct Created {
    std::string id;
    std::string secret;
  };
  static Created Create(const std::string& type, const std::string& extra = "",
                        const std::string& campaigns = R"(["demo","spendenformular"])", const std::string& amount = "3.00") {
    auto r = Call("POST", "/v1/donation-sessions",
                  R"({"type":")" + type + R"(","amount":")" + amount + R"(","campaigns":)" + campaigns + extra + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    auto d = ParseJson(r);
    Created c;
    c.id = Str(d["data"]["id"]);
    if (d["data"].HasMember("sessionSecret")) c.secret = Str(d["data"]["sessionSecret"]);
    return c;
  }

  static std::string Path(const std::string& id, const std::string& tail = "") {
    return "/v1/donation-sessions/" + id + tail;
  }

  static void ExpectError(const ClientResponse& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    auto d = ParseJson(r);
    ASSERT_TRUE(d.IsObject() && d.HasMember("error")) << r.body;
    EXPECT_EQ(Str(d["error"]["code"]), code) << r.body;
  }

  static TestApp* app_;
  static std::string key_, read_key_;
};
TestApp* CommerceApiTest::app_ = nullptr;
std::string CommerceApiTest::key_, CommerceApiTest::read_key_;

TEST_F(CommerceApiTest, AddOnFlowWithTheSessionSecret) {
  auto r = Call("POST", "/v1/donation-sessions",
                R"({"type":"add_on","amount":"2.5","campaigns":["demo","spendenformular"],"metadata":{"order":"A-17"}})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto created = ParseJson(r);
  const auto& data = created["data"];
  const std::string id = Str(data["id"]);
  const std::string secret = Str(data["sessionSecret"]);
  EXPECT_EQ(secret.rfind("pf_ss_", 0), 0u);
  EXPECT_EQ(Str(data["type"]), "add_on");
  EXPECT_EQ(Str(data["formId"]), "demo");
  EXPECT_EQ(Str(data["amount"]), "2.50");
  EXPECT_EQ(Str(data["currency"]), "EUR");
  EXPECT_TRUE(data["url"].IsNull());  // paid by the shop's checkout, not the hosted page
  EXPECT_TRUE(data["campaign"].IsNull());
  EXPECT_EQ(data["donations"].Size(), 0u);
  EXPECT_FALSE(data["complete"].GetBool());
  EXPECT_EQ(data["errors"]["otherFields"].MemberCount(), 0u);
  ASSERT_EQ(data["availableCampaigns"].Size(), 2u);
  EXPECT_EQ(Str(data["availableCampaigns"][0]["id"]), "demo");
  EXPECT_EQ(Str(data["availableCampaigns"][0]["name"]), "Prefill demo charity");
  EXPECT_EQ(Str(data["availableCampaigns"][1]["id"]), "spendenformular");

  // Only the create answer carries the secret and the campaigns.
  auto by_key = ParseJson(Call("GET", Path(id)));
  EXPECT_FALSE(by_key["data"].HasMember("sessionSecret"));
  EXPECT_FALSE(by_key["data"].HasMember("availableCampaigns"));
  EXPECT_EQ(Str(by_key["data"]["metadata"]["order"]), "A-17");
  EXPECT_EQ(r.body.find(secret, r.body.find(secret) + 1), std::string::npos);

  // The browser reads its session without metadata and chooses, changing its mind.
  auto read = Call("GET", Path(id), "", secret);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_FALSE(ParseJson(read)["data"].HasMember("metadata"));
  EXPECT_EQ(read.body.find("A-17"), std::string::npos);
  auto chose = Call("POST", Path(id, "/choose-campaign"), R"({"campaign":"spendenformular"})", secret);
  ASSERT_EQ(chose.status, 200) << chose.body;
  EXPECT_EQ(Str(ParseJson(chose)["data"]["campaign"]), "spendenformular");
  EXPECT_EQ(chose.body.find("A-17"), std::string::npos);
  auto changed = Call("POST", Path(id, "/choose-campaign"), R"({"campaign":"demo"})", secret);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_TRUE(ParseJson(changed)["data"]["complete"].GetBool());
  ExpectError(Call("POST", Path(id, "/choose-campaign"), R"({"campaign":"swiss"})", secret), 400,
              "donation_session/campaign_not_available");
  ExpectError(Call("POST", Path(id, "/choose-campaign"), R"({})", secret), 400, "donation_session/campaign_required");
  // The shop's key may choose too (and sees the metadata).
  auto by_shop = Call("POST", Path(id, "/choose-campaign"), R"({"campaign":"demo"})");
  ASSERT_EQ(by_shop.status, 200) << by_shop.body;
  EXPECT_EQ(Str(ParseJson(by_shop)["data"]["metadata"]["order"]), "A-17");

  // The shop confirms: one pending donation of the whole amount, once.
  auto confirmed = Call("POST", Path(id, "/confirm"));
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  auto c = ParseJson(confirmed);
  EXPECT_EQ(Str(c["data"]["status"]), "completed");
  ASSERT_EQ(c["data"]["donations"].Size(), 1u);
  const auto& donation = c["data"]["donations"][0];
  EXPECT_EQ(Str(donation["campaign"]), "demo");
  EXPECT_EQ(Str(donation["amount"]), "2.50");
  EXPECT_EQ(Str(donation["currency"]), "EUR");
  EXPECT_EQ(Str(donation["status"]), "pending");
  const std::string donation_id = Str(donation["id"]);
  auto again = ParseJson(Call("POST", Path(id, "/confirm")));
  ASSERT_EQ(again["data"]["donations"].Size(), 1u);
  EXPECT_EQ(Str(again["data"]["donations"][0]["id"]), donation_id);
  ExpectError(Call("POST", Path(id, "/choose-campaign"), R"({"campaign":"spendenformular"})", secret), 409,
              "donation_session/completed");
  auto stored = MySqlCommerceStore(app_->db().pool()).DonationsOf(id);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].amount, 250);

  auto listed = ParseJson(Call("GET", "/v1/donations?campaign=demo&status=pending&pageSize=100"));
  bool found = false;
  for (const auto& d : listed["data"].GetArray()) found = found || Str(d["id"]) == donation_id;
  EXPECT_TRUE(found);
}

TEST_F(CommerceApiTest, TheSecretOpensOnlyItsOwnSessionsReadAndChoice) {
  const Created mine = Create("portion_of_sales_choice", R"(,"metadata":{"note":"x"})");
  const Created other = Create("add_on");
  const std::string s = mine.secret;
  // Another session, even an interactive one with a secret of its own.
  ExpectError(Call("GET", Path(other.id), "", s), 403, "forbidden");
  ExpectError(Call("POST", Path(other.id, "/choose-campaign"), R"({"campaign":"demo"})", s), 403, "forbidden");
  // Every other endpoint, on its own session too.
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"GET", "/v1/donation-sessions"},
      {"POST", "/v1/donation-sessions"},
      {"PATCH", Path(mine.id)},
      {"POST", Path(mine.id, "/process")},
      {"POST", Path(mine.id, "/confirm")},
      {"POST", Path(mine.id, "/expire")},
      {"PUT", Path(mine.id, "/allocations")},
      {"GET", "/v1/donations"},
      {"GET", "/v1/mandates"},
      {"GET", "/v1/webhook-endpoints"},
  };
  for (const auto& [method, path] : refused) {
    ExpectError(Call(method, path, "{}", s), 403, "forbidden");
  }
  // A made-up secret is no better, nor is an unknown session.
  std::string forged = s;
  forged[10] = forged[10] == 'a' ? 'b' : 'a';
  ExpectError(Call("GET", Path(mine.id), "", forged), 403, "forbidden");
  ExpectError(Call("GET", Path(std::string(64, 'a')), "", s), 403, "forbidden");
  // Nothing was changed by any of it.
  auto d = ParseJson(Call("GET", Path(mine.id)));
  EXPECT_EQ(Str(d["data"]["status"]), "open");
  EXPECT_TRUE(d["data"]["campaign"].IsNull());
  EXPECT_EQ(Str(d["data"]["metadata"]["note"]), "x");
  EXPECT_TRUE(ParseJson(Call("GET", Path(other.id)))["data"]["campaign"].IsNull());
  // And its own read works.
  EXPECT_EQ(Call("GET", Path(mine.id), "", s).status, 200);
}

TEST_F(CommerceApiTest, ProcessingLocksTheChoiceAndExpiryEndsIt) {
  const Created session = Create("portion_of_sales_choice");
  ASSERT_EQ(Call("POST", Path(session.id, "/choose-campaign"), R"({"campaign":"demo"})", session.secret).status, 200);
  ASSERT_EQ(Call("POST", Path(session.id, "/process")).status, 200);
  ExpectError(Call("POST", Path(session.id, "/choose-campaign"), R"({"campaign":"spendenformular"})", session.secret),
              409, "donation_session/locked");
  ExpectError(Call("POST", Path(session.id, "/choose-campaign"), R"({"campaign":"spendenformular"})"), 409,
              "donation_session/locked");
  EXPECT_EQ(Str(ParseJson(Call("GET", Path(session.id)))["data"]["campaign"]), "demo");
  auto confirmed = ParseJson(Call("POST", Path(session.id, "/confirm")));  // processing may be confirmed
  EXPECT_EQ(Str(confirmed["data"]["donations"][0]["campaign"]), "demo");

  const Created ended = Create("add_on");
  ASSERT_EQ(Call("POST", Path(ended.id, "/choose-campaign"), R"({"campaign":"demo"})", ended.secret).status, 200);
  ASSERT_EQ(Call("POST", Path(ended.id, "/expire")).status, 200);
  ExpectError(Call("POST", Path(ended.id, "/choose-campaign"), R"({"campaign":"demo"})", ended.secret), 410,
              "donation_session/expired");
  ExpectError(Call("POST", Path(ended.id, "/confirm")), 410, "donation_session/expired");
  EXPECT_TRUE(MySqlCommerceStore(app_->db().pool()).DonationsOf(ended.id)->empty());
}

TEST_F(CommerceApiTest, PortionOfSalesAllocationsFlow) {
  const Created session = Create("portion_of_sales", "", R"(["demo","spendenformular"])", "5.00");
  EXPECT_TRUE(session.secret.empty());  // non-interactive: no secret
  const std::string put = Path(session.id, "/allocations");
  ExpectError(Call("POST", Path(session.id, "/choose-campaign"), R"({"campaign":"demo"})"), 400,
              "donation_session/wrong_type");
  ExpectError(Call("POST", Path(session.id, "/confirm")), 400, "donation_session/allocations_required");
  ExpectError(Call("PUT", put, R"({})"), 400, "donation_session/allocations_required");
  ExpectError(Call("PUT", put, R"({"allocations":[]})"), 400, "donation_session/allocations_required");
  ExpectError(Call("PUT", put, R"({"allocations":[{"campaign":"demo","amount":"1.00"}]})"), 400,
              "donation_session/invalid_allocations");  // does not add up
  ExpectError(Call("PUT", put, R"({"allocations":[{"campaign":"demo","amount":"2.50"},{"campaign":"demo","amount":"2.50"}]})"),
              400, "donation_session/invalid_allocations");  // a campaign twice
  ExpectError(Call("PUT", put, R"({"allocations":[{"campaign":"demo","amount":"5.00","currency":"CHF"}]})"), 400,
              "donation_session/invalid_allocations");  // another currency
  ExpectError(Call("PUT", put, R"({"allocations":[{"campaign":"swiss","amount":"5.00"}]})"), 400,
              "donation_session/invalid_allocations");  // not a campaign of the session
  ExpectError(Call("PUT", put, R"({"allocations":[{"campaign":"demo","amount":"five"}]})"), 400,
              "donation_session/invalid_allocations");  // bad amount
  ExpectError(Call("PUT", put, R"({"allocations":[{"campaign":"demo","amount":5}]})"), 400,
              "donation_session/invalid_allocations");  // money is a decimal string
  ExpectError(Call("PUT", put, R"({"allocations":[{"campaign":"demo","amount":"5.00"}]})", read_key_), 403,
              "forbidden");

  auto set = Call("PUT", put, R"({"allocations":[{"campaign":"demo","amount":"1.50"},{"campaign":"spendenformular","amount":"3.50"}]})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(ParseJson(set)["data"]["allocations"].Size(), 2u);
  auto replaced = Call("PUT", put, R"({"allocations":[{"campaign":"demo","amount":"4"},{"campaign":"spendenformular","amount":"1"}]})");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  auto r = ParseJson(replaced);
  EXPECT_EQ(Str(r["data"]["allocations"][0]["amount"]), "4.00");
  EXPECT_EQ(Str(r["data"]["allocations"][1]["amount"]), "1.00");
  EXPECT_TRUE(r["data"]["complete"].GetBool());

  auto confirmed = Call("POST", Path(session.id, "/confirm"));
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  auto c = ParseJson(confirmed);
  ASSERT_EQ(c["data"]["donations"].Size(), 2u);
  EXPECT_EQ(Str(c["data"]["donations"][0]["campaign"]), "demo");
  EXPECT_EQ(Str(c["data"]["donations"][0]["amount"]), "4.00");
  EXPECT_EQ(Str(c["data"]["donations"][1]["amount"]), "1.00");
  ExpectError(Call("PUT", put, R"({"allocations":[{"campaign":"demo","amount":"5.00"}]})"), 409,
              "donation_session/completed");

  const Created interactive = Create("add_on");
  ExpectError(Call("PUT", Path(interactive.id, "/allocations"), R"({"allocations":[{"campaign":"demo","amount":"3.00"}]})"),
              400, "donation_session/wrong_type");
  ExpectError(Call("POST", Path(interactive.id, "/confirm")), 400, "donation_session/campaign_required");
  const Created locked = Create("portion_of_sales");
  ASSERT_EQ(Call("POST", Path(locked.id, "/process")).status, 200);
  ExpectError(Call("PUT", Path(locked.id, "/allocations"), R"({"allocations":[{"campaign":"demo","amount":"3.00"}]})"),
              409, "donation_session/locked");
}

TEST_F(CommerceApiTest, CreateErrors) {
  auto post = [](const std::string& body) { return Call("POST", "/v1/donation-sessions", body); };
  ExpectError(post(R"({"type":"raffle","amount":"1.00","campaigns":["demo"]})"), 400, "donation_session/invalid_type");
  ExpectError(post(R"({"type":"add_on","amount":"1.00"})"), 400, "donation_session/campaigns_required");
  ExpectError(post(R"({"type":"add_on","amount":"1.00","campaigns":[]})"), 400, "donation_session/campaigns_required");
  ExpectError(post(R"({"type":"add_on","amount":"1.00","campaigns":["demo","nope"]})"), 400,
              "donation_session/campaign_not_available");
  ExpectError(post(R"({"type":"portion_of_sales","amount":"1.00","campaigns":["demo","swiss"]})"), 400,
              "donation_session/campaign_not_available");  // CHF in an EUR session
  ExpectError(post(R"({"type":"add_on","campaigns":["demo"]})"), 400, "bad_request");  // no amount
  ExpectError(post(R"({"type":"add_on","amount":1,"campaigns":["demo"]})"), 400, "bad_request");
  ExpectError(post(R"({"type":"add_on","amount":"0","campaigns":["demo"]})"), 400, "bad_request");
  ExpectError(post(R"({"type":"add_on","amount":"1.00","campaigns":["demo"],"formId":"nope"})"), 404,
              "donation_session/form_not_found");
  ExpectError(post(R"({"formId":"demo","values":{"amount":"10"},"campaigns":["demo"]})"), 400, "bad_request");
  // PATCH takes a commerce session's metadata, never form values.
  const Created made = Create("add_on");
  ExpectError(Call("PATCH", Path(made.id), R"({"values":{"amount":"50"}})"), 400, "bad_request");
  auto patched = Call("PATCH", Path(made.id), R"({"metadata":{"basket":"B-1"}})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(ParseJson(patched)["data"]["values"].MemberCount(), 0u);
  EXPECT_EQ(Str(ParseJson(patched)["data"]["amount"]), "3.00");
  // A sandbox commerce session: its donations are sandbox donations.
  const Created sandbox = Create("add_on", R"(,"sandbox":true)");
  auto sb = ParseJson(Call("GET", Path(sandbox.id)));
  EXPECT_TRUE(sb["data"]["sandbox"].GetBool());
  ASSERT_EQ(Call("POST", Path(sandbox.id, "/choose-campaign"), R"({"campaign":"demo"})", sandbox.secret).status, 200);
  auto sc = ParseJson(Call("POST", Path(sandbox.id, "/confirm")));
  EXPECT_TRUE(sc["data"]["donations"][0]["sandbox"].GetBool());
  // A CHF session of the CHF form.
  auto swiss = post(R"({"type":"add_on","amount":"4.20","campaigns":["swiss"]})");
  ASSERT_EQ(swiss.status, 201) << swiss.body;
  EXPECT_EQ(Str(ParseJson(swiss)["data"]["currency"]), "CHF");
}

// A commerce session's money is taken by the shop's checkout: through the form
// API (and so the hosted page) nobody can fill its amount, complete it or pay it.
TEST_F(CommerceApiTest, TheFormApiCannotCompleteOrPayACommerceSession) {
  const Created session = Create("add_on");
  const std::string fields =
      "&payment[amount]=50&payment[payment_method]=bank_transfer&payment[first_name]=Beate"
      "&payment[last_name]=Spender&payment[email]=beate@example.org";
  auto update = app_->client().Post("/app/updateSession",
                                    "hash=demo_live_hash_0001&fbSessionHash=" + session.id + fields);
  ASSERT_EQ(update.status, 200) << update.body;
  auto u = ParseJson(update);
  EXPECT_TRUE(u["session"]["errors"]["current_fields"].HasMember("amount")) << update.body;  // locked
  auto pay = app_->client().Post(
      "/app/payment", "hash=demo_live_hash_0001&ip=203.0.113.9&fbSessionHash=" + session.id + fields);
  EXPECT_NE(pay.body.find("error 201"), std::string::npos) << pay.body;  // session incomplete
  auto fix = app_->client().Post("/app/updateSession",
                                 "hash=demo_live_hash_0001&fbSessionHash=" + session.id + "&payment[amount_fix]=50");
  EXPECT_TRUE(ParseJson(fix)["session"]["errors"]["current_fields"].HasMember("amount")) << fix.body;

  auto read = ParseJson(Call("GET", Path(session.id)));
  EXPECT_EQ(Str(read["data"]["status"]), "open");
  EXPECT_FALSE(read["data"]["values"].HasMember("amount"));
  EXPECT_EQ(read["data"]["fixedValues"].MemberCount(), 0u);
  EXPECT_EQ(Str(read["data"]["amount"]), "3.00");
  // The shop's flow is untouched.
  ASSERT_EQ(Call("POST", Path(session.id, "/choose-campaign"), R"({"campaign":"demo"})", session.secret).status, 200);
  auto confirmed = ParseJson(Call("POST", Path(session.id, "/confirm")));
  EXPECT_EQ(confirmed["data"]["donations"].Size(), 1u);
}

TEST_F(CommerceApiTest, ConcurrentConfirmsConfirmOnce) {
  for (int round = 0; round < 3; ++round) {
    const Created session = Create("portion_of_sales");
    ASSERT_EQ(Call("PUT", Path(session.id, "/allocations"),
                   R"({"allocations":[{"campaign":"demo","amount":"1.00"},{"campaign":"spendenformular","amount":"2.00"}]})")
                  .status,
              200);
    constexpr int kThreads = 8;
    std::vector<std::string> answers(kThreads);
    std::vector<int> statuses(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        auto r = Call("POST", Path(session.id, "/confirm"));
        statuses[t] = r.status;
        answers[t] = r.body;
      });
    }
    for (auto& t : threads) t.join();
    std::set<std::string> ids;
    for (int t = 0; t < kThreads; ++t) {
      ASSERT_EQ(statuses[t], 200) << answers[t];
      rapidjson::Document d;
      d.Parse(answers[t].c_str());
      ASSERT_EQ(d["data"]["donations"].Size(), 2u) << answers[t];
      for (const auto& donation : d["data"]["donations"].GetArray()) ids.insert(Str(donation["id"]));
    }
    EXPECT_EQ(ids.size(), 2u);  // every answer names the same two donations
    auto stored = MySqlCommerceStore(app_->db().pool()).DonationsOf(session.id);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->size(), 2u);
  }
}

TEST_F(CommerceApiTest, DonationsAreListedWithCursorPagination) {
  // A campaign of its own so other tests' donations do not count: the swiss form.
  std::set<std::string> made;
  for (int i = 0; i < 5; ++i) {
    const Created s = Create("add_on", "", R"(["swiss"])", "1.00");
    ASSERT_EQ(Call("POST", Path(s.id, "/choose-campaign"), R"({"campaign":"swiss"})", s.secret).status, 200);
    auto c = ParseJson(Call("POST", Path(s.id, "/confirm")));
    made.insert(Str(c["data"]["donations"][0]["id"]));
  }
  std::set<std::string> walked;
  std::string target = "/v1/donations?campaign=swiss&pageSize=2";
  int pages = 0;
  while (!target.empty() && pages < 10) {
    auto r = Call("GET", target);
    ASSERT_EQ(r.status, 200) << r.body;
    auto d = ParseJson(r);
    EXPECT_EQ(d["totalResults"].GetInt(), 5);
    EXPECT_EQ(Str(d["object"]), "list");
    for (const auto& donation : d["data"].GetArray()) {
      EXPECT_EQ(Str(donation["campaign"]), "swiss");
      EXPECT_EQ(Str(donation["currency"]), "CHF");
      EXPECT_TRUE(walked.insert(Str(donation["id"])).second);
    }
    ++pages;
    if (d["_links"]["next"].IsNull()) {
      target.clear();
    } else {
      const std::string href = Str(d["_links"]["next"]["href"]);
      target = href.substr(href.find("/v1/"));
      EXPECT_NE(target.find("campaign=swiss"), std::string::npos);
    }
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(walked, made);
  ExpectError(Call("GET", "/v1/donations?status=paid"), 400, "bad_request");
  ExpectError(Call("GET", "/v1/donations?colour=red"), 400, "bad_request");
  EXPECT_EQ(Call("GET", "/v1/donations", "", read_key_).status, 200);
  ExpectError(Call("GET", "/v1/donations", "", ""), 401, "unauthorized");
}

}  // namespace
}  // namespace prefill
