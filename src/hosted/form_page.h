// The hosted donation form page (SPEC section 6) as HTML, rendered from the
// form definition and a session with the Mustache template
// src/hosted/templates/form_page.mustache (embedded in the binary).
//
// Contract of the markup (shops and tests rely on it):
//   every field: wrapper  id="payment_<field>_wrapper",
//                control  id="payment_<field>" name="payment[<field>]"
//                         (radio groups: the <fieldset> has the id, each radio
//                          id="payment_<field>_<n>"),
//                error    id="payment_<field>_error" class="error";
//   one element id="global_error" (class "error global-error");
//   the thank-you state id="thank_you" (hidden unless the state is kThankYou),
//     its details in id="thank_you_details" (rows data-key="amount", ...);
//   one polite live region id="prefill_status" (announcements of prefill.js);
//   a control with an error: aria-invalid="true", aria-describedby naming its
//     error element (and its hint);
//   amount suggestions (free amount): radios name="amount_choice" (a suggestion
//     or "other") beside the text input payment[amount]; a posted choice other
//     than "other" is the amount; without free_amount the amount is a radio
//     group of the suggestions; interval is a radio group;
//   country: a select of iso-codes names in the page's language;
//   locked (_fix) fields: readonly (inputs) or disabled (choices), data-locked="1";
//   the page's data for /static/prefill.js in
//     <script type="application/json" id="prefill-data">, made safe with
//     JsonForHtmlScript; no inline script is executed (the CSP forbids it).
// Every value, label and message is HTML-escaped by the template engine.
//
// No I/O of its own (country names come from CountryNames::Shared(), read once);
// the same input gives the same bytes. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "forms/form.h"
#include "payments/transaction.h"
#include "session/session_service.h"
#include "validators/validation.h"

namespace prefill {

enum class FormPageState {
  kForm,        // the form, filled from `session` when there is one
  kThankYou,    // the session was paid: a thank-you message instead of the form
  kProcessing,  // a payment is under way: a notice, no form
  kExpired,     // the session expired: a notice, no form
  kNotFound,    // an unknown fbSessionHash: a notice and an empty form
};

struct FormPageInput {
  const Form* form = nullptr;
  std::string form_hash;  // the hash of the URL (live or sandbox)
  bool sandbox = false;   // form_hash is the form's sandbox hash
  FormPageState state = FormPageState::kForm;
  const SessionView* session = nullptr;  // null: no session (empty form)
  // kForm: show every field error of the session (after a submit), not only
  // none (a freshly opened page shows no errors, however much is missing).
  bool show_field_errors = false;
  std::vector<std::string> global_errors;  // shown in #global_error
  validators::CivilDate today;             // first year offered for card expiry
  // The language the page is shown in (PageLanguage of the form's and ?lang=);
  // empty: the form's. Every text, label, message, amount and date follows it.
  std::string language;
  // kThankYou: the session's confirmed payment, when known, for what the
  // donor must keep (thank_you.h).
  std::optional<Transaction> payment;
  // A live form whose cards go to Stripe: the account's publishable key
  // (pk_...). The card is then entered in Stripe.js (#stripe_card_element,
  // /static/prefill-stripe.js) instead of a token field. Empty: no Stripe.js.
  std::string stripe_publishable_key;
};

// The language `input` is shown in.
std::string LanguageOf(const FormPageInput& input);

std::string RenderFormPage(const FormPageInput& input);

// The page's data for /static/prefill.js, also served as GET /form/<hash>/data:
//   {"status":"success", "hash", "sandbox", "state": "form"|"thank_you"|...,
//    "endpoints": {"data", "session", "payment"}, "config": {/forms/config object},
//    "session": {Session JSON} | null (null unless state "form"), "texts": {key: text},
//    "lang": the page's language,
//    "thank_you": {amount, sandbox, rows: [{key, label, value}], method_title,
//                  method_note, method_rows} | null (state "thank_you" only)}
// The endpoints carry ?lang= when the page's language is not the form's.
// Safe to place inside an HTML <script> element (JsonForHtmlScript).
std::string FormPageDataJson(const FormPageInput& input);

// The path of the hosted page's own JSON endpoints for `form_hash`, e.g.
// "/form/<hash>/session" (FormPageEndpoint(h, "session")).
std::string FormPageEndpoint(const std::string& form_hash, const std::string& name);


}  // namespace prefill
