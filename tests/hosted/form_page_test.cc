#include "hosted/form_page.h"

#include <gtest/gtest.h>

#include <regex>

#include "hosted/embedded_assets.h"
#include "hosted_fixture.h"

namespace prefill::testing {
namespace {

class FormPageTest : public HostedTest {
 protected:
  std::string Render(const SessionView* session, FormPageState state = FormPageState::kForm,
                     bool show_errors = false) {
    FormPageInput input;
    input.form = demo_;
    input.form_hash = "demo_sandbox_hash_0001";
    input.sandbox = true;
    input.session = session;
    input.state = state;
    input.show_field_errors = show_errors;
    input.today = {2026, 6, 15};
    return RenderFormPage(input);
  }

  // The start tag of the element with `id`, e.g. <input type="text" id="payment_amount" ...>.
  static std::string Tag(const std::string& html, const std::string& id) {
    size_t at = html.find("id=\"" + id + "\"");
    if (at == std::string::npos) return "";
    size_t start = html.rfind('<', at);
    size_t end = html.find('>', at);
    return html.substr(start, end - start + 1);
  }

  // The text of the element with `id` up to its closing tag.
  static std::string Content(const std::string& html, const std::string& id) {
    std::string tag = Tag(html, id);
    if (tag.empty()) return "";
    size_t start = html.find(tag) + tag.size();
    return html.substr(start, html.find("</", start) - start);
  }
};

TEST_F(FormPageTest, EveryFieldHasTheIdsOfTheSpec) {
  std::string html = Render(nullptr);
  for (const FormField& field : demo_->fields) {
    const std::string id = "payment_" + field.name;
    EXPECT_EQ(Count(html, "id=\"" + id + "\""), 1u) << field.name;
    EXPECT_EQ(Count(html, "id=\"" + id + "_wrapper\""), 1u) << field.name;
    std::string error = Tag(html, id + "_error");
    EXPECT_NE(error.find("class=\"error\""), std::string::npos) << field.name << ": " << error;
    if (field.type != "radio") {
      EXPECT_NE(Tag(html, id).find("name=\"payment[" + field.name + "]\""), std::string::npos) << field.name;
    }
  }
  EXPECT_EQ(Count(html, "id=\"global_error\""), 1u);
  EXPECT_NE(html.find("<html lang=\"en-GB\">"), std::string::npos);
  // Labels in the form's language, from the form file.
  EXPECT_NE(html.find("Your donation"), std::string::npos);
  EXPECT_NE(html.find("Order number"), std::string::npos);
}

TEST_F(FormPageTest, StoredValuesAreFilledIn) {
  SessionView session = NewSession({{"first_name", "Beate", false},
                                    {"email", "beate@example.org", false},
                                    {"payment_method", "sepa_direct_debit", false},
                                    {"salutation", "Mrs.", false},
                                    {"wants_newsletter", "1", false},
                                    {"message", "Für die Bäume", false}});
  std::string html = Render(&session);
  EXPECT_NE(Tag(html, "payment_first_name").find("value=\"Beate\""), std::string::npos);
  EXPECT_NE(Tag(html, "payment_email").find("value=\"beate@example.org\""), std::string::npos);
  EXPECT_NE(Tag(html, "payment_payment_method_0").find("checked"), std::string::npos);
  EXPECT_EQ(Tag(html, "payment_payment_method_1").find("checked"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"Mrs.\" selected>"), std::string::npos);
  EXPECT_NE(Tag(html, "payment_wants_newsletter").find("checked"), std::string::npos);
  EXPECT_EQ(Content(html, "payment_message"), "Für die Bäume");
  EXPECT_NE(Tag(html, "fbSessionHash").find("value=\"" + session.record.hash + "\""), std::string::npos);
  // The card fields belong to another payment method than the chosen one.
  EXPECT_NE(Tag(html, "payment_credit_card_owner_wrapper").find(" hidden"), std::string::npos);
  EXPECT_EQ(Tag(html, "payment_bank_iban_wrapper").find(" hidden"), std::string::npos);
}

TEST_F(FormPageTest, LockedFieldsAreReadOnly) {
  SessionView session = NewSession({{"amount", "35.00", true},
                                    {"first_name", "Beate", false},
                                    {"payment_method", "paypal", true},
                                    {"interval", "12", true},
                                    {"basket", "[{\"sku\":\"T\"}]", true}});
  std::string html = Render(&session);
  std::string amount = Tag(html, "payment_amount");
  EXPECT_NE(amount.find("value=\"35.00\""), std::string::npos);
  EXPECT_NE(amount.find(" readonly"), std::string::npos) << amount;
  EXPECT_NE(amount.find("data-locked=\"1\""), std::string::npos);
  EXPECT_NE(Tag(html, "payment_payment_method").find(" disabled"), std::string::npos);
  EXPECT_NE(Tag(html, "payment_interval").find(" disabled"), std::string::npos);
  EXPECT_EQ(Tag(html, "payment_first_name").find("readonly"), std::string::npos);
  // No suggestion buttons can change a locked amount.
  EXPECT_EQ(html.find("class=\"suggestion\""), std::string::npos);
  // The basket travels hidden, escaped.
  EXPECT_NE(Tag(html, "payment_basket").find("value=\"[{&quot;sku&quot;:&quot;T&quot;}]\""), std::string::npos);
  EXPECT_NE(Tag(html, "payment_basket_wrapper").find(" hidden"), std::string::npos);
}

TEST_F(FormPageTest, AnUnlockedAmountOffersTheSuggestions) {
  std::string html = Render(nullptr);
  EXPECT_EQ(Count(html, "class=\"suggestion\""), demo_->amount_suggestions.size());
  EXPECT_NE(html.find("data-amount=\"25.00\""), std::string::npos);
}

TEST_F(FormPageTest, EveryValueIsHtmlEscaped) {
  const std::string evil = "\"><script>alert(1)</script>&'";
  SessionView session = NewSession({{"first_name", evil, false}, {"message", "</textarea><script>x()</script>", false}});
  ASSERT_EQ(session.record.values.count("first_name"), 1u) << "the validators refused the test value";
  std::string html = Render(&session);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<script>x()"), std::string::npos);
  EXPECT_NE(Tag(html, "payment_first_name").find("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&apos;\""),
            std::string::npos)
      << Tag(html, "payment_first_name");
  EXPECT_EQ(Count(html, "</textarea>"), 1u);
  // Only the two script elements of the template: the data block and prefill.js.
  EXPECT_EQ(Count(html, "<script"), 2u);
  // The data block cannot be ended by a stored value.
  std::string data = Content(html, "prefill-data");
  EXPECT_EQ(data.find('<'), std::string::npos);
  EXPECT_NE(data.find("\\u003cscript\\u003ealert(1)"), std::string::npos) << data.substr(0, 200);
}

TEST_F(FormPageTest, FieldErrorsAreShownBesideTheFieldsOnlyAfterASubmit) {
  SessionView session = NewSession({{"first_name", "Beate", false}});
  auto updated = sessions_->Update(*demo_, session.record.hash, {{"email", "not-an-e-mail", false}}, Authority::kForm);
  ASSERT_TRUE(updated.ok());
  ASSERT_EQ(updated.value().errors.current_fields.count("email"), 1u);

  std::string quiet = Render(&updated.value());
  EXPECT_EQ(Content(quiet, "payment_email_error"), "");
  EXPECT_EQ(Content(quiet, "payment_last_name_error"), "");

  std::string shown = Render(&updated.value(), FormPageState::kForm, true);
  EXPECT_FALSE(Content(shown, "payment_email_error").empty());
  EXPECT_FALSE(Content(shown, "payment_last_name_error").empty());  // required, still missing
  EXPECT_EQ(Content(shown, "payment_first_name_error"), "");
  EXPECT_NE(Tag(shown, "payment_email_wrapper").find("has-error"), std::string::npos);
}

TEST_F(FormPageTest, ThankYouStateReplacesTheForm) {
  SessionView session = NewSession(CompleteSepaInputs());
  std::string html = Render(&session, FormPageState::kThankYou);
  EXPECT_EQ(Tag(html, "thank_you").find("hidden"), std::string::npos);
  EXPECT_EQ(html.find("id=\"prefill_form\""), std::string::npos);
  EXPECT_EQ(Content(html, "thank_you_amount"), "25.00 EUR");
  EXPECT_NE(html.find("Thank you!"), std::string::npos);
  // No donor data goes to the script block of a finished session.
  EXPECT_NE(Content(html, "prefill-data").find("\"session\":null"), std::string::npos);

  std::string open = Render(&session);
  EXPECT_NE(Tag(open, "thank_you").find("hidden"), std::string::npos);
}

TEST_F(FormPageTest, ExpiredAndProcessingSessionsShowANoticeAndNoForm) {
  SessionView session = NewSession(CompleteSepaInputs());
  for (FormPageState state : {FormPageState::kExpired, FormPageState::kProcessing}) {
    std::string html = Render(&session, state);
    EXPECT_EQ(html.find("id=\"prefill_form\""), std::string::npos);
    EXPECT_NE(html.find("id=\"state_notice\""), std::string::npos);
    EXPECT_EQ(html.find("Beate"), std::string::npos);
  }
  std::string missing = Render(nullptr, FormPageState::kNotFound);
  EXPECT_NE(missing.find("id=\"prefill_form\""), std::string::npos);
  EXPECT_NE(missing.find("does not exist"), std::string::npos);
}

TEST_F(FormPageTest, GermanFormsSpeakGerman) {
  const Form* form = forms_->FindByHash("spendenformular_live_0001").form;
  ASSERT_NE(form, nullptr);
  FormPageInput input;
  input.form = form;
  input.form_hash = "spendenformular_live_0001";
  input.today = {2026, 6, 15};
  std::string html = RenderFormPage(input);
  EXPECT_NE(html.find("<html lang=\"de-DE\">"), std::string::npos);
  EXPECT_NE(html.find("Jetzt spenden"), std::string::npos);
  EXPECT_NE(html.find("Vorname"), std::string::npos);
  EXPECT_NE(html.find("Lastschrift"), std::string::npos);
  EXPECT_EQ(html.find("Sandbox"), std::string::npos);  // live hash: no sandbox banner
}

TEST_F(FormPageTest, CardExpiryOffersCanonicalMonthsAndComingYears) {
  std::string html = Render(nullptr);
  EXPECT_NE(html.find("<option value=\"01\">01</option>"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"12\">12</option>"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"2026\">2026</option>"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"2036\">2036</option>"), std::string::npos);
  EXPECT_EQ(html.find("<option value=\"2025\">"), std::string::npos);
}

TEST_F(FormPageTest, PageDataCarriesConfigSessionAndEndpoints) {
  SessionView session = NewSession({{"amount", "35.00", true}});
  FormPageInput input;
  input.form = demo_;
  input.form_hash = "demo_sandbox_hash_0001";
  input.sandbox = true;
  input.session = &session;
  std::string json = FormPageDataJson(input);
  EXPECT_NE(json.find("\"status\":\"success\""), std::string::npos);
  EXPECT_NE(json.find("\"session\":\"/form/demo_sandbox_hash_0001/session\""), std::string::npos);
  EXPECT_NE(json.find("\"payment\":\"/form/demo_sandbox_hash_0001/payment\""), std::string::npos);
  EXPECT_NE(json.find("\"form_fields\":["), std::string::npos);
  EXPECT_NE(json.find("\"fixed_values\":{\"amount\":\"fix\"}"), std::string::npos);
  EXPECT_NE(json.find("\"hash\":\"" + session.record.hash + "\""), std::string::npos);
}

TEST_F(FormPageTest, PercentEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("abc-_.~09"), "abc-_.~09");
  EXPECT_EQ(PercentEncode("a b/?&\"<"), "a%20b%2F%3F%26%22%3C");
  EXPECT_EQ(PercentEncode("\xC3\xA4"), "%C3%A4");
}

TEST_F(FormPageTest, AssetsAreEmbeddedInTheBinary) {
  EXPECT_NE(EmbeddedAsset("src/hosted/static/prefill.js").find("Prefill"), std::string_view::npos);
  EXPECT_NE(EmbeddedAsset("src/hosted/templates/form_page.mustache").find("{{#fields}}"), std::string_view::npos);
  EXPECT_FALSE(EmbeddedAsset("sandbox/shop/demo_shop.mustache").empty());
  EXPECT_TRUE(EmbeddedAsset("no/such/file").empty());
}

}  // namespace
}  // namespace prefill::testing
