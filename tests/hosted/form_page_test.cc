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
                     bool show_errors = false, const std::string& language = "") {
    FormPageInput input;
    input.language = language;
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
    if (Tag(html, id).rfind("<fieldset", 0) != 0) {  // radio groups name each radio
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
  // No suggestions can change a locked amount; it is read out as set by the shop.
  EXPECT_EQ(html.find("name=\"amount_choice\""), std::string::npos);
  size_t label = html.find("<label for=\"payment_amount\">");
  ASSERT_NE(label, std::string::npos);
  EXPECT_NE(html.substr(label, html.find("</label>", label) - label).find("(set by the shop)"), std::string::npos);
  // The basket travels hidden, escaped.
  EXPECT_NE(Tag(html, "payment_basket").find("value=\"[{&quot;sku&quot;:&quot;T&quot;}]\""), std::string::npos);
  EXPECT_NE(Tag(html, "payment_basket_wrapper").find(" hidden"), std::string::npos);
}

TEST_F(FormPageTest, AnUnlockedAmountOffersTheSuggestionsAsChoicesBesideTheFreeAmount) {
  std::string html = Render(nullptr);
  // One radio per suggestion plus "other amount", written as the language writes money.
  EXPECT_EQ(Count(html, "name=\"amount_choice\""), demo_->amount_suggestions.size() + 1);
  EXPECT_NE(html.find("value=\"25.00\"><span>€25.00</span>"), std::string::npos);
  EXPECT_NE(html.find("value=\"other\"><span>Other amount</span>"), std::string::npos);
  EXPECT_NE(Tag(html, "payment_amount").find("name=\"payment[amount]\""), std::string::npos);
  EXPECT_NE(html.find("<label for=\"payment_amount\" class=\"sub-label\">Other amount in EUR</label>"),
            std::string::npos);
  // A stored suggestion is the checked choice, the text box empty; another amount is "other".
  SessionView chosen = NewSession({{"amount", "50.00", false}});
  std::string with_choice = Render(&chosen);
  EXPECT_NE(Tag(with_choice, "amount_choice_2").find("checked"), std::string::npos);
  EXPECT_NE(Tag(with_choice, "payment_amount").find("value=\"\""), std::string::npos);
  SessionView other = NewSession({{"amount", "12.00", false}});
  std::string with_other = Render(&other);
  EXPECT_NE(Tag(with_other, "amount_choice_other").find("checked"), std::string::npos);
  EXPECT_NE(Tag(with_other, "payment_amount").find("value=\"12.00\""), std::string::npos);
}

TEST_F(FormPageTest, WithoutFreeAmountTheSuggestionsAreTheOnlyChoices) {
  Form form = *demo_;
  form.rules.amount.free_amount = false;
  FormPageInput input;
  input.form = &form;
  input.form_hash = "demo_sandbox_hash_0001";
  input.language = "de-DE";
  std::string html = RenderFormPage(input);
  EXPECT_EQ(html.find("name=\"amount_choice\""), std::string::npos);
  EXPECT_NE(Tag(html, "payment_amount").find("role=\"radiogroup\""), std::string::npos);
  EXPECT_NE(Tag(html, "payment_amount_1").find("name=\"payment[amount]\" value=\"25.00\""), std::string::npos);
  EXPECT_NE(html.find("<span>25,00\xC2\xA0€</span>"), std::string::npos);
}

TEST_F(FormPageTest, IntervalAndPaymentMethodAreChoices) {
  std::string html = Render(nullptr);
  EXPECT_NE(Tag(html, "payment_interval").find("<fieldset"), std::string::npos);
  EXPECT_NE(Tag(html, "payment_interval_0").find("type=\"radio\""), std::string::npos);
  EXPECT_NE(html.find("value=\"0\"><span>one-off</span>"), std::string::npos);
  EXPECT_NE(html.find("value=\"12\"><span>yearly</span>"), std::string::npos);
  std::string german = Render(nullptr, FormPageState::kForm, false, "de-DE");
  EXPECT_NE(german.find("value=\"12\"><span>jährlich</span>"), std::string::npos);
  EXPECT_NE(german.find("<span>Überweisung</span>"), std::string::npos);
}

TEST_F(FormPageTest, CountryIsASelectOfIsoCodesNamesTheFormsCountryFirst) {
  std::string html = Render(nullptr);
  std::string select = Tag(html, "payment_country");
  EXPECT_NE(select.find("<select"), std::string::npos) << select;
  EXPECT_NE(select.find("autocomplete=\"country\""), std::string::npos);
  // en-GB: the United Kingdom right after the empty choice, then A-Z.
  size_t gb = html.find("<option value=\"GB\">United Kingdom</option>");
  size_t af = html.find("<option value=\"AF\">Afghanistan</option>");
  ASSERT_NE(gb, std::string::npos);
  ASSERT_NE(af, std::string::npos);
  EXPECT_LT(gb, af);
  EXPECT_EQ(Count(html, "<option value=\"GB\""), 1u);

  const Form* german_form = forms_->FindByHash("spendenformular_live_0001").form;
  FormPageInput input;
  input.form = german_form;
  input.form_hash = "spendenformular_live_0001";
  std::string german = RenderFormPage(input);
  size_t de = german.find("<option value=\"DE\">Deutschland</option>");
  size_t eg = german.find("<option value=\"EG\">Ägypten</option>");
  ASSERT_NE(de, std::string::npos);
  ASSERT_NE(eg, std::string::npos);
  EXPECT_LT(de, eg);
  // ?lang=en on a German form: English names, still Germany first.
  input.language = "en-GB";
  std::string english = RenderFormPage(input);
  EXPECT_LT(english.find(">Germany</option>"), english.find(">Afghanistan</option>"));

  SessionView stored = NewSession({{"country", "at", false}});
  EXPECT_NE(Render(&stored).find("<option value=\"AT\" selected>Austria</option>"), std::string::npos);
}

TEST_F(FormPageTest, ErrorsAreTiedToTheirFieldsAndSummarisedWithLinks) {
  SessionView session = NewSession({{"first_name", "Beate", false}});
  auto updated = sessions_->Update(*demo_, session.record.hash, {{"email", "not-an-e-mail", false}}, Authority::kForm);
  ASSERT_TRUE(updated.ok());
  std::string quiet = Render(&updated.value());
  EXPECT_EQ(Tag(quiet, "payment_email").find("aria-invalid"), std::string::npos);
  EXPECT_EQ(Tag(quiet, "global_error").find("autofocus"), std::string::npos);

  std::string html = Render(&updated.value(), FormPageState::kForm, true);
  std::string email = Tag(html, "payment_email");
  EXPECT_NE(email.find("aria-invalid=\"true\""), std::string::npos) << email;
  EXPECT_NE(email.find("aria-describedby=\"payment_email_error\""), std::string::npos) << email;
  EXPECT_EQ(Tag(html, "payment_first_name").find("aria-invalid"), std::string::npos);
  // The summary is focused on load and links to each field (a group to its first radio).
  EXPECT_NE(Tag(html, "global_error").find("autofocus"), std::string::npos);
  EXPECT_NE(Tag(html, "global_error").find("tabindex=\"-1\""), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#payment_email\">E-mail"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#payment_payment_method_0\">"), std::string::npos);
  EXPECT_NE(Tag(html, "payment_payment_method").find("aria-invalid=\"true\""), std::string::npos);
  // A live region for what prefill.js announces.
  EXPECT_NE(Tag(html, "prefill_status").find("aria-live=\"polite\""), std::string::npos);
}

TEST_F(FormPageTest, TheHintOfAFieldIsPartOfItsDescription) {
  std::string html = Render(nullptr);
  EXPECT_NE(Tag(html, "payment_credit_card_token").find("aria-describedby=\"payment_credit_card_token_hint "
                                                        "payment_credit_card_token_error\""),
            std::string::npos);
}

TEST_F(FormPageTest, LanguageOverrideTranslatesEveryText) {
  const Form* form = forms_->FindByHash("spendenformular_live_0001").form;
  FormPageInput input;
  input.form = form;
  input.form_hash = "spendenformular_live_0001";
  input.language = "en-GB";
  std::string html = RenderFormPage(input);
  EXPECT_NE(html.find("<html lang=\"en-GB\">"), std::string::npos);
  EXPECT_NE(html.find("Donate now"), std::string::npos);
  EXPECT_NE(html.find("First name"), std::string::npos);
  EXPECT_EQ(html.find("Jetzt spenden"), std::string::npos);
  EXPECT_NE(html.find("<span>€20.00</span>"), std::string::npos);
  // The form file's own English label, where it has one.
  EXPECT_NE(html.find("What are you interested in?"), std::string::npos);
  EXPECT_NE(html.find("\"lang\":\"en-GB\""), std::string::npos);
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
  EXPECT_EQ(Content(html, "thank_you_amount"), "€25.00");
  EXPECT_NE(html.find("Thank you!"), std::string::npos);
  // The heading takes the focus; what the donor keeps is listed; print hides the rest.
  EXPECT_NE(Tag(html, "thank_you_title").find("autofocus"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"detail\" data-key=\"method\"><dt>Payment method</dt><dd>SEPA direct debit</dd>"),
            std::string::npos)
      << Content(html, "thank_you_details");
  EXPECT_NE(html.find("id=\"print_button\""), std::string::npos);
  EXPECT_NE(Content(html, "thank_you_method_note").find("SEPA direct debit"), std::string::npos);
  // The page data carries the same texts for prefill.js.
  EXPECT_NE(Content(html, "prefill-data").find("\"thank_you\":{\"amount\":\"€25.00\""), std::string::npos);
  // No donor data goes to the script block of a finished session.
  EXPECT_NE(Content(html, "prefill-data").find("\"session\":null"), std::string::npos);

  std::string open = Render(&session);
  EXPECT_NE(Tag(open, "thank_you").find("hidden"), std::string::npos);
}

TEST_F(FormPageTest, ThankYouOfASepaPaymentInGerman) {
  SessionView session = NewSession(CompleteSepaInputs());
  Transaction paid;
  paid.id = "tx-2";
  paid.amount = "1250.00";
  paid.currency = "EUR";
  paid.payment_method = "sepa_direct_debit";
  paid.interval = 1;
  paid.masked_iban = "****3000";
  paid.provider_reference = "sbx_sepa_2";
  paid.updated_at = TimePoint(std::chrono::seconds(1795910400));  // 2026-11-29
  FormPageInput input;
  input.form = demo_;
  input.form_hash = "demo_sandbox_hash_0001";
  input.sandbox = true;
  input.session = &session;
  input.state = FormPageState::kThankYou;
  input.language = "de-DE";
  input.payment = paid;
  std::string html = RenderFormPage(input);
  EXPECT_EQ(Content(html, "thank_you_amount"), "1.250,00\xC2\xA0€");
  EXPECT_NE(html.find("<dt>Datum</dt><dd>29.11.2026</dd>"), std::string::npos) << Content(html, "thank_you_details");
  EXPECT_NE(html.find("<dt>Turnus</dt><dd>monatlich</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Referenz</dt><dd>sbx_sepa_2</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Konto</dt><dd>****3000</dd>"), std::string::npos);
  EXPECT_NE(Content(html, "thank_you_method_note").find("von Ihrem Konto ****3000 ein"), std::string::npos);
  EXPECT_EQ(Tag(html, "thank_you_sandbox").find("hidden"), std::string::npos);  // a sandbox session
  // No donor data in the thank-you state.
  EXPECT_EQ(html.find("Beate"), std::string::npos);
  EXPECT_EQ(html.find("DE89"), std::string::npos);
}

TEST_F(FormPageTest, ThankYouOfALiveSepaPaymentShowsThePreNotification) {
  SessionView session = NewSession(CompleteSepaInputs());
  Transaction paid;
  paid.id = "tx-3";
  paid.amount = "25.00";
  paid.currency = "EUR";
  paid.payment_method = "sepa_direct_debit";
  paid.interval = 3;
  paid.masked_iban = "****3000";
  paid.updated_at = TimePoint(std::chrono::seconds(1795910400));  // 2026-11-29
  SepaPreNotification pre;
  pre.mandate_reference = "PF-7K2M9Q";
  pre.creditor_id = "DE98ZZZ09999999999";
  pre.creditor_name = "Tiere & <Natur> e.V.";  // escaped in the page
  pre.amount_cents = 2500;
  pre.due_date = "2026-12-04";
  pre.interval_months = 3;
  paid.pre_notification = pre;
  FormPageInput input;
  input.form = demo_;
  input.form_hash = "demo_live_hash_0001";
  input.session = &session;
  input.state = FormPageState::kThankYou;
  input.language = "en-GB";
  input.payment = paid;
  std::string html = RenderFormPage(input);
  const std::string& details = html;  // the rows as the template writes them
  EXPECT_NE(details.find("<dt>Mandate reference</dt><dd>PF-7K2M9Q</dd>"), std::string::npos) << Content(html, "thank_you_method_note");
  EXPECT_NE(details.find("<dt>Creditor identifier</dt><dd>DE98ZZZ09999999999</dd>"), std::string::npos) << Content(html, "thank_you_method_note");
  EXPECT_NE(details.find("<dt>Due date</dt><dd>04/12/2026</dd>"), std::string::npos) << Content(html, "thank_you_method_note");
  EXPECT_NE(details.find("<dt>Creditor</dt><dd>Tiere &amp; &lt;Natur&gt; e.V.</dd>"), std::string::npos) << Content(html, "thank_you_method_note");
  EXPECT_EQ(html.find("<Natur>"), std::string::npos);
  const std::string note = Content(html, "thank_you_method_note");
  EXPECT_NE(note.find("will collect €25.00"), std::string::npos) << note;
  EXPECT_NE(note.find("on 04/12/2026 and then quarterly,"), std::string::npos) << note;
  EXPECT_NE(note.find("mandate reference PF-7K2M9Q"), std::string::npos) << note;
  // prefill.js gets the same rows.
  EXPECT_NE(Content(html, "prefill-data").find("\"key\":\"sepa_mandate\""), std::string::npos);

  input.language = "de-DE";
  pre.interval_months = 0;
  input.payment->pre_notification = pre;
  std::string german = RenderFormPage(input);
  EXPECT_NE(german.find("<dt>F\xC3\xA4lligkeitsdatum</dt><dd>04.12.2026</dd>"), std::string::npos);
  const std::string german_note = Content(german, "thank_you_method_note");
  EXPECT_NE(german_note.find("am 04.12.2026 per SEPA-Lastschrift"), std::string::npos) << german_note;
  EXPECT_EQ(german_note.find("danach"), std::string::npos) << german_note;  // one-off
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

TEST_F(FormPageTest, AssetsAreEmbeddedInTheBinary) {
  EXPECT_NE(EmbeddedAsset("src/hosted/static/prefill.js").find("Prefill"), std::string_view::npos);
  EXPECT_NE(EmbeddedAsset("src/hosted/templates/form_page.mustache").find("{{#fields}}"), std::string_view::npos);
  EXPECT_FALSE(EmbeddedAsset("sandbox/shop/demo_shop.mustache").empty());
  EXPECT_TRUE(EmbeddedAsset("no/such/file").empty());
}

}  // namespace
}  // namespace prefill::testing
