// /app/payment and the sandbox PayPal approval page over real HTTP against the
// real MariaDB (SPEC sections 3, 4 and 5): every row of the sandbox test-value
// table, one-step mode, exactly-once under concurrent requests, approval and
// cancellation, and the numbered errors.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
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

std::string NextYear() {
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return std::to_string(static_cast<int>(today.year()) + 1);
}

// payment[...] parameters of a complete demo donor paying with `method`.
std::string Donor(const std::string& method, const std::string& value = "") {
  std::string p = "payment%5Bamount%5D=12,5&payment%5Bfirst_name%5D=Beate&payment%5Blast_name%5D=Muster"
                  "&payment%5Bemail%5D=beate%40example.org&payment%5Bpayment_method%5D=" + method;
  if (method == "sepa_direct_debit") {
    p += "&payment%5Bbank_account_owner%5D=Beate+Muster&payment%5Bbank_iban%5D=" + UrlEncode(value);
  } else if (method == "credit_card") {
    p += "&payment%5Bcredit_card_token%5D=" + UrlEncode(value) +
         "&payment%5Bcredit_card_expire_date_month%5D=12&payment%5Bcredit_card_expire_date_year%5D=" + NextYear();
  }
  return p;
}

class PaymentApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    AppConfig config;
    config.threads = 16;
    app_ = new TestApp("payment_api", config);
  }
  static void TearDownTestSuite() {
    delete app_;
    app_ = nullptr;
  }

  static ClientResponse Post(const std::string& path, const std::string& body) { return app_->client().Post(path, body); }
  static ClientResponse Get(const std::string& target) { return app_->client().Get(target); }

  static std::string Create(const std::string& fields, const char* hash = kSandbox) {
    return app_->CreateFormSession(hash, fields);
  }
  static ClientResponse Pay(const std::string& session, const char* hash = kSandbox, const std::string& extra = "") {
    return Post("/app/payment", std::string("hash=") + hash + "&fbSessionHash=" + session + "&ip=203.0.113.9" + extra);
  }
  static ClientResponse Read(const std::string& session, const char* hash = kSandbox) {
    return Get(std::string("/app/updateSession?hash=") + hash + "&fbSessionHash=" + session);
  }
  static std::string Query(const std::string& sql) { return app_->db().QueryString(sql); }
  // The relative path of an absolute URL on this server.
  static std::string PathOf(const std::string& url) {
    const std::string base = app_->app().public_base_url();
    EXPECT_EQ(url.rfind(base, 0), 0u) << url << " is not on " << base;
    return url.substr(base.size());
  }

  // Pays a fresh sandbox session of `method`/`value`; checks the common shape.
  static rapidjson::Document PayNew(const std::string& method, const std::string& value, std::string* session) {
    *session = Create(Donor(method, value));
    auto r = Pay(*session);
    EXPECT_EQ(r.status, 200) << r.body;
    auto d = ParseJson(r);
    EXPECT_EQ(Str(d["status"]), "success");
    EXPECT_TRUE(d["errors"]["current_fields"].IsObject());
    EXPECT_TRUE(d["errors"]["globals"].IsArray());
    // Nothing secret ever leaves in a payment answer.
    EXPECT_EQ(r.body.find("0532013000"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("tok_sandbox"), std::string::npos) << r.body;
    return d;
  }

  static void ExpectDeclined(const std::string& method, const std::string& value, const std::string& reason) {
    std::string session;
    auto d = PayNew(method, value, &session);
    EXPECT_EQ(Str(d["payment_status"]), "error");
    ASSERT_EQ(d["errors"]["globals"].Size(), 1u);
    EXPECT_EQ(Str(d["errors"]["globals"][0]), reason);
    EXPECT_TRUE(d["redirect_url"].IsNull());
    EXPECT_EQ(Str(d["transaction"]["status"]), "failed");
    EXPECT_EQ(Str(d["transaction"]["failure_reason"]), reason);
    const std::string id = Str(d["transaction"]["id"]);
    EXPECT_EQ(Query("SELECT status FROM transactions WHERE id = '" + id + "'"), "failed");
    // Open again: the donor may correct and retry.
    auto read = Read(session);
    EXPECT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(Query("SELECT state FROM sessions WHERE hash = '" + session + "'"), "open");
  }

  static TestApp* app_;
};
TestApp* PaymentApiTest::app_ = nullptr;

// ---- the test-value table ------------------------------------------------------

TEST_F(PaymentApiTest, SepaStandardTestIbanIsConfirmed) {
  std::string session;
  auto d = PayNew("sepa_direct_debit", "DE89 3704 0044 0532 0130 00", &session);
  EXPECT_EQ(Str(d["payment_status"]), "confirmed");
  EXPECT_TRUE(d["redirect_url"].IsNull());
  EXPECT_EQ(d["errors"]["globals"].Size(), 0u);
  const auto& t = d["transaction"];
  EXPECT_EQ(Str(t["id"]).size(), 36u);
  EXPECT_EQ(Str(t["amount"]), "12.50");
  EXPECT_EQ(Str(t["currency"]), "EUR");
  EXPECT_EQ(Str(t["payment_method"]), "sepa_direct_debit");
  EXPECT_EQ(Str(t["status"]), "confirmed");
  EXPECT_TRUE(t["is_test"].GetBool());
  EXPECT_EQ(Str(t["masked_iban"]), "****3000");
  EXPECT_EQ(Str(t["provider_reference"]).rfind("sbx_sepa_", 0), 0u);
  EXPECT_TRUE(t["instructions"].IsNull());
  EXPECT_EQ(Str(t["created_at"]).size(), 20u);
  EXPECT_FALSE(t.HasMember("credit_card_token"));

  // The row: confirmed, masked, test; the session completed and answering 202.
  const std::string id = Str(t["id"]);
  EXPECT_EQ(Query("SELECT CONCAT_WS('|', session_hash, amount, currency, status, is_test, masked_iban) "
                  "FROM transactions WHERE id = '" + id + "'"),
            session + "|12.50|EUR|confirmed|1|****3000");
  EXPECT_EQ(Query("SELECT state FROM sessions WHERE hash = '" + session + "'"), "completed");
  auto read = Read(session);
  EXPECT_EQ(read.status, 409);
  EXPECT_NE(read.body.find("error 202"), std::string::npos) << read.body;
  auto again = Pay(session);
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("error 202"), std::string::npos) << again.body;
  EXPECT_EQ(Query("SELECT COUNT(*) FROM transactions WHERE session_hash = '" + session + "'"), "1");
}

TEST_F(PaymentApiTest, AnyOtherValidIbanIsConfirmed) {
  std::string session;
  auto d = PayNew("sepa_direct_debit", "AT611904300234573201", &session);
  EXPECT_EQ(Str(d["payment_status"]), "confirmed");
  EXPECT_EQ(Str(d["transaction"]["masked_iban"]), "****3201");
}

TEST_F(PaymentApiTest, MandateRefusedIban) { ExpectDeclined("sepa_direct_debit", "DE02120300000000202051", "mandate refused"); }

TEST_F(PaymentApiTest, CardTokenOkIsConfirmed) {
  std::string session;
  auto d = PayNew("credit_card", "tok_sandbox_ok", &session);
  EXPECT_EQ(Str(d["payment_status"]), "confirmed");
  EXPECT_TRUE(d["transaction"]["masked_iban"].IsNull());
  EXPECT_EQ(Str(d["transaction"]["provider_reference"]).rfind("sbx_card_", 0), 0u);
}

TEST_F(PaymentApiTest, CardDeclined) { ExpectDeclined("credit_card", "tok_sandbox_declined", "card declined"); }

TEST_F(PaymentApiTest, ProviderUnavailable) {
  ExpectDeclined("credit_card", "tok_sandbox_unavailable", "provider unavailable, try again");
}

TEST_F(PaymentApiTest, BankTransferIsConfirmedWithInstructions) {
  std::string session;
  auto d = PayNew("bank_transfer", "", &session);
  EXPECT_EQ(Str(d["payment_status"]), "confirmed");
  const auto& how = d["transaction"]["instructions"];
  ASSERT_TRUE(how.IsObject()) << "instructions missing";
  EXPECT_EQ(Str(how["iban"]), "DE44500105175407324931");
  EXPECT_EQ(Str(how["bic"]), "INGDDEFFXXX");
  EXPECT_EQ(Str(how["amount"]), "12.50");
  EXPECT_EQ(Str(how["reference"]).rfind("PREFILL ", 0), 0u);
  EXPECT_FALSE(Str(how["account_holder"]).empty());
  const std::string id = Str(d["transaction"]["id"]);
  EXPECT_EQ(Query("SELECT transfer_reference FROM transactions WHERE id = '" + id + "'"), Str(how["reference"]));
}

TEST_F(PaymentApiTest, FailedAttemptsPerSessionAreCapped) {
  // Issue 16: 50 declined retries on one session were all sent to the processor.
  const std::string session = Create(Donor("credit_card", "tok_sandbox_declined"));
  const std::string ip = "&ip=198.51.100.21";
  for (int i = 0; i < 5; ++i) {
    auto r = Post("/app/payment", std::string("hash=") + kSandbox + "&fbSessionHash=" + session + ip);
    ASSERT_EQ(r.status, 200) << i << ": " << r.body;
    EXPECT_EQ(Str(ParseJson(r)["payment_status"]), "error");
  }
  auto refused = Post("/app/payment", std::string("hash=") + kSandbox + "&fbSessionHash=" + session + ip);
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_NE(refused.body.find("error 109"), std::string::npos) << refused.body;
  int retry_after = std::atoi(refused.header("retry-after").c_str());
  EXPECT_GT(retry_after, 3000);  // the oldest failure leaves the hour-long window
  EXPECT_LE(retry_after, 3600);
  // Refused before the processor: no sixth attempt.
  EXPECT_EQ(Query("SELECT COUNT(*) FROM transactions WHERE session_hash = '" + session + "'"), "5");
  auto metrics = Get("/metrics");
  EXPECT_NE(metrics.body.find("prefill_payments_throttled_total{scope=\"session\"}"), std::string::npos);
}

TEST_F(PaymentApiTest, FailedAttemptsPerClientAreCappedAcrossSessions) {
  // Issue 16: 2,000 declined one-step payments from one client were all processed.
  const std::string one_step = std::string("hash=") + kSandbox + "&ip=198.51.100.22&" + Donor("credit_card", "tok_sandbox_declined");
  for (int i = 0; i < 20; ++i) {
    auto r = Post("/app/payment", one_step);
    ASSERT_EQ(r.status, 200) << i << ": " << r.body;
    EXPECT_EQ(Str(ParseJson(r)["payment_status"]), "error");
  }
  auto refused = Post("/app/payment", one_step);
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_NE(refused.body.find("error 109"), std::string::npos) << refused.body;
  // A fresh session from that client is refused too; another client is not.
  const std::string session = Create(Donor("credit_card", "tok_sandbox_ok"));
  EXPECT_EQ(Post("/app/payment", std::string("hash=") + kSandbox + "&fbSessionHash=" + session + "&ip=198.51.100.22").status, 429);
  auto other = Post("/app/payment", std::string("hash=") + kSandbox + "&fbSessionHash=" + session + "&ip=198.51.100.23");
  EXPECT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(Str(ParseJson(other)["payment_status"]), "confirmed");
}

TEST_F(PaymentApiTest, DeclinedCardCanBeCorrectedAndPaid) {
  const std::string session = Create(Donor("credit_card", "tok_sandbox_declined"));
  EXPECT_EQ(Str(ParseJson(Pay(session))["payment_status"]), "error");
  auto fixed = Post("/app/updateSession", std::string("hash=") + kSandbox + "&fbSessionHash=" + session +
                                              "&payment%5Bcredit_card_token%5D=tok_sandbox_ok");
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  auto paid = Pay(session);
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(Str(ParseJson(paid)["payment_status"]), "confirmed");
  EXPECT_EQ(Query("SELECT GROUP_CONCAT(status ORDER BY created_at) FROM transactions WHERE session_hash = '" +
                  session + "'"),
            "failed,confirmed");
}

// ---- PayPal ------------------------------------------------------------------

TEST_F(PaymentApiTest, PaypalAwaitingThenApprovalCompletesTheSession) {
  const std::string session = Create(Donor("paypal"));
  auto r = Pay(session, kSandbox, "&success_redirect_url=" + UrlEncode("https://shop.example/thanks?o=1") +
                                      "&failure_redirect_url=" + UrlEncode("https://shop.example/sorry"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = ParseJson(r);
  EXPECT_EQ(Str(d["payment_status"]), "awaiting");
  EXPECT_EQ(Str(d["transaction"]["status"]), "awaiting");
  const std::string id = Str(d["transaction"]["id"]);
  const std::string path = PathOf(Str(d["redirect_url"]));
  EXPECT_EQ(path, "/sandbox/paypal/" + id);

  // While awaiting: locked for the donor and for a second payment.
  EXPECT_NE(Read(session).body.find("error 207"), std::string::npos);
  EXPECT_NE(Pay(session).body.find("error 207"), std::string::npos);

  auto page = Get(path);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("action=\"/sandbox/paypal/" + id + "/approve\""), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("action=\"/sandbox/paypal/" + id + "/cancel\""), std::string::npos);
  EXPECT_NE(page.body.find("12.50 EUR"), std::string::npos);

  auto approved = Post(path + "/approve", "");
  EXPECT_EQ(approved.status, 303);
  EXPECT_EQ(approved.header("location"), "https://shop.example/thanks?o=1");
  EXPECT_EQ(Query("SELECT status FROM transactions WHERE id = '" + id + "'"), "confirmed");
  auto read = Read(session);
  EXPECT_EQ(read.status, 409);
  EXPECT_NE(read.body.find("error 202"), std::string::npos) << read.body;

  // Approving again is harmless; cancelling now is too late.
  EXPECT_EQ(Post(path + "/approve", "").status, 303);
  auto late_cancel = Post(path + "/cancel", "");
  EXPECT_EQ(late_cancel.status, 409);
  EXPECT_NE(late_cancel.body.find("Payment approved"), std::string::npos);
  EXPECT_EQ(Query("SELECT status FROM transactions WHERE id = '" + id + "'"), "confirmed");
  // The page now shows the result instead of the buttons.
  auto after = Get(path);
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.body.find("/approve"), std::string::npos);
}

TEST_F(PaymentApiTest, PaypalCancelReopensTheSession) {
  const std::string session = Create(Donor("paypal"));
  auto d = ParseJson(Pay(session, kSandbox, "&failure_redirect_url=" + UrlEncode("http://shop.example/sorry")));
  const std::string id = Str(d["transaction"]["id"]);
  auto cancelled = Post("/sandbox/paypal/" + id + "/cancel", "");
  EXPECT_EQ(cancelled.status, 303);
  EXPECT_EQ(cancelled.header("location"), "http://shop.example/sorry");
  EXPECT_EQ(Query("SELECT CONCAT(status, '|', failure_reason) FROM transactions WHERE id = '" + id + "'"),
            "cancelled|cancelled by donor");
  auto read = Read(session);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(Str(ParseJson(read)["session"]["status"]), "complete");
  EXPECT_EQ(Post("/sandbox/paypal/" + id + "/approve", "").status, 409);

  // A new attempt is a new transaction.
  auto again = ParseJson(Pay(session));
  EXPECT_EQ(Str(again["payment_status"]), "awaiting");
  EXPECT_NE(Str(again["transaction"]["id"]), id);
}

TEST_F(PaymentApiTest, ApprovalWithoutRedirectUrlsShowsAnEscapedResultPage) {
  const std::string session = Create(Donor("paypal"));
  const std::string id = Str(ParseJson(Pay(session))["transaction"]["id"]);
  auto approved = Post("/sandbox/paypal/" + id + "/approve", "");
  EXPECT_EQ(approved.status, 200);
  EXPECT_EQ(approved.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(approved.body.find("Payment approved"), std::string::npos);
  EXPECT_EQ(approved.header("x-frame-options"), "DENY");
}

TEST_F(PaymentApiTest, ResultPageEscapesTheShopUrl) {
  const std::string session = Create(Donor("paypal"));
  const std::string url = "https://shop.example/back?a=1&b='x'";
  const std::string id = Str(ParseJson(Pay(session, kSandbox, "&success_redirect_url=" + UrlEncode(url)))["transaction"]["id"]);
  ASSERT_EQ(Post("/sandbox/paypal/" + id + "/approve", "").status, 303);
  auto page = Get("/sandbox/paypal/" + id);
  EXPECT_NE(page.body.find("https://shop.example/back?a=1&amp;b=&#39;x&#39;"), std::string::npos) << page.body;
  EXPECT_EQ(page.body.find("b='x'"), std::string::npos);
}

TEST_F(PaymentApiTest, ApprovalPageRefusesUnknownAndNonPaypalTransactions) {
  EXPECT_EQ(Get("/sandbox/paypal/00000000-0000-4000-8000-000000000000").status, 404);
  EXPECT_EQ(Post("/sandbox/paypal/00000000-0000-4000-8000-000000000000/approve", "").status, 404);
  auto odd = Get("/sandbox/paypal/%3Cscript%3E");
  EXPECT_EQ(odd.status, 404);
  EXPECT_EQ(odd.body.find("<script>"), std::string::npos);
  std::string session;
  auto card = PayNew("credit_card", "tok_sandbox_ok", &session);
  const std::string id = Str(card["transaction"]["id"]);
  EXPECT_EQ(Get("/sandbox/paypal/" + id).status, 404);
  EXPECT_EQ(Post("/sandbox/paypal/" + id + "/cancel", "").status, 404);
  EXPECT_EQ(Query("SELECT status FROM transactions WHERE id = '" + id + "'"), "confirmed");
}

// ---- exactly once ---------------------------------------------------------------

TEST_F(PaymentApiTest, TenConcurrentPaymentsOfOneSessionConfirmExactlyOnce) {
  const std::string session = Create(Donor("credit_card", "tok_sandbox_ok"));
  std::atomic<bool> go{false};
  std::mutex mu;
  std::map<std::string, int> answers;
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&] {
      while (!go.load()) std::this_thread::yield();
      auto r = Pay(session);
      std::string key = std::to_string(r.status);
      if (r.status == 200) key += " " + Str(ParseJson(r)["payment_status"]);
      if (r.body.find("error 202") != std::string::npos) key += " 202";
      if (r.body.find("error 207") != std::string::npos) key += " 207";
      std::lock_guard<std::mutex> lock(mu);
      ++answers[key];
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(answers["200 confirmed"], 1);
  EXPECT_EQ(answers["409 202"] + answers["409 207"], 9);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM transactions WHERE session_hash = '" + session + "'"), "1");
  EXPECT_EQ(Query("SELECT status FROM transactions WHERE session_hash = '" + session + "'"), "confirmed");
  EXPECT_EQ(Query("SELECT state FROM sessions WHERE hash = '" + session + "'"), "completed");
}

// ---- one-step mode ----------------------------------------------------------------

TEST_F(PaymentApiTest, OneStepModeCreatesAndPays) {
  auto r = Post("/app/payment", std::string("hash=") + kSandbox + "&ip=2001:db8::1&" +
                                    Donor("sepa_direct_debit", "DE89370400440532013000"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = ParseJson(r);
  EXPECT_EQ(Str(d["payment_status"]), "confirmed");
  const std::string session = Str(d["session_hash"]);
  EXPECT_EQ(session.size(), 64u);
  EXPECT_EQ(Query("SELECT state FROM sessions WHERE hash = '" + session + "'"), "completed");
  EXPECT_EQ(r.body.find("0532013000"), std::string::npos);
}

TEST_F(PaymentApiTest, OneStepModeAcceptsAJsonBody) {
  auto r = app_->client().Post(
      "/app/payment",
      std::string(R"({"hash":")") + kSandbox +
          R"(","ip":"198.51.100.4","payment":{"amount":"30","first_name":"Jo","last_name":"Doe",)"
          R"("email":"jo@example.org","payment_method":"bank_transfer"}})",
      "application/json");
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = ParseJson(r);
  EXPECT_EQ(Str(d["payment_status"]), "confirmed");
  EXPECT_EQ(Str(d["transaction"]["amount"]), "30.00");
}

TEST_F(PaymentApiTest, OneStepModeWithMissingValuesReportsThem) {
  auto r = Post("/app/payment", std::string("hash=") + kSandbox +
                                    "&ip=198.51.100.4&payment%5Bamount%5D=5&payment%5Bemail%5D=broken");
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = ParseJson(r);
  EXPECT_EQ(Str(d["payment_status"]), "error");
  EXPECT_TRUE(d["transaction"].IsNull());
  EXPECT_EQ(Str(d["errors"]["current_fields"]["email"]), "Invalid e-mail address");
  EXPECT_TRUE(d["errors"]["other_fields"].HasMember("last_name"));
  EXPECT_EQ(Str(d["errors"]["globals"][0]), "session incomplete");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM transactions WHERE session_hash = '" + Str(d["session_hash"]) + "'"), "0");

  auto empty = Post("/app/payment", std::string("hash=") + kSandbox + "&ip=198.51.100.4");
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.body.find("error 205"), std::string::npos) << empty.body;
}

// ---- refusals ------------------------------------------------------------------------

TEST_F(PaymentApiTest, MissingOrInvalidIpIs110) {
  const std::string session = Create(Donor("credit_card", "tok_sandbox_ok"));
  for (const std::string& ip : std::vector<std::string>{"", "&ip=", "&ip=localhost", "&ip=999.1.1.1", "&ip=1.2.3.4%3Cscript%3E"}) {
    auto r = Post("/app/payment", std::string("hash=") + kSandbox + "&fbSessionHash=" + session + ip);
    EXPECT_EQ(r.status, 400) << ip;
    EXPECT_EQ(r.body, R"({"status":"error","error":"error 110: ip required"})") << ip;
  }
  EXPECT_EQ(Query("SELECT state FROM sessions WHERE hash = '" + session + "'"), "open");
}

TEST_F(PaymentApiTest, IncompleteSessionIs201) {
  const std::string session = Create("payment%5Bamount%5D=5&payment%5Bpayment_method%5D=credit_card");
  auto r = Pay(session);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("error 201"), std::string::npos) << r.body;
  EXPECT_EQ(Read(session).status, 200);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM transactions WHERE session_hash = '" + session + "'"), "0");
}

TEST_F(PaymentApiTest, LiveSessionWithoutLiveProcessorIsAClearError) {
  const std::string session = Create(Donor("credit_card", "tok_sandbox_ok"), kLive);
  auto r = Pay(session, kLive);
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = ParseJson(r);
  EXPECT_EQ(Str(d["payment_status"]), "error");
  EXPECT_TRUE(d["transaction"].IsNull());
  EXPECT_TRUE(d["redirect_url"].IsNull());
  ASSERT_EQ(d["errors"]["globals"].Size(), 1u);
  EXPECT_EQ(Str(d["errors"]["globals"][0]), "no live payment processor configured");
  EXPECT_EQ(Read(session, kLive).status, 200);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM transactions WHERE session_hash = '" + session + "'"), "0");
}

TEST_F(PaymentApiTest, UnknownForeignAndExpiredSessions) {
  auto unknown = Pay("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("error 203"), std::string::npos);
  // A session of the demo form is not visible through another form's hash.
  const std::string session = Create(Donor("credit_card", "tok_sandbox_ok"));
  auto foreign = Pay(session, "spendenformular_live_0001");
  EXPECT_NE(foreign.body.find("error 203"), std::string::npos) << foreign.body;

  app_->db().Execute("UPDATE sessions SET expires_at = '2000-01-01 00:00:00' WHERE hash = '" + session + "'");
  auto expired = Pay(session);
  EXPECT_EQ(expired.status, 410);
  EXPECT_NE(expired.body.find("error 206"), std::string::npos) << expired.body;
  EXPECT_EQ(Query("SELECT COUNT(*) FROM transactions WHERE session_hash = '" + session + "'"), "0");
}

TEST_F(PaymentApiTest, InvalidRedirectUrlsAreRefusedBeforeAnything) {
  const std::string session = Create(Donor("credit_card", "tok_sandbox_ok"));
  for (const std::string& url : std::vector<std::string>{
           "javascript:alert(1)", "ftp://shop.example/", "//shop.example/", "https://", "https:///path",
           "https://shop.example/a b", "https://shop.example/\"x\"", "https://shop.example/ok\r\nSet-Cookie: a=b",
           "https://shop.example/\tx", "https://user:pw@shop.example/ok", "https://shop.example@evil.example/",
           std::string("https://shop.example/") + std::string(2100, 'a'),
           // Well-formed, but not an origin the demo form allows (allowed_redirect_origins).
           "https://evil.example/thanks", "https://shop.example.evil.example/", "https://shop.example:8443/ok"}) {
    for (const char* name : {"success_redirect_url", "failure_redirect_url"}) {
      auto r = Pay(session, kSandbox, std::string("&") + name + "=" + UrlEncode(url));
      ASSERT_EQ(r.status, 400) << url << " " << r.body;
      auto d = ParseJson(r);
      EXPECT_EQ(Str(d["error"]), "error 111: redirect url not allowed") << url;
      EXPECT_EQ(Str(d["reason"]).rfind(std::string(name) + " ", 0), 0u) << r.body;
    }
  }
  auto foreign = ParseJson(Pay(session, kSandbox, "&success_redirect_url=" + UrlEncode("https://evil.example/x")));
  EXPECT_EQ(Str(foreign["reason"]),
            "success_redirect_url is not allowed: https://evil.example is not one of the form's allowed_redirect_origins");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM transactions WHERE session_hash = '" + session + "'"), "0");
  EXPECT_EQ(Str(ParseJson(Pay(session))["payment_status"]), "confirmed");
}

TEST_F(PaymentApiTest, OnlyPostIsAllowed) {
  auto r = Get(std::string("/app/payment?hash=") + kSandbox);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "POST");
}

TEST_F(PaymentApiTest, FormResolutionErrorsComeFirst) {
  auto no_hash = Post("/app/payment", "ip=1.2.3.4");
  EXPECT_NE(no_hash.body.find("error 105"), std::string::npos) << no_hash.body;
  auto unknown = Post("/app/payment", "hash=nope_nope_nope_nope&ip=1.2.3.4");
  EXPECT_NE(unknown.body.find("error 106"), std::string::npos) << unknown.body;
}

}  // namespace
}  // namespace prefill
