// Live card and PayPal payments end to end: a whole Prefill server (TestApp,
// real MariaDB) whose processors file points at local fake providers
// (FakeStripe, FakePaypal), driven over HTTP like a shop and a donor would.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/fault_point.h"
#include "payments/payment_service.h"
#include "providers/stripe_webhook.h"
#include "support/fake_paypal.h"
#include "support/fake_stripe.h"
#include "support/prefill_process.h"
#include "support/test_app.h"

namespace prefill {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ClientResponse;
using testing::FakePaypal;
using testing::FakeStripe;
using testing::ParseJson;
using testing::Str;
using testing::TestApp;
using testing::UrlEncode;

constexpr char kLive[] = "demo_live_hash_0001";
const Secret kWebhookSecret("whsec_live_test");

// A forms directory with the demo form routed to the fakes' accounts, and the
// processors file naming them.
class LiveSetup {
 public:
  LiveSetup(const FakeStripe& stripe, const FakePaypal& paypal)
      : dir_(fs::temp_directory_path() / ("prefill_live_" + std::to_string(getpid()) + "_" + std::to_string(++count_))) {
    fs::create_directories(dir_ / "forms");
    std::ifstream in(std::string(PREFILL_SOURCE_DIR) + "/forms/demo.json");
    std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    json.replace(json.find("\"id\": \"demo\","), 13,
                 R"("id": "demo", "live_processors": {"credit_card": "gr-stripe", "paypal": "gr-paypal"},)");
    std::ofstream(dir_ / "forms" / "demo.json") << json;
    std::ofstream(dir_ / "processors.json")
        << R"({"gr-stripe": {"provider": "stripe", "secret_key": "sk_test_fake", "publishable_key": "pk_test_fake", "webhook_secret": ")"
        << kWebhookSecret.reveal() << R"(", "api_base": ")" << stripe.base_url() << R"("},
              "gr-paypal": {"provider": "paypal", "client_id": "pp-client", "client_secret": "pp-secret",
                            "webhook_id": "WH-FAKE-1", "api_base": ")" << paypal.base_url() << R"("}})";
  }
  ~LiveSetup() { fs::remove_all(dir_); }
  AppConfig Config() const {
    AppConfig config;
    config.forms_dir = (dir_ / "forms").string();
    config.processors_file = (dir_ / "processors.json").string();
    config.reconcile_interval = 100ms;
    config.reconcile_after = 60s;
    return config;
  }
  std::string forms() const { return (dir_ / "forms").string(); }
  std::string processors() const { return (dir_ / "processors.json").string(); }

 private:
  static inline int count_ = 0;
  fs::path dir_;
};

std::string Donor(const std::string& method, const std::string& token = "") {
  const int year = static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(
                                         std::chrono::system_clock::now())}.year()) + 1;
  std::string fields = "payment%5Bamount%5D=12,5&payment%5Bfirst_name%5D=Beate&payment%5Blast_name%5D=Muster"
                       "&payment%5Bemail%5D=beate%40example.org&payment%5Bpayment_method%5D=" + method;
  if (!token.empty()) {
    fields += "&payment%5Bcredit_card_token%5D=" + UrlEncode(token) +
              "&payment%5Bcredit_card_expire_date_month%5D=12&payment%5Bcredit_card_expire_date_year%5D=" +
              std::to_string(year);
  }
  return fields;
}

class LivePaymentsTest : public ::testing::Test {
 protected:
  LivePaymentsTest() : setup_(stripe_, paypal_), app_("live_payments", setup_.Config()) {}

  ClientResponse Pay(const std::string& session) {
    return app_.client().Post("/app/payment", std::string("hash=") + kLive + "&fbSessionHash=" + session +
                                                  "&ip=203.0.113.9&success_redirect_url=" +
                                                  UrlEncode("https://shop.example/thanks") +
                                                  "&failure_redirect_url=" + UrlEncode("https://shop.example/sorry"));
  }
  std::string State(const std::string& hash) {
    return app_.db().QueryString("SELECT state FROM sessions WHERE hash = '" + hash + "'");
  }
  std::string StatusOf(const std::string& id) {
    return app_.db().QueryString("SELECT status FROM transactions WHERE id = '" + id + "'");
  }
  ClientResponse Webhook(const std::string& body, const std::string& signature) {
    return app_.client().Send("POST", "/webhooks/stripe/gr-stripe", body,
                              "Content-Type: application/json\r\nStripe-Signature: " + signature + "\r\n");
  }
  std::string Signed(const std::string& body, long long at = std::time(nullptr)) {
    return "t=" + std::to_string(at) + ",v1=" + StripeSignature(body, kWebhookSecret, at);
  }
  // Waits until `done` or 20 s.
  template <typename F>
  void WaitFor(F done) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  }
  void Backdate(const std::string& session, const std::string& txn) {
    app_.db().Execute("UPDATE transactions SET updated_at = updated_at - INTERVAL 10 MINUTE, created_at = created_at - "
                      "INTERVAL 10 MINUTE WHERE id = '" + txn + "'");
    app_.db().Execute("UPDATE sessions SET updated_at = updated_at - INTERVAL 10 MINUTE WHERE hash = '" + session + "'");
  }

  FakeStripe stripe_;
  FakePaypal paypal_;
  LiveSetup setup_;
  TestApp app_;
};

TEST_F(LivePaymentsTest, CardOkIsConfirmedWithTheExactStripeRequest) {
  const std::string session = app_.CreateFormSession(kLive, Donor("credit_card", "pm_card_visa"));
  auto r = Pay(session);
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = ParseJson(r);
  EXPECT_EQ(Str(d["payment_status"]), "confirmed") << r.body;
  const std::string txn = Str(d["transaction"]["id"]);
  EXPECT_EQ(Str(d["transaction"]["status"]), "confirmed");
  EXPECT_FALSE(d["transaction"]["is_test"].GetBool());
  EXPECT_EQ(Str(d["transaction"]["provider_reference"]), "pi_fake_1");
  EXPECT_EQ(r.body.find("pm_card_visa"), std::string::npos);  // the token is never echoed
  EXPECT_EQ(r.body.find("sk_test_fake"), std::string::npos);
  auto sent = stripe_.server().requests("POST", "/v1/payment_intents");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].header("idempotency-key"), txn);
  auto form = sent[0].form();
  EXPECT_EQ(form["amount"], "1250");
  EXPECT_EQ(form["currency"], "eur");
  EXPECT_EQ(form["payment_method"], "pm_card_visa");
  EXPECT_EQ(form["confirm"], "true");
  EXPECT_EQ(form["metadata[session]"], session);
  EXPECT_EQ(form["metadata[transaction]"], txn);
  EXPECT_EQ(form["return_url"], app_.app().public_base_url() + "/payments/stripe/return/" + txn);
  EXPECT_EQ(State(session), "completed");
  EXPECT_EQ(stripe_.succeeded_charges(), 1);
  // No secret and no token in the database.
  EXPECT_EQ(app_.db().QueryString("SELECT COUNT(*) FROM transactions WHERE provider_reference LIKE '%sk_%' OR "
                                  "failure_reason LIKE '%pm_card%'"), "0");
}

TEST_F(LivePaymentsTest, DeclinedCardReopensTheSessionWithStripesMessage) {
  const std::string session = app_.CreateFormSession(kLive, Donor("credit_card", "pm_card_chargeDeclined"));
  auto d = ParseJson(Pay(session));
  EXPECT_EQ(Str(d["payment_status"]), "error");
  EXPECT_EQ(Str(d["errors"]["globals"][0]), "Your card was declined.");
  EXPECT_EQ(Str(d["transaction"]["status"]), "failed");
  EXPECT_EQ(State(session), "open");
  EXPECT_EQ(stripe_.succeeded_charges(), 0);
}

TEST_F(LivePaymentsTest, ThreeDSecureRoundTripSettlesOnceOnTheReturn) {
  const std::string session = app_.CreateFormSession(kLive, Donor("credit_card", "pm_card_threeDSecure2Required"));
  auto d = ParseJson(Pay(session));
  ASSERT_EQ(Str(d["payment_status"]), "awaiting");
  const std::string txn = Str(d["transaction"]["id"]);
  EXPECT_EQ(Str(d["redirect_url"]), stripe_.base_url() + "/3ds/pi_fake_1");
  EXPECT_EQ(State(session), "processing");

  // A return carrying another payment's intent is refused and changes nothing.
  auto other = app_.client().Get("/payments/stripe/return/" + txn + "?payment_intent=pi_fake_99");
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(StatusOf(txn), "awaiting");

  stripe_.CompleteAuthentication("pi_fake_1", true);
  auto back = app_.client().Get("/payments/stripe/return/" + txn + "?payment_intent=pi_fake_1&redirect_status=succeeded");
  EXPECT_EQ(back.status, 303);
  EXPECT_EQ(back.header("location"), "https://shop.example/thanks");
  EXPECT_EQ(StatusOf(txn), "confirmed");
  EXPECT_EQ(State(session), "completed");
  // Visited again: the decided payment, no further call to Stripe.
  const size_t calls = stripe_.server().requests().size();
  EXPECT_EQ(app_.client().Get("/payments/stripe/return/" + txn + "?payment_intent=pi_fake_1").status, 303);
  EXPECT_EQ(stripe_.server().requests().size(), calls);
  EXPECT_EQ(Pay(session).status, 409);  // 202: completed
  EXPECT_EQ(stripe_.succeeded_charges(), 1);
  EXPECT_EQ(app_.client().Get("/payments/stripe/return/no-such-transaction").status, 404);
}

TEST_F(LivePaymentsTest, FiveHundredThenSuccessEndsWithExactlyOneCharge) {
  stripe_.InjectCreateFault(FakeStripe::Fault::k500);
  const std::string session = app_.CreateFormSession(kLive, Donor("credit_card", "pm_card_visa"));
  auto d = ParseJson(Pay(session));
  EXPECT_EQ(Str(d["payment_status"]), "confirmed");
  auto sent = stripe_.server().requests("POST", "/v1/payment_intents");
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].header("idempotency-key"), sent[1].header("idempotency-key"));
  EXPECT_EQ(sent[0].body, sent[1].body);
  EXPECT_EQ(stripe_.intents_created(), 1);
  EXPECT_EQ(stripe_.succeeded_charges(), 1);
}

TEST_F(LivePaymentsTest, UnknownOutcomeStaysPendingUntilAWebhookSettlesIt) {
  stripe_.InjectCreateFault(FakeStripe::Fault::kLostAfterCharge);
  stripe_.InjectCreateFault(FakeStripe::Fault::kHtml, 2);
  const std::string session = app_.CreateFormSession(kLive, Donor("credit_card", "pm_card_visa"));
  auto d = ParseJson(Pay(session));
  EXPECT_EQ(Str(d["payment_status"]), "error");
  EXPECT_EQ(Str(d["errors"]["globals"][0]), kOutcomeUnknownError);
  const std::string txn = Str(d["transaction"]["id"]);
  EXPECT_EQ(StatusOf(txn), "pending");
  EXPECT_EQ(State(session), "processing");
  EXPECT_EQ(Pay(session).status, 409);  // 207: nobody can pay it twice meanwhile

  const std::string event = R"({"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":{"object":)" +
                            stripe_.intent_json("pi_fake_1") + "}}";
  EXPECT_EQ(Webhook(event, "t=1,v1=00").status, 400);                                   // wrong signature
  EXPECT_EQ(Webhook(event, Signed(event, std::time(nullptr) - 400)).status, 400);      // stale
  std::string tampered = event;
  tampered.replace(tampered.find("\"amount\":1250"), 13, "\"amount\":9999");
  EXPECT_EQ(Webhook(tampered, Signed(event)).status, 400);                             // body changed
  EXPECT_EQ(StatusOf(txn), "pending");

  auto ok = Webhook(event, Signed(event));
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(StatusOf(txn), "confirmed");
  EXPECT_EQ(State(session), "completed");
  auto replay = Webhook(event, Signed(event));  // duplicates are harmless
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(StatusOf(txn), "confirmed");

  const std::string unknown = R"({"id":"evt_2","object":"event","type":"payment_intent.succeeded","data":{"object":)"
                              R"({"id":"pi_other","object":"payment_intent","metadata":{"transaction":"nope"}}}})";
  auto ignored = Webhook(unknown, Signed(unknown));
  EXPECT_EQ(ignored.status, 200);
  EXPECT_NE(ignored.body.find("ignored"), std::string::npos);
  EXPECT_EQ(app_.client().Send("POST", "/webhooks/stripe/no-such-account", event,
                               "Stripe-Signature: " + Signed(event) + "\r\n").status, 404);
  EXPECT_EQ(stripe_.succeeded_charges(), 1);
}

TEST_F(LivePaymentsTest, UnknownOutcomeIsResolvedByTheReconcilerWithoutASecondCharge) {
  stripe_.InjectCreateFault(FakeStripe::Fault::kLostAfterCharge);
  stripe_.InjectCreateFault(FakeStripe::Fault::kTimeout, 2);
  const std::string session = app_.CreateFormSession(kLive, Donor("credit_card", "pm_card_visa"));
  auto d = ParseJson(Pay(session));
  const std::string txn = Str(d["transaction"]["id"]);
  ASSERT_EQ(StatusOf(txn), "pending");
  const size_t creates = stripe_.server().requests("POST", "/v1/payment_intents").size();
  Backdate(session, txn);
  WaitFor([&] { return State(session) == "completed"; });
  EXPECT_EQ(StatusOf(txn), "confirmed");
  EXPECT_EQ(State(session), "completed");
  EXPECT_EQ(stripe_.server().requests("POST", "/v1/payment_intents").size(), creates);  // looked up, not charged
  EXPECT_EQ(stripe_.succeeded_charges(), 1);
}

TEST_F(LivePaymentsTest, PaypalApproveCapturesOnce) {
  const std::string session = app_.CreateFormSession(kLive, Donor("paypal"));
  auto d = ParseJson(Pay(session));
  ASSERT_EQ(Str(d["payment_status"]), "awaiting") << d["errors"]["globals"].Size();
  const std::string txn = Str(d["transaction"]["id"]);
  EXPECT_EQ(Str(d["redirect_url"]), paypal_.base_url() + "/checkoutnow?token=ORDER-1");
  auto created = paypal_.server().requests("POST", "/v2/checkout/orders");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].header("paypal-request-id"), txn);
  paypal_.Approve("ORDER-1");
  EXPECT_EQ(app_.client().Get("/payments/paypal/return/" + txn + "?token=ORDER-2&PayerID=X").status, 400);
  auto back = app_.client().Get("/payments/paypal/return/" + txn + "?token=ORDER-1&PayerID=X");
  EXPECT_EQ(back.status, 303);
  EXPECT_EQ(back.header("location"), "https://shop.example/thanks");
  EXPECT_EQ(StatusOf(txn), "confirmed");
  EXPECT_EQ(State(session), "completed");
  EXPECT_EQ(paypal_.captures(), 1);
  EXPECT_EQ(app_.client().Get("/payments/paypal/return/" + txn + "?token=ORDER-1").status, 303);
  EXPECT_EQ(paypal_.server().requests("POST", "/v2/checkout/orders/ORDER-1/capture").size(), 1u);
}

TEST_F(LivePaymentsTest, PaypalCancelOpensTheSessionAgain) {
  const std::string session = app_.CreateFormSession(kLive, Donor("paypal"));
  const std::string txn = Str(ParseJson(Pay(session))["transaction"]["id"]);
  auto back = app_.client().Get("/payments/paypal/cancel/" + txn + "?token=ORDER-1");
  EXPECT_EQ(back.status, 303);
  EXPECT_EQ(back.header("location"), "https://shop.example/sorry");
  EXPECT_EQ(StatusOf(txn), "cancelled");
  EXPECT_EQ(State(session), "open");
  EXPECT_EQ(paypal_.captures(), 0);
  EXPECT_TRUE(paypal_.server().requests("POST", "/v2/checkout/orders/ORDER-1/capture").empty());
}

TEST_F(LivePaymentsTest, PaypalDeclinedCaptureIsAnError) {
  const std::string session = app_.CreateFormSession(kLive, Donor("paypal"));
  const std::string txn = Str(ParseJson(Pay(session))["transaction"]["id"]);
  paypal_.Approve("ORDER-1");
  paypal_.Decline("ORDER-1");
  auto back = app_.client().Get("/payments/paypal/return/" + txn + "?token=ORDER-1");
  EXPECT_EQ(back.status, 303);
  EXPECT_EQ(back.header("location"), "https://shop.example/sorry");
  EXPECT_EQ(StatusOf(txn), "failed");
  EXPECT_EQ(State(session), "open");
  EXPECT_EQ(paypal_.captures(), 0);
}

TEST_F(LivePaymentsTest, PaypalDoubleReturnAtOnceCapturesOnce) {
  const std::string session = app_.CreateFormSession(kLive, Donor("paypal"));
  const std::string txn = Str(ParseJson(Pay(session))["transaction"]["id"]);
  paypal_.Approve("ORDER-1");
  paypal_.SlowCaptures(300ms);
  std::vector<int> statuses(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = app_.client().Get("/payments/paypal/return/" + txn + "?token=ORDER-1").status;
    });
  }
  for (auto& t : threads) t.join();
  for (int s : statuses) EXPECT_EQ(s, 303);
  EXPECT_EQ(StatusOf(txn), "confirmed");
  EXPECT_EQ(paypal_.server().requests("POST", "/v2/checkout/orders/ORDER-1/capture").size(), 1u);
  EXPECT_EQ(paypal_.captures(), 1);
}

TEST_F(LivePaymentsTest, PaypalWebhookIsSettledOnlyAfterPaypalVerifiesIt) {
  const std::string session = app_.CreateFormSession(kLive, Donor("paypal"));
  const std::string txn = Str(ParseJson(Pay(session))["transaction"]["id"]);
  const std::string event = R"({"id":"WH-1","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{"id":"CAP-1",)"
                            R"("status":"COMPLETED","custom_id":")" + txn +
                            R"(","supplementary_data":{"related_ids":{"order_id":"ORDER-1"}}}})";
  auto send = [&](const std::string& signature) {
    return app_.client().Send("POST", "/webhooks/paypal/gr-paypal", event,
                              "Content-Type: application/json\r\nPAYPAL-AUTH-ALGO: SHA256withRSA\r\n"
                              "PAYPAL-CERT-URL: https://api.paypal.com/cert\r\nPAYPAL-TRANSMISSION-ID: t-1\r\n"
                              "PAYPAL-TRANSMISSION-TIME: 2026-12-01T00:00:00Z\r\nPAYPAL-TRANSMISSION-SIG: " +
                                  signature + "\r\n");
  };
  EXPECT_EQ(send("forged").status, 400);
  EXPECT_EQ(StatusOf(txn), "awaiting");
  EXPECT_EQ(send(FakePaypal::kValidSignature).status, 200);
  EXPECT_EQ(StatusOf(txn), "confirmed");
  EXPECT_EQ(State(session), "completed");
  EXPECT_EQ(send(FakePaypal::kValidSignature).status, 200);  // again: nothing changes
  EXPECT_EQ(StatusOf(txn), "confirmed");
}

TEST_F(LivePaymentsTest, HostedPageOfAStripeFormCollectsTheCardWithStripeJs) {
  const std::string session = app_.CreateFormSession(kLive, Donor("credit_card", "pm_card_visa"));
  auto page = app_.client().Get(std::string("/form/") + kLive + "?fbSessionHash=" + session);
  ASSERT_EQ(page.status, 200);
  const std::string csp = page.header("content-security-policy");
  EXPECT_NE(csp.find("script-src 'self' https://js.stripe.com;"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-src https://js.stripe.com;"), std::string::npos) << csp;
  EXPECT_NE(csp.find("connect-src 'self' https://api.stripe.com;"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
  EXPECT_NE(page.body.find(R"(<div id="stripe_card_element" data-stripe-key="pk_test_fake">)"), std::string::npos);
  EXPECT_NE(page.body.find(R"(<script src="https://js.stripe.com/v3/"></script>)"), std::string::npos);
  EXPECT_NE(page.body.find(R"(<script src="/static/prefill-stripe.js"></script>)"), std::string::npos);
  EXPECT_EQ(page.body.find("sk_test_fake"), std::string::npos);
  auto script = app_.client().Get("/static/prefill-stripe.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_NE(script.body.find("createPaymentMethod"), std::string::npos);

  // The sandbox hash of the same form keeps its test tokens and the strict policy.
  auto sandbox = app_.client().Get("/form/demo_sandbox_hash_0001");
  ASSERT_EQ(sandbox.status, 200);
  EXPECT_EQ(sandbox.header("content-security-policy").find("stripe"), std::string::npos);
  EXPECT_EQ(sandbox.body.find("stripe_card_element"), std::string::npos);
  EXPECT_EQ(sandbox.body.find("js.stripe.com"), std::string::npos);
}

TEST_F(LivePaymentsTest, ServerKilledBetweenTheChargeAndItsRecordEndsWithOneChargeAfterReconciliation) {
  const std::string session = app_.CreateFormSession(kLive, Donor("credit_card", "pm_card_visa"));
  // A second server on the same database, armed to die right after Stripe answered.
  const uint16_t port = testing::FreePort();
  const pid_t pid = testing::SpawnPrefill(PREFILL_BINARY,
                                          {"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--db",
                                           app_.db().url(), "--forms", setup_.forms(), "--processors",
                                           setup_.processors(), "--threads", "2"},
                                          "stripe_after_create");
  ASSERT_GT(pid, 0);
  testing::HttpClient doomed(port);
  ASSERT_TRUE(testing::WaitHealthy(port, 20));

  auto r = doomed.Post("/app/payment", std::string("hash=") + kLive + "&fbSessionHash=" + session + "&ip=203.0.113.9");
  EXPECT_EQ(r.status, 0);  // no answer: the process died
  int wstatus = 0;
  ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFEXITED(wstatus));
  EXPECT_EQ(WEXITSTATUS(wstatus), kFaultPointExitCode);

  // Charged at Stripe, recorded as pending, the session locked.
  EXPECT_EQ(stripe_.succeeded_charges(), 1);
  const std::string txn = app_.db().QueryString("SELECT id FROM transactions WHERE session_hash = '" + session + "'");
  ASSERT_FALSE(txn.empty());
  EXPECT_EQ(StatusOf(txn), "pending");
  EXPECT_EQ(State(session), "processing");
  EXPECT_EQ(Pay(session).status, 409);  // 207 meanwhile

  Backdate(session, txn);
  WaitFor([&] { return State(session) == "completed"; });
  EXPECT_EQ(StatusOf(txn), "confirmed");
  EXPECT_EQ(State(session), "completed");
  EXPECT_EQ(app_.db().QueryString("SELECT provider_reference FROM transactions WHERE id = '" + txn + "'"), "pi_fake_1");
  EXPECT_EQ(stripe_.server().requests("POST", "/v1/payment_intents").size(), 1u);
  EXPECT_EQ(stripe_.succeeded_charges(), 1);
  EXPECT_EQ(app_.db().QueryString("SELECT COUNT(*) FROM transactions WHERE session_hash = '" + session + "'"), "1");
}

}  // namespace
}  // namespace prefill
