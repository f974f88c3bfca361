#include "hosted/form_page.h"
#include "common/text_codec.h"

#include <kainjow/mustache.hpp>

#include <map>
#include <set>

#include "forms/form_config.h"
#include "forms/standard_fields.h"
#include "hosted/country_names.h"
#include "hosted/embedded_assets.h"
#include "hosted/locale_format.h"
#include "hosted/page_texts.h"
#include "hosted/thank_you.h"
#include "http/form_api_wire.h"
#include "http/json_writer.h"
#include "session/session_errors.h"
#include "validators/field_registry.h"

namespace prefill {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

constexpr int kCardYearsOffered = 10;

// The payment method whose extra fields these are; they are shown only with it.
std::string MethodOfField(const std::string& field) {
  const validators::PaymentMethodSpec* spec = validators::PaymentMethodOfField(field);
  return spec ? std::string(spec->name) : std::string();
}

const char* AutocompleteOf(const std::string& field) {
  const validators::StandardFieldSpec* spec = validators::FindStandardFieldSpec(field);
  return spec == nullptr ? nullptr : spec->autocomplete;
}

// Card expiry choices: the validators want months "01".."12" and four-digit years.
std::vector<std::pair<std::string, std::string>> DefaultOptions(const std::string& field,
                                                                const validators::CivilDate& today) {
  std::vector<std::pair<std::string, std::string>> options;
  if (field == "credit_card_expire_date_month") {
    for (int m = 1; m <= 12; ++m) {
      std::string key = (m < 10 ? "0" : "") + std::to_string(m);
      options.emplace_back(key, key);
    }
  } else if (field == "credit_card_expire_date_year") {
    for (int y = today.year; y <= today.year + kCardYearsOffered; ++y) {
      options.emplace_back(std::to_string(y), std::to_string(y));
    }
  }
  return options;
}

// The choices of `field` with their texts in the page's language: the
// standard choices (interval, payment method, default salutations and receipt
// options) are named again in `language`; choices from the form file stay as written.
std::vector<std::pair<std::string, std::string>> OptionsFor(const Form& form, const FormField& field,
                                                            const std::string& language,
                                                            const validators::CivilDate& today) {
  if (field.options.empty()) return DefaultOptions(field.name, today);
  std::vector<std::pair<std::string, std::string>> options = field.options;
  if (field.name == "interval") {
    for (auto& [key, text] : options) text = IntervalLabel(key, language);
  } else if (field.name == "payment_method") {
    for (auto& [key, text] : options) text = PaymentMethodLabel(key, language);
  } else if (field.name == "salutation" && options == DefaultSalutationOptions(form.language())) {
    options = DefaultSalutationOptions(language);
  } else if (field.name == "wants_receipt" && options == DefaultReceiptOptions(form.language())) {
    options = DefaultReceiptOptions(language);
  }
  return options;
}

bool IsCountryField(const Form& form, const FormField& field) {
  if (field.name == "country") return true;
  auto rule = form.rules.fields.find(field.name);
  return rule != form.rules.fields.end() && rule->second.validator &&
         rule->second.validator->type == validators::CustomValidator::Type::kCountry;
}

// The countries in the page's language, the form's own country (the region of
// its language, "de-DE" -> DE) first.
std::vector<std::pair<std::string, std::string>> CountryOptions(const Form& form, const std::string& language) {
  const std::vector<CountryName>& countries = CountryNames::Shared().In(language);
  const std::string first = LanguageRegion(form.language());
  std::vector<std::pair<std::string, std::string>> options;
  options.reserve(countries.size());
  for (const CountryName& c : countries) {
    if (c.code == first) options.emplace_back(c.code, c.name);
  }
  for (const CountryName& c : countries) {
    if (c.code != first) options.emplace_back(c.code, c.name);
  }
  return options;
}

data TextsData(const std::string& language) {
  data texts{data::type::object};
  for (const auto& [key, text] : PageTextsFor(language)) texts.set(key, text);
  return texts;
}

data Flag(bool value) { return value ? data(data::type::bool_true) : data(data::type::bool_false); }

// Sets `key` to `text` and `has_<key>` to whether it is non-empty: the template
// engine treats every string, even an empty one, as true in a section.
void SetText(data& d, const std::string& key, const std::string& text) {
  d.set(key, text);
  d.set("has_" + key, Flag(!text.empty()));
}

struct FieldErrors {
  std::map<std::string, std::string> by_field;
  std::vector<std::string> globals;
};

FieldErrors ShownErrors(const FormPageInput& input) {
  FieldErrors shown;
  if (!input.show_field_errors || input.session == nullptr) return shown;
  RenderedSessionErrors rendered = RenderSessionErrors(input.session->errors, LanguageOf(input));
  shown.by_field = rendered.other_fields;
  for (const auto& [field, message] : rendered.current_fields) shown.by_field[field] = message;
  shown.globals = rendered.globals;
  return shown;
}

data OptionList(const std::vector<std::pair<std::string, std::string>>& options, const std::string& id,
                const std::string& param, const std::string& value) {
  data list{data::type::list};
  int n = 0;
  for (const auto& [key, text] : options) {
    data option{data::type::object};
    option.set("key", key);
    option.set("text", text);
    option.set("selected", Flag(key == value));
    option.set("option_id", id + "_" + std::to_string(n++));
    option.set("param", param);
    option.set("value", key);
    list.push_back(option);
  }
  return list;
}

data FieldData(const FormPageInput& input, const FormField& field, const FieldErrors& errors,
               const std::string& chosen_method) {
  const Form& form = *input.form;
  const std::string language = LanguageOf(input);
  const SessionRecord* record = input.session ? &input.session->record : nullptr;
  std::string value;
  bool locked = false;
  if (record) {
    if (auto it = record->values.find(field.name); it != record->values.end()) value = it->second;
    locked = record->fixed.count(field.name) > 0;
  }
  auto rule = form.rules.fields.find(field.name);
  const bool required = rule != form.rules.fields.end() && rule->second.required;

  std::string type = field.type;
  std::string hint;
  // A card token normally comes from a provider's widget; the sandbox lets donors type a test token.
  if (field.name == "credit_card_token" && input.sandbox) {
    type = "text";
    hint = PageText(language, "card_token_hint");
  }
  // With Stripe.js the donor types expiry (and the network is known) in Stripe's
  // card field; prefill-stripe.js copies them from the PaymentMethod.
  if (!input.stripe_publishable_key.empty() &&
      (field.name == "credit_card_expire_date_month" || field.name == "credit_card_expire_date_year" ||
       field.name == "credit_card_network")) {
    type = "hidden";
  }
  auto options = OptionsFor(form, field, language, input.today);
  // A handful of intervals reads best as choices side by side, not a list to open.
  if (field.name == "interval" && type == "select") type = "radio";
  if (IsCountryField(form, field) && type != "hidden") {
    auto countries = CountryOptions(form, language);
    if (!countries.empty()) {
      type = "select";
      options = std::move(countries);
    }
  }
  // Amount suggestions: one-tap choices beside the free amount, or the only
  // choices when the form allows no free amount. A locked amount is just shown.
  const bool is_amount = field.name == "amount";
  const bool offer_suggestions = is_amount && !locked && !form.amount_suggestions.empty();
  const bool amount_group = offer_suggestions && form.rules.amount.free_amount;
  if (offer_suggestions && !amount_group) {
    type = "radio";
    options.clear();
    for (const std::string& amount : form.amount_suggestions) {
      options.emplace_back(amount, FormatAmountText(amount, form.currency(), language));
    }
  }

  data d{data::type::object};
  const std::string id = "payment_" + field.name;
  const std::string param = "payment[" + field.name + "]";
  d.set("name", field.name);
  d.set("id", id);
  d.set("wrapper_id", id + "_wrapper");
  d.set("error_id", id + "_error");
  d.set("hint_id", id + "_hint");
  d.set("param", param);
  d.set("label", field.LabelFor(language));
  d.set("input_type", type);
  d.set("locked", Flag(locked));
  d.set("required", Flag(required));
  SetText(d, "hint", hint);
  auto error = errors.by_field.find(field.name);
  const std::string message = error == errors.by_field.end() ? std::string() : error->second;
  SetText(d, "error", message);
  // aria-describedby: the hint (when there is one), then the error element.
  d.set("described_by", (hint.empty() ? "" : id + "_hint ") + id + "_error");

  const bool is_hidden = type == "hidden";
  const bool is_radio = type == "radio";
  const bool is_checkbox = type == "checkbox";
  const bool is_select = type == "select";
  const bool is_textarea = type == "textarea";
  const bool is_input = !is_hidden && !is_radio && !is_checkbox && !is_select && !is_textarea;
  d.set("is_hidden", Flag(is_hidden));
  d.set("is_radio", Flag(is_radio));
  d.set("is_checkbox", Flag(is_checkbox));
  d.set("is_select", Flag(is_select));
  d.set("is_textarea", Flag(is_textarea));
  d.set("is_amount_group", Flag(amount_group));
  d.set("is_labelled", Flag(!amount_group && (is_select || is_textarea || is_input)));
  d.set("is_input", Flag(is_input));
  d.set("checked", Flag(value == "1"));
  SetText(d, "inputmode", is_amount ? "decimal" : "");
  const char* autocomplete = AutocompleteOf(field.name);
  SetText(d, "autocomplete", autocomplete ? autocomplete : "");

  const std::string method = MethodOfField(field.name);
  SetText(d, "method", method);
  const bool other_method = !method.empty() && !chosen_method.empty() && chosen_method != method;
  d.set("hide", Flag(is_hidden || other_method));

  // Where the error summary's link for this field leads: the first radio of a group.
  d.set("focus_id", is_radio && !options.empty() ? id + "_0" : id);
  d.set("options", OptionList(options, id, param, value));

  data suggestions{data::type::list};
  bool suggestion_chosen = false;
  if (amount_group) {
    int n = 0;
    for (const std::string& amount : form.amount_suggestions) {
      data s{data::type::object};
      s.set("amount", amount);
      s.set("text", FormatAmountText(amount, form.currency(), language));
      s.set("option_id", "amount_choice_" + std::to_string(n++));
      s.set("selected", Flag(amount == value));
      suggestion_chosen = suggestion_chosen || amount == value;
      suggestions.push_back(s);
    }
  }
  d.set("suggestions", suggestions);
  d.set("other_selected", Flag(amount_group && !suggestion_chosen && !value.empty()));
  // A chosen suggestion shows in its radio; the text box holds only another amount.
  SetText(d, "value", amount_group && suggestion_chosen ? std::string() : value);
  d.set("other_label", FillText(PageText(language, "amount_other_label"), "currency", form.currency()));
  return d;
}

const char* StateName(FormPageState state) {
  switch (state) {
    case FormPageState::kForm: return "form";
    case FormPageState::kThankYou: return "thank_you";
    case FormPageState::kProcessing: return "processing";
    case FormPageState::kExpired: return "expired";
    case FormPageState::kNotFound: return "not_found";
  }
  return "form";
}

// ?lang= for the page's own links and endpoints when it is not the form's language.
std::string LanguageQuery(const FormPageInput& input) {
  const std::string language = LanguageOf(input);
  return language == input.form->language() ? "" : "lang=" + PercentEncode(language);
}

std::string WithQuery(std::string url, const std::string& query) {
  if (query.empty()) return url;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + query;
}

data RowList(const std::vector<ThankYouRow>& rows) {
  data list{data::type::list};
  for (const ThankYouRow& row : rows) {
    data r{data::type::object};
    r.set("key", row.key);
    r.set("label", row.label);
    r.set("value", row.value);
    list.push_back(r);
  }
  return list;
}

void WriteRows(JsonWriter& w, const std::vector<ThankYouRow>& rows) {
  w.StartArray();
  for (const ThankYouRow& row : rows) {
    w.StartObject();
    w.Member("key", row.key);
    w.Member("label", row.label);
    w.Member("value", row.value);
    w.EndObject();
  }
  w.EndArray();
}

std::optional<ThankYouView> ThankYouOf(const FormPageInput& input) {
  if (input.state != FormPageState::kThankYou || input.session == nullptr) return std::nullopt;
  return BuildThankYou(*input.form, input.session->record, input.payment, LanguageOf(input));
}

}  // namespace

std::string LanguageOf(const FormPageInput& input) {
  return input.language.empty() ? input.form->language() : input.language;
}

std::string FormPageDataJson(const FormPageInput& input) {
  const Form& form = *input.form;
  const std::string language = LanguageOf(input);
  const std::string query = LanguageQuery(input);
  const bool session_usable = input.session != nullptr && input.state == FormPageState::kForm;
  JsonWriter w;
  w.StartObject();
  w.Member("status", "success");
  w.Member("hash", input.form_hash);
  w.Key("sandbox");
  w.Bool(input.sandbox);
  w.Member("state", StateName(input.state));
  w.Member("lang", language);
  w.Key("endpoints");
  w.StartObject();
  w.Member("data", WithQuery(FormPageEndpoint(input.form_hash, "data"), query));
  w.Member("session", WithQuery(FormPageEndpoint(input.form_hash, "session"), query));
  w.Member("payment", WithQuery(FormPageEndpoint(input.form_hash, "payment"), query));
  w.EndObject();
  w.Key("config");
  w.RawJson(FormConfigJson(form));
  w.Key("session");
  if (session_usable) {
    WriteSessionJson(w, *input.session, form, language);
  } else {
    w.Null();
  }
  w.Key("texts");
  w.StartObject();
  for (const auto& [key, text] : PageTextsFor(language)) w.Member(key, text);
  w.EndObject();
  w.Key("thank_you");
  if (std::optional<ThankYouView> thanks = ThankYouOf(input)) {
    w.StartObject();
    w.Member("amount", thanks->amount);
    w.Key("sandbox");
    w.Bool(thanks->sandbox);
    w.Key("rows");
    WriteRows(w, thanks->rows);
    w.Member("method_title", thanks->method_title);
    w.Member("method_note", thanks->method_note);
    w.Key("method_rows");
    WriteRows(w, thanks->method_rows);
    w.EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
  return JsonForHtmlScript(w.Take());
}

std::string FormPageEndpoint(const std::string& form_hash, const std::string& name) {
  return "/form/" + PercentEncode(form_hash) + "/" + name;
}

std::string RenderFormPage(const FormPageInput& input) {
  const Form& form = *input.form;
  const std::string language = LanguageOf(input);
  const bool session_usable = input.session != nullptr && input.state == FormPageState::kForm;
  const bool show_form = input.state == FormPageState::kForm || input.state == FormPageState::kNotFound;

  FormPageInput effective = input;
  if (!session_usable) effective.session = nullptr;
  FieldErrors errors = ShownErrors(effective);

  data page{data::type::object};
  page.set("lang", language);
  page.set("form_name", form.name);
  page.set("state", StateName(input.state));
  // The banner follows the session (its processor decides whether money moves),
  // the page's hash only when there is no session yet.
  page.set("sandbox", Flag(input.session ? input.session->record.sandbox : input.sandbox));
  page.set("t", TextsData(language));
  page.set("show_form", Flag(show_form));
  page.set("thank_you", Flag(input.state == FormPageState::kThankYou));

  std::string notice;
  if (input.state == FormPageState::kProcessing) notice = PageText(language, "processing");
  if (input.state == FormPageState::kExpired) notice = PageText(language, "expired");
  if (input.state == FormPageState::kNotFound) notice = PageText(language, "not_found");
  SetText(page, "notice", notice);

  data ty{data::type::object};
  if (std::optional<ThankYouView> thanks = ThankYouOf(input)) {
    ty.set("amount", thanks->amount);
    ty.set("sandbox", Flag(thanks->sandbox));
    ty.set("rows", RowList(thanks->rows));
    SetText(ty, "method_title", thanks->method_title);
    ty.set("method_note", thanks->method_note);
    ty.set("method_rows", RowList(thanks->method_rows));
  } else {
    ty.set("amount", "");
    ty.set("sandbox", Flag(false));
    ty.set("rows", data{data::type::list});
    SetText(ty, "method_title", "");
    ty.set("method_note", "");
    ty.set("method_rows", data{data::type::list});
  }
  page.set("ty", ty);

  std::string session_hash = session_usable ? effective.session->record.hash : "";
  page.set("session_hash", session_hash);
  std::string action = "/form/" + PercentEncode(input.form_hash);
  if (!session_hash.empty()) action += "?fbSessionHash=" + PercentEncode(session_hash);
  page.set("action", WithQuery(action, LanguageQuery(input)));

  std::string chosen_method;
  if (session_usable) {
    auto method = effective.session->record.values.find("payment_method");
    if (method != effective.session->record.values.end()) chosen_method = method->second;
  }
  data fields{data::type::list};
  // The error summary: a link to each field with an error, in the order of the form.
  data error_links{data::type::list};
  for (const FormField& field : form.fields) {
    data d = FieldData(effective, field, errors, chosen_method);
    if (auto error = errors.by_field.find(field.name); error != errors.by_field.end()) {
      data link{data::type::object};
      link.set("target", d.get("focus_id")->string_value());
      link.set("label", field.LabelFor(language));
      link.set("message", error->second);
      error_links.push_back(link);
    }
    fields.push_back(d);
  }
  page.set("fields", fields);
  page.set("error_links", error_links);
  page.set("has_error_links", Flag(!errors.by_field.empty()));

  data globals{data::type::list};
  for (const std::string& message : input.global_errors) globals.push_back(message);
  for (const std::string& message : errors.globals) globals.push_back(message);
  page.set("global_errors", globals);
  page.set("has_global_errors", Flag(!input.global_errors.empty() || !errors.globals.empty() || !errors.by_field.empty()));
  if (!input.stripe_publishable_key.empty()) page.set("stripe_key", input.stripe_publishable_key);
  page.set("data_json", FormPageDataJson(effective.state == FormPageState::kThankYou ? input : effective));

  mustache tmpl{std::string(EmbeddedAsset("src/hosted/templates/form_page.mustache"))};
  return tmpl.render(page);
}

}  // namespace prefill
