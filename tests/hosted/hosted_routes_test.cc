#include "hosted/hosted_routes.h"

#include <gtest/gtest.h>

#include "hosted/demo_shop.h"
#include "hosted/page_security.h"
#include "hosted_fixture.h"

namespace prefill::testing {
namespace {

using HostedRoutesTest = HostedTest;

TEST_F(HostedRoutesTest, PageShowsTheSessionWithSecurityHeaders) {
  SessionView session = NewSession({{"amount", "35.00", true}, {"first_name", "Beate", false}});
  HttpResponse page = Call("GET", "/form/demo_sandbox_hash_0001", "fbSessionHash=" + session.record.hash);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(page.header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(page.header("Cache-Control"), "no-store");
  const std::string csp = page.header("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'self' http://localhost:8080 http://127.0.0.1:8080"), std::string::npos) << csp;
  EXPECT_NE(page.body.find("value=\"Beate\""), std::string::npos);
  EXPECT_NE(page.body.find("data-state=\"form\""), std::string::npos);
}

TEST_F(HostedRoutesTest, PageStatesFollowTheSession) {
  HttpResponse fresh = Call("GET", "/form/demo_live_hash_0001");
  EXPECT_EQ(fresh.status, 200);
  EXPECT_NE(fresh.body.find("id=\"prefill_form\""), std::string::npos);
  EXPECT_EQ(fresh.body.find("sandbox_banner"), std::string::npos);

  HttpResponse unknown = Call("GET", "/form/demo_sandbox_hash_0001", "fbSessionHash=nosuchsession");
  EXPECT_EQ(unknown.status, 200);
  EXPECT_NE(unknown.body.find("data-state=\"not_found\""), std::string::npos);

  SessionView session = NewSession(CompleteSepaInputs());
  SessionRecord record = session.record;
  record.state = SessionState::kCompleted;
  ASSERT_TRUE(store_.Update(&record).ok());
  HttpResponse thanks = Call("GET", "/form/demo_sandbox_hash_0001", "fbSessionHash=" + record.hash);
  EXPECT_NE(thanks.body.find("data-state=\"thank_you\""), std::string::npos);
  EXPECT_NE(thanks.body.find("€25.00"), std::string::npos);

  // A session of one form is never shown through another form's hash.
  HttpResponse other = Call("GET", "/form/spendenformular_sandbox_0001", "fbSessionHash=" + record.hash);
  EXPECT_NE(other.body.find("data-state=\"not_found\""), std::string::npos);
  EXPECT_EQ(other.body.find("Beate"), std::string::npos);
}

// A live session opened through the sandbox hash (or the reverse) is an unknown
// session on the page and its JSON endpoints: never shown, changed, paid, nor
// presented under the other mode's banner.
TEST_F(HostedRoutesTest, ASessionAnswersOnlyThroughTheHashItWasMadeWith) {
  auto live = sessions_->Create(*demo_, false, {{"amount", "35.00", true}, {"first_name", "Beate", false}},
                                Authority::kForm);
  ASSERT_TRUE(live.ok());
  SessionView sandbox = NewSession({{"amount", "35.00", true}, {"first_name", "Beate", false}});
  for (const auto& [session, wrong] : {std::pair{live->record.hash, std::string("demo_sandbox_hash_0001")},
                                       std::pair{sandbox.record.hash, std::string("demo_live_hash_0001")}}) {
    SCOPED_TRACE("through " + wrong);
    HttpResponse page = Call("GET", "/form/" + wrong, "fbSessionHash=" + session);
    EXPECT_NE(page.body.find("data-state=\"not_found\""), std::string::npos);
    EXPECT_EQ(page.body.find("Beate"), std::string::npos);
    HttpResponse data = Call("GET", "/form/" + wrong + "/data", "fbSessionHash=" + session);
    EXPECT_NE(data.body.find("\"state\":\"not_found\""), std::string::npos) << data.body;
    EXPECT_EQ(data.body.find("Beate"), std::string::npos);
    HttpResponse read = Call("POST", "/form/" + wrong + "/session", "", "fbSessionHash=" + session);
    EXPECT_EQ(read.status, 404);
    EXPECT_NE(read.body.find("error 203"), std::string::npos) << read.body;
    HttpResponse write =
        Call("POST", "/form/" + wrong + "/session", "", "fbSessionHash=" + session + "&payment%5Bfirst_name%5D=Mallory");
    EXPECT_EQ(write.status, 404);
    HttpResponse posted = Call("POST", "/form/" + wrong, "fbSessionHash=" + session, "payment%5Bfirst_name%5D=Mallory");
    EXPECT_EQ(posted.body.find("Beate"), std::string::npos);
    HttpResponse pay = Call("POST", "/form/" + wrong + "/payment", "", "fbSessionHash=" + session);
    EXPECT_EQ(pay.status, 200);  // the page's payment function is asked, told the hash's mode
    ASSERT_FALSE(pay_calls_.empty());
    EXPECT_EQ(pay_calls_.back().sandbox, wrong == "demo_sandbox_hash_0001");
  }
  EXPECT_EQ(store_.Find(live->record.hash).value().values.at("first_name"), "Beate");
  EXPECT_EQ(store_.Find(sandbox.record.hash).value().values.at("first_name"), "Beate");

  // Through its own hash each session shows the banner of its own mode.
  HttpResponse live_page = Call("GET", "/form/demo_live_hash_0001", "fbSessionHash=" + live->record.hash);
  EXPECT_NE(live_page.body.find("value=\"Beate\""), std::string::npos);
  EXPECT_EQ(live_page.body.find("sandbox_banner"), std::string::npos);
  HttpResponse sandbox_page = Call("GET", "/form/demo_sandbox_hash_0001", "fbSessionHash=" + sandbox.record.hash);
  EXPECT_NE(sandbox_page.body.find("value=\"Beate\""), std::string::npos);
  EXPECT_NE(sandbox_page.body.find("sandbox_banner"), std::string::npos);
}

TEST_F(HostedRoutesTest, UnknownFormIsAnEscapedHtml404) {
  HttpResponse page = Call("GET", "/form/<b>nope");
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.body.find("error 106: no config"), std::string::npos);
  EXPECT_EQ(page.body.find("<b>nope"), std::string::npos);
  EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff");
}

TEST_F(HostedRoutesTest, SessionEndpointRefusesToChangeALockedValue) {
  SessionView session = NewSession({{"amount", "35.00", true}});
  HttpResponse answer = Call("POST", "/form/demo_sandbox_hash_0001/session", "",
                             "fbSessionHash=" + session.record.hash + "&payment%5Bamount%5D=1.00");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("\"current_fields\":{\"amount\":"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("\"amount\":\"35.00\""), std::string::npos);
  auto stored = store_.Find(session.record.hash);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored.value().values.at("amount"), "35.00");

  // Nor unlock it with `_fix`.
  Call("POST", "/form/demo_sandbox_hash_0001/session", "",
       "fbSessionHash=" + session.record.hash + "&payment%5Bamount_fix%5D=2.00");
  EXPECT_EQ(store_.Find(session.record.hash).value().values.at("amount"), "35.00");
}

TEST_F(HostedRoutesTest, SessionEndpointCreatesReadsAndValidates) {
  // Nothing filled in: what is missing, and nothing stored.
  HttpResponse empty = Call("POST", "/form/demo_sandbox_hash_0001/session", "", "x=1");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_NE(empty.body.find("\"hash\":\"\""), std::string::npos);
  EXPECT_NE(empty.body.find("\"status\":\"incomplete\""), std::string::npos);
  EXPECT_NE(empty.body.find("\"last_name\":\"This field is required\""), std::string::npos) << empty.body;
  EXPECT_EQ(store_.size(), 0u);

  HttpResponse created = Call("POST", "/form/demo_sandbox_hash_0001/session", "", "payment%5Bemail%5D=nope");
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_NE(created.body.find("\"sandbox\":true"), std::string::npos);
  EXPECT_NE(created.body.find("\"current_fields\":{\"email\":"), std::string::npos);

  HttpResponse missing = Call("POST", "/form/demo_sandbox_hash_0001/session", "", "fbSessionHash=zzz");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("error 203"), std::string::npos);

  HttpResponse unknown_form = Call("POST", "/form/nosuchform_0000001/session", "", "payment%5Bemail%5D=a@b.de");
  EXPECT_EQ(unknown_form.status, 404);
  EXPECT_NE(unknown_form.body.find("error 106"), std::string::npos);

  HttpResponse bad_utf8 = Call("POST", "/form/demo_sandbox_hash_0001/session", "", "payment%5Bcity%5D=%FF");
  EXPECT_EQ(bad_utf8.status, 400);
  EXPECT_NE(bad_utf8.body.find("error 108"), std::string::npos);
}

TEST_F(HostedRoutesTest, CorsOnlyForAllowedOrigins) {
  SessionView session = NewSession({{"first_name", "Beate", false}});
  const std::string body = "fbSessionHash=" + session.record.hash;
  HttpResponse allowed = Call("POST", "/form/demo_sandbox_hash_0001/session", "", body, "http://localhost:8080");
  EXPECT_EQ(allowed.header("Access-Control-Allow-Origin"), "http://localhost:8080");
  HttpResponse foreign = Call("POST", "/form/demo_sandbox_hash_0001/session", "", body, "https://evil.example");
  EXPECT_EQ(foreign.header("Access-Control-Allow-Origin"), "");
  EXPECT_EQ(foreign.header("Vary"), "Origin");
}

TEST_F(HostedRoutesTest, PaymentEndpointSuppliesTheDonorIp) {
  SessionView session = NewSession(CompleteSepaInputs());
  HttpResponse answer = Call("POST", "/form/demo_sandbox_hash_0001/payment", "",
                             "fbSessionHash=" + session.record.hash + "&ip=198.51.100.1");
  EXPECT_EQ(answer.status, 200);
  EXPECT_NE(answer.body.find("\"payment_status\":\"confirmed\""), std::string::npos);
  ASSERT_EQ(pay_calls_.size(), 1u);
  EXPECT_EQ(pay_calls_[0].form_id, "demo");
  EXPECT_EQ(pay_calls_[0].form_hash, "demo_sandbox_hash_0001");
  EXPECT_EQ(pay_calls_[0].session_hash, session.record.hash);
  EXPECT_EQ(pay_calls_[0].ip, "203.0.113.7");  // the connection's, never a posted one
  EXPECT_EQ(pay_calls_[0].lang, "");

  // The page's ?lang= goes with the payment, for the page the donor comes back to.
  SessionView german = NewSession(CompleteSepaInputs());
  Call("POST", "/form/demo_sandbox_hash_0001/payment", "lang=de", "fbSessionHash=" + german.record.hash);
  ASSERT_EQ(pay_calls_.size(), 2u);
  EXPECT_EQ(pay_calls_[1].lang, "de");
  pay_calls_.pop_back();

  HttpResponse no_session = Call("POST", "/form/demo_sandbox_hash_0001/payment", "", "x=1");
  EXPECT_EQ(no_session.status, 404);
  EXPECT_EQ(pay_calls_.size(), 1u);
}

TEST_F(HostedRoutesTest, PageWithoutJavaScriptShowsErrorsBesideFields) {
  SessionView session = NewSession({{"amount", "35.00", true}});
  HttpResponse page = Call("POST", "/form/demo_sandbox_hash_0001", "fbSessionHash=" + session.record.hash,
                           "payment%5Bamount%5D=35.00&payment%5Bemail%5D=broken&payment%5Bfirst_name%5D=Beate"
                           "&payment%5Bcity%5D=");
  ASSERT_EQ(page.status, 200);
  size_t error = page.body.find("id=\"payment_email_error\" class=\"error\">");
  ASSERT_NE(error, std::string::npos);
  EXPECT_NE(page.body[page.body.find('>', error) + 1], '<') << "the e-mail error is empty";
  EXPECT_NE(page.body.find("value=\"Beate\""), std::string::npos);
  EXPECT_TRUE(pay_calls_.empty());
  EXPECT_EQ(store_.Find(session.record.hash).value().values.count("city"), 0u);
}

TEST_F(HostedRoutesTest, PageWithoutJavaScriptPaysACompleteSession) {
  SessionView session = NewSession({{"amount", "25.00", true}});
  const std::string body =
      "payment%5Bpayment_method%5D=sepa_direct_debit&payment%5Bfirst_name%5D=Beate&payment%5Blast_name%5D=Muster"
      "&payment%5Bemail%5D=beate%40example.org&payment%5Bbank_account_owner%5D=Beate+Muster"
      "&payment%5Bbank_iban%5D=DE89+3704+0044+0532+0130+00";
  HttpResponse page =
      Call("POST", "/form/demo_sandbox_hash_0001", "fbSessionHash=" + session.record.hash + "&lang=en", body);
  ASSERT_EQ(page.status, 200);
  ASSERT_EQ(pay_calls_.size(), 1u);
  EXPECT_EQ(pay_calls_[0].lang, "en");
  EXPECT_NE(page.body.find("data-state=\"thank_you\""), std::string::npos);

  pay_answer_.result.kind = PaymentResult::Kind::kAwaiting;
  pay_answer_.redirect_url = "/sandbox/paypal/approve?t=1";
  SessionView second = NewSession({{"amount", "25.00", true}});
  HttpResponse redirect = Call("POST", "/form/demo_sandbox_hash_0001", "fbSessionHash=" + second.record.hash, body);
  EXPECT_EQ(redirect.status, 303);
  EXPECT_EQ(redirect.header("Location"), "/sandbox/paypal/approve?t=1");

  pay_answer_ = HostedPayment{};
  pay_answer_.result.kind = PaymentResult::Kind::kError;
  pay_answer_.result.errors.globals = {"mandate refused"};
  SessionView third = NewSession({{"amount", "25.00", true}});
  HttpResponse refused = Call("POST", "/form/demo_sandbox_hash_0001", "fbSessionHash=" + third.record.hash, body);
  EXPECT_NE(refused.body.find("<p>mandate refused</p>"), std::string::npos);
  EXPECT_NE(refused.body.find("data-state=\"form\""), std::string::npos);
}

TEST_F(HostedRoutesTest, StaticFilesAreServedFromTheBinary) {
  HttpResponse js = Call("GET", "/static/prefill.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("Content-Type"), "application/javascript; charset=utf-8");
  EXPECT_EQ(js.header("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(js.body.find("Prefill.init"), std::string::npos);
  EXPECT_NE(js.body.find("prefill:init"), std::string::npos);
  EXPECT_NE(js.body.find("doPayment"), std::string::npos);
  HttpResponse css = Call("GET", "/static/prefill.css");
  EXPECT_EQ(css.header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(Call("GET", "/static/other.js").status, 404);
}

TEST_F(HostedRoutesTest, DataEndpointForShopsWithTheirOwnHtml) {
  SessionView session = NewSession({{"amount", "35.00", true}});
  HttpResponse data = Call("GET", "/form/demo_sandbox_hash_0001/data", "fbSessionHash=" + session.record.hash);
  EXPECT_EQ(data.status, 200);
  EXPECT_EQ(data.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_NE(data.body.find("\"fixed_values\":{\"amount\":\"fix\"}"), std::string::npos);
  EXPECT_NE(data.body.find("\"config\":{\"form_fields\""), std::string::npos);
  EXPECT_EQ(Call("GET", "/form/nosuchform_0000001/data").status, 404);
}

TEST_F(HostedRoutesTest, DemoShopCreatesALockedSessionAndEmbedsTheForm) {
  HttpResponse shop = Call("GET", "/sandbox/shop");
  ASSERT_EQ(shop.status, 200);
  EXPECT_NE(shop.header("Content-Security-Policy").find("frame-src 'self'"), std::string::npos);
  const std::string marker = "src=\"/form/demo_sandbox_hash_0001?fbSessionHash=";
  size_t at = shop.body.find(marker);
  ASSERT_NE(at, std::string::npos) << shop.body;
  std::string hash = shop.body.substr(at + marker.size(), shop.body.find('"', at + marker.size()) - at - marker.size());
  auto stored = store_.Find(hash);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored.value().sandbox);
  EXPECT_EQ(stored.value().values.at("amount"), DemoShopBasket().total);
  EXPECT_EQ(stored.value().values.at("basket"), DemoShopBasket().json);
  EXPECT_EQ(stored.value().fixed.count("amount"), 1u);
  EXPECT_EQ(stored.value().fixed.count("basket"), 1u);
  EXPECT_EQ(stored.value().values.at("order_id"), "DEMO-1001");
  // Every visit is a new session.
  Call("GET", "/sandbox/shop");
  EXPECT_EQ(store_.size(), 2u);
}

TEST(PageSecurityTest, FrameAncestorsFollowAllowedEmbedOrigins) {
  Form form;
  EXPECT_EQ(FrameAncestors(form), "*");
  form.allowed_embed_origins = {"https://shop.example.org"};
  EXPECT_EQ(FrameAncestors(form), "'self' https://shop.example.org");
  EXPECT_NE(PageContentSecurityPolicy("*").find("frame-ancestors *"), std::string::npos);
  EXPECT_NE(PageContentSecurityPolicy("*").find("default-src 'none'"), std::string::npos);

  HttpRequest request;
  request.headers.emplace("origin", "https://anyone.example");
  HttpResponse response;
  Form open;
  SetJsonEndpointHeaders(response, &open, request);
  EXPECT_EQ(response.header("Access-Control-Allow-Origin"), "*");
}

TEST_F(HostedRoutesTest, LangParameterOverridesTheFormsLanguage) {
  HttpResponse german = Call("GET", "/form/spendenformular_sandbox_0001");
  EXPECT_NE(german.body.find("<html lang=\"de-DE\">"), std::string::npos);
  EXPECT_NE(german.body.find("Jetzt spenden"), std::string::npos);
  HttpResponse english = Call("GET", "/form/spendenformular_sandbox_0001", "lang=en");
  EXPECT_NE(english.body.find("<html lang=\"en-GB\">"), std::string::npos);
  EXPECT_NE(english.body.find("Donate now"), std::string::npos);
  EXPECT_NE(english.body.find(">Germany</option>"), std::string::npos);
  // The page's own endpoints and the no-JavaScript action keep the language.
  EXPECT_NE(english.body.find("action=\"/form/spendenformular_sandbox_0001?lang=en-GB\""), std::string::npos);
  EXPECT_NE(english.body.find("\"session\":\"/form/spendenformular_sandbox_0001/session?lang=en-GB\""),
            std::string::npos);
  // A language without texts leaves the form's.
  HttpResponse unknown = Call("GET", "/form/spendenformular_sandbox_0001", "lang=fr");
  EXPECT_NE(unknown.body.find("Jetzt spenden"), std::string::npos);
}

TEST_F(HostedRoutesTest, SessionEndpointWritesValidatorMessagesInThePagesLanguage) {
  const std::string body = "payment%5Bemail%5D=broken";
  HttpResponse german = Call("POST", "/form/spendenformular_sandbox_0001/session", "", body);
  HttpResponse english = Call("POST", "/form/spendenformular_sandbox_0001/session", "lang=en", body);
  ASSERT_EQ(german.status, 200);
  ASSERT_EQ(english.status, 200);
  EXPECT_EQ(german.body.find("Invalid e-mail address"), std::string::npos) << german.body;
  EXPECT_NE(english.body.find("Invalid e-mail address"), std::string::npos) << english.body;
}

TEST_F(HostedRoutesTest, PageWithoutJavaScriptTakesTheChosenSuggestion) {
  SessionView session = NewSession({{"first_name", "Beate", false}});
  // A chosen suggestion wins over whatever the text box holds...
  HttpResponse page = Call("POST", "/form/demo_sandbox_hash_0001", "fbSessionHash=" + session.record.hash,
                           "amount_choice=50.00&payment%5Bamount%5D=");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(store_.Find(session.record.hash).value().values.at("amount"), "50.00");
  EXPECT_NE(page.body.find("id=\"amount_choice_2\" name=\"amount_choice\" value=\"50.00\" checked"),
            std::string::npos);
  // ... and "other" takes the text box.
  Call("POST", "/form/demo_sandbox_hash_0001", "fbSessionHash=" + session.record.hash,
       "amount_choice=other&payment%5Bamount%5D=12%2C5");
  EXPECT_EQ(store_.Find(session.record.hash).value().values.at("amount"), "12.50");
}

TEST_F(HostedRoutesTest, ThankYouStateShowsTheConfirmedPayment) {
  Router router;
  Transaction paid;
  paid.id = "tx-1";
  paid.amount = "25.00";
  paid.currency = "EUR";
  paid.payment_method = "bank_transfer";
  paid.status = TransactionStatus::kConfirmed;
  paid.provider_reference = "sbx_transfer_1";
  paid.instructions = PaymentInstructions{"Green Roots e.V.", "DE02120300000000202051", "BYLADEM1001", "PF-ABCD-EFGH-J"};
  paid.updated_at = FixedNow();
  HostedRoutesOptions options;
  std::vector<std::string> asked;
  options.confirmed_payment = [&](const std::string& hash) -> std::optional<Transaction> {
    asked.push_back(hash);
    return paid;
  };
  RegisterHostedRoutes(router, *forms_, *sessions_, options);
  SessionView session = NewSession(CompleteSepaInputs());
  SessionRecord record = session.record;
  record.state = SessionState::kCompleted;
  ASSERT_TRUE(store_.Update(&record).ok());
  HttpRequest request;
  request.method = "GET";
  request.path = "/form/demo_sandbox_hash_0001";
  request.query = "fbSessionHash=" + record.hash + "&lang=de";
  Router::Match match = router.Find("GET", request.path);
  ASSERT_NE(match.route, nullptr);
  HttpResponse page = match.route->handler(request, match.params);
  ASSERT_EQ(asked, std::vector<std::string>{record.hash});
  EXPECT_NE(page.body.find("Bitte überweisen Sie Ihre Spende"), std::string::npos);
  EXPECT_NE(page.body.find("DE02 1203 0000 0000 2020 51"), std::string::npos);
  EXPECT_NE(page.body.find("PF-ABCD-EFGH-J"), std::string::npos);
  EXPECT_NE(page.body.find("15.06.2026"), std::string::npos);
  EXPECT_NE(page.body.find("25,00\xC2\xA0€"), std::string::npos);
  EXPECT_NE(page.body.find("Überweisung"), std::string::npos) << "the method in German";
}

}  // namespace
}  // namespace prefill::testing
