#include "hosted/form_page.h"

#include <kainjow/mustache.hpp>

#include <map>
#include <set>

#include "forms/form_config.h"
#include "hosted/embedded_assets.h"
#include "hosted/page_texts.h"
#include "http/form_api_wire.h"
#include "http/json_writer.h"
#include "session/session_errors.h"

namespace prefill {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

constexpr int kCardYearsOffered = 10;

// The payment method whose extra fields these are; they are shown only with it.
const char* MethodOfField(const std::string& field) {
  if (field.rfind("bank_", 0) == 0) return "sepa_direct_debit";
  if (field.rfind("credit_card_", 0) == 0) return "credit_card";
  return nullptr;
}

const char* AutocompleteOf(const std::string& field) {
  static const std::map<std::string, const char*> kHints = {
      {"first_name", "given-name"},     {"last_name", "family-name"},   {"email", "email"},
      {"phone", "tel"},                 {"address", "street-address"},  {"post_code", "postal-code"},
      {"city", "address-level2"},       {"country", "country"},         {"company_name", "organization"},
      {"birthday", "bday"},             {"title", "honorific-prefix"},  {"bank_account_owner", "name"},
      {"credit_card_owner", "cc-name"},
  };
  auto it = kHints.find(field);
  return it == kHints.end() ? nullptr : it->second;
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
  RenderedSessionErrors rendered = RenderSessionErrors(input.session->errors, input.form->language());
  shown.by_field = rendered.other_fields;
  for (const auto& [field, message] : rendered.current_fields) shown.by_field[field] = message;
  shown.globals = rendered.globals;
  return shown;
}

data FieldData(const FormPageInput& input, const FormField& field, const FieldErrors& errors,
               const std::string& chosen_method) {
  const Form& form = *input.form;
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
    hint = PageText(form.language(), "card_token_hint");
  }

  data d{data::type::object};
  const std::string id = "payment_" + field.name;
  d.set("name", field.name);
  d.set("id", id);
  d.set("wrapper_id", id + "_wrapper");
  d.set("error_id", id + "_error");
  d.set("param", "payment[" + field.name + "]");
  d.set("label", field.LabelFor(form.language()));
  d.set("input_type", type);
  SetText(d, "value", value);
  d.set("locked", Flag(locked));
  d.set("required", Flag(required));
  SetText(d, "hint", hint);
  auto error = errors.by_field.find(field.name);
  SetText(d, "error", error == errors.by_field.end() ? std::string() : error->second);

  const bool is_hidden = type == "hidden";
  const bool is_radio = type == "radio";
  const bool is_checkbox = type == "checkbox";
  const bool is_select = type == "select";
  const bool is_textarea = type == "textarea";
  d.set("is_hidden", Flag(is_hidden));
  d.set("is_radio", Flag(is_radio));
  d.set("is_checkbox", Flag(is_checkbox));
  d.set("is_select", Flag(is_select));
  d.set("is_textarea", Flag(is_textarea));
  d.set("is_labelled", Flag(is_select || is_textarea || (!is_hidden && !is_radio && !is_checkbox)));
  d.set("is_input", Flag(!is_hidden && !is_radio && !is_checkbox && !is_select && !is_textarea));
  d.set("checked", Flag(value == "1"));
  SetText(d, "inputmode", field.name == "amount" ? "decimal" : "");
  const char* autocomplete = AutocompleteOf(field.name);
  SetText(d, "autocomplete", autocomplete ? autocomplete : "");

  const char* method = MethodOfField(field.name);
  SetText(d, "method", method ? method : "");
  const bool other_method = method && !chosen_method.empty() && chosen_method != method;
  d.set("hide", Flag(is_hidden || other_method));

  auto options = field.options.empty() ? DefaultOptions(field.name, input.today) : field.options;
  data option_list{data::type::list};
  int n = 0;
  for (const auto& [key, text] : options) {
    data option{data::type::object};
    option.set("key", key);
    option.set("text", text);
    option.set("selected", Flag(key == value));
    option.set("option_id", id + "_" + std::to_string(n++));
    option.set("param", "payment[" + field.name + "]");
    option.set("value", key);
    option_list.push_back(option);
  }
  d.set("options", option_list);

  data suggestions{data::type::list};
  const bool offer_suggestions = field.name == "amount" && !locked && !form.amount_suggestions.empty();
  if (offer_suggestions) {
    for (const std::string& amount : form.amount_suggestions) {
      data s{data::type::object};
      s.set("amount", amount);
      s.set("currency", form.currency());
      s.set("selected", Flag(amount == value));
      suggestions.push_back(s);
    }
  }
  d.set("suggestions", suggestions);
  d.set("has_suggestions", Flag(offer_suggestions));
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

}  // namespace

std::string FormPageDataJson(const FormPageInput& input) {
  const Form& form = *input.form;
  const bool session_usable = input.session != nullptr && input.state == FormPageState::kForm;
  JsonWriter w;
  w.StartObject();
  w.Member("status", "success");
  w.Member("hash", input.form_hash);
  w.Key("sandbox");
  w.Bool(input.sandbox);
  w.Member("state", StateName(input.state));
  w.Key("endpoints");
  w.StartObject();
  w.Member("data", FormPageEndpoint(input.form_hash, "data"));
  w.Member("session", FormPageEndpoint(input.form_hash, "session"));
  w.Member("payment", FormPageEndpoint(input.form_hash, "payment"));
  w.EndObject();
  w.Key("config");
  w.RawJson(FormConfigJson(form));
  w.Key("session");
  if (session_usable) {
    WriteSessionJson(w, *input.session, form);
  } else {
    w.Null();
  }
  w.Key("texts");
  w.StartObject();
  for (const auto& [key, text] : PageTextsFor(form.language())) w.Member(key, text);
  w.EndObject();
  w.EndObject();
  return JsonForHtmlScript(w.Take());
}

std::string PercentEncode(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string FormPageEndpoint(const std::string& form_hash, const std::string& name) {
  return "/form/" + PercentEncode(form_hash) + "/" + name;
}

std::string RenderFormPage(const FormPageInput& input) {
  const Form& form = *input.form;
  const std::string& language = form.language();
  const bool session_usable = input.session != nullptr && input.state == FormPageState::kForm;
  const bool show_form = input.state == FormPageState::kForm || input.state == FormPageState::kNotFound;

  FormPageInput effective = input;
  if (!session_usable) effective.session = nullptr;
  FieldErrors errors = ShownErrors(effective);

  data page{data::type::object};
  page.set("lang", language);
  page.set("form_name", form.name);
  page.set("state", StateName(input.state));
  page.set("sandbox", Flag(input.sandbox || (input.session && input.session->record.sandbox)));
  page.set("t", TextsData(language));
  page.set("show_form", Flag(show_form));
  page.set("thank_you", Flag(input.state == FormPageState::kThankYou));

  std::string notice;
  if (input.state == FormPageState::kProcessing) notice = PageText(language, "processing");
  if (input.state == FormPageState::kExpired) notice = PageText(language, "expired");
  if (input.state == FormPageState::kNotFound) notice = PageText(language, "not_found");
  SetText(page, "notice", notice);

  std::string thank_you_amount;
  if (input.state == FormPageState::kThankYou && input.session) {
    auto amount = input.session->record.values.find("amount");
    if (amount != input.session->record.values.end()) thank_you_amount = amount->second + " " + form.currency();
  }
  page.set("thank_you_amount", thank_you_amount);

  data globals{data::type::list};
  for (const std::string& message : input.global_errors) globals.push_back(message);
  for (const std::string& message : errors.globals) globals.push_back(message);
  page.set("global_errors", globals);

  std::string session_hash = session_usable ? effective.session->record.hash : "";
  page.set("session_hash", session_hash);
  std::string action = "/form/" + PercentEncode(input.form_hash);
  if (!session_hash.empty()) action += "?fbSessionHash=" + PercentEncode(session_hash);
  page.set("action", action);

  std::string chosen_method;
  if (session_usable) {
    auto method = effective.session->record.values.find("payment_method");
    if (method != effective.session->record.values.end()) chosen_method = method->second;
  }
  data fields{data::type::list};
  for (const FormField& field : form.fields) fields.push_back(FieldData(effective, field, errors, chosen_method));
  page.set("fields", fields);
  page.set("data_json", FormPageDataJson(effective));

  mustache tmpl{std::string(EmbeddedAsset("src/hosted/templates/form_page.mustache"))};
  return tmpl.render(page);
}

}  // namespace prefill
