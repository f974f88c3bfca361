#include "forms/form_loader.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "forms/decimal_amount.h"
#include "forms/standard_fields.h"
#include "payments/sepa/creditor_id.h"
#include "payments/sepa/sepa_countries.h"
#include "payments/sepa/sepa_text.h"
#include "validators/bic.h"
#include "validators/field_registry.h"
#include "validators/iban.h"
#include "validators/text.h"
#include "validators/pattern.h"
#include "validators/validation.h"

namespace prefill {

namespace {

using rapidjson::Value;
using validators::Cents;
using validators::CustomValidator;
using validators::FieldRule;

constexpr int64_t kHiddenMaxLength = 65536;   // a shop basket as JSON
constexpr int64_t kVisibleMaxLength = 1000;   // default for visible custom fields
constexpr size_t kMaxSlugLength = 64;
constexpr size_t kMinHashLength = 16;
constexpr size_t kMaxHashLength = 64;

const std::vector<std::string> kIntervals = {"0", "1", "3", "6", "12"};
const std::vector<std::string> kInputTypes = {"text",   "textarea", "email", "tel",      "number",
                                              "date",   "select",   "radio", "checkbox", "hidden"};

struct ValidatorTypeName {
  const char* name;
  CustomValidator::Type type;
  const char* input_type;  // default HTML input type of a custom field with this validator
};
const std::vector<ValidatorTypeName> kValidatorTypes = {
    {"text", CustomValidator::Type::kText, "text"},         {"boolean", CustomValidator::Type::kBoolean, "checkbox"},
    {"select", CustomValidator::Type::kSelect, "select"},   {"integer", CustomValidator::Type::kInteger, "number"},
    {"number", CustomValidator::Type::kNumber, "number"},   {"date", CustomValidator::Type::kDate, "date"},
    {"email", CustomValidator::Type::kEmail, "email"},      {"country", CustomValidator::Type::kCountry, "text"},
    {"iban", CustomValidator::Type::kIban, "text"},         {"bic", CustomValidator::Type::kBic, "text"},
    {"phone", CustomValidator::Type::kPhone, "tel"},
};

// Fields whose choices come from form-level keys, so `options` would contradict them.
const std::map<std::string, std::string> kChoicesFromFormKey = {
    {"amount", "amount"}, {"interval", "intervals"}, {"payment_method", "payment_methods"}, {"fb_item_id", "items"}};

bool Contains(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::string JoinList(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& s : list) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsLower(c) || IsDigit(c) || (c >= 'A' && c <= 'Z'); }

// A JSON path step: `.name` for plain names, `["odd name"]` for anything else.
std::string Child(const std::string& path, std::string_view key) {
  bool plain = !key.empty() && !IsDigit(key[0]) &&
               std::all_of(key.begin(), key.end(), [](char c) { return IsAlnum(c) || c == '_' || c == '-'; });
  if (plain) return path + "." + std::string(key);
  std::string escaped;
  for (char c : key) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return path + "[\"" + escaped + "\"]";
}

std::string Index(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

bool IsSlug(std::string_view s) {
  if (s.empty() || s.size() > kMaxSlugLength || !(IsLower(s[0]) || IsDigit(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return IsLower(c) || IsDigit(c) || c == '_' || c == '-'; });
}

bool IsHashText(std::string_view s) {
  if (s.size() < kMinHashLength || s.size() > kMaxHashLength) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return IsAlnum(c) || c == '_' || c == '-'; });
}

// Field names travel as `payment[<name>]` and ids `payment_<name>`; `_fix` is the lock suffix.
bool IsFieldName(std::string_view s) {
  if (s.empty() || s.size() > kMaxSlugLength || !IsLower(s[0])) return false;
  if (s.size() >= 4 && s.substr(s.size() - 4) == "_fix") return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return IsLower(c) || IsDigit(c) || c == '_'; });
}


// An origin as browsers send it: scheme://host[:port], no path, no trailing slash.
bool IsOrigin(std::string_view s) {
  std::string_view rest;
  if (s.substr(0, 8) == "https://") {
    rest = s.substr(8);
  } else if (s.substr(0, 7) == "http://") {
    rest = s.substr(7);
  } else {
    return false;
  }
  size_t colon = rest.rfind(':');
  std::string_view host = rest.substr(0, colon);
  if (colon != std::string_view::npos) {
    std::string_view port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), IsDigit)) return false;
  }
  if (host.empty() || host.front() == '.' || host.front() == '-') return false;
  return std::all_of(host.begin(), host.end(), [](char c) { return IsAlnum(c) || c == '.' || c == '-'; });
}

const char* JsonTypeName(const Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "a boolean";
  if (v.IsObject()) return "an object";
  if (v.IsArray()) return "an array";
  if (v.IsString()) return "a string";
  return "a number";
}

// Parses one form document, collecting every problem it finds.
class FormParser {
 public:
  FormParser(const std::string& file, std::vector<FormProblem>* problems, const FormLoadOptions& options)
      : file_(file), problems_(problems), options_(options) {}

  // True when the document had no problem; `form` is then complete.
  bool Run(std::string_view json, Form* form) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
    if (doc.HasParseError()) {
      ReportParseError(json, doc.GetErrorOffset(), rapidjson::GetParseError_En(doc.GetParseError()));
      return false;
    }
    if (!doc.IsObject()) {
      Report("$", std::string("a form file must hold a JSON object, not ") + JsonTypeName(doc));
      return false;
    }
    CheckKeys(doc, "$",
              {"id", "name", "hash", "sandbox_hash", "active", "api_enabled", "language", "currency",
               "session_ttl_minutes", "amount", "intervals", "payment_methods", "items", "allowed_embed_origins",
               "allowed_redirect_origins", "live_processors", "fields", "sepa", "bank_transfer"});
    ParseIdentity(doc, form);
    ParseLocaleAndLifetime(doc, form);
    ParseAmount(doc, form);
    ParseIntervals(doc, form);
    ParsePaymentMethods(doc, form);
    ParseItems(doc, form);
    ParseEmbedOrigins(doc, form);
    ParseRedirectOrigins(doc, form);
    ParseLiveProcessors(doc, form);
    ParseSepaCreditor(doc, form);
    ParseBankTransfer(doc, form);
    ParseFields(doc, form);
    CheckConsistency(*form);
    AddDerivedOptions(form);
    return reported_ == 0;
  }

 private:
  void Report(std::string path, std::string reason) {
    problems_->push_back(FormProblem{file_, std::move(path), std::move(reason)});
    ++reported_;
  }

  void ReportParseError(std::string_view json, size_t offset, const char* message) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < offset && i < json.size(); ++i) {
      if (json[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    Report("$", "malformed JSON at offset " + std::to_string(offset) + " (line " + std::to_string(line) +
                    ", column " + std::to_string(column) + "): " + message);
  }

  // Unknown keys are refused so that a typo ("requried") never silently means a default.
  void CheckKeys(const Value& object, const std::string& path, std::initializer_list<const char*> allowed) {
    std::set<std::string> seen;
    for (const auto& member : object.GetObject()) {
      std::string key(member.name.GetString(), member.name.GetStringLength());
      bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; });
      std::vector<std::string> names(allowed.begin(), allowed.end());
      if (!known) Report(Child(path, key), "unknown key " + Quote(key) + " (allowed: " + JoinList(names) + ")");
      if (!seen.insert(key).second) Report(Child(path, key), "duplicate key " + Quote(key));
    }
  }

  // Duplicate keys in maps whose keys are free (fields, labels).
  void CheckDuplicateKeys(const Value& object, const std::string& path) {
    std::set<std::string> seen;
    for (const auto& member : object.GetObject()) {
      std::string key(member.name.GetString(), member.name.GetStringLength());
      if (!seen.insert(key).second) Report(Child(path, key), "duplicate key " + Quote(key));
    }
  }

  static const Value* Find(const Value& object, const char* key) {
    auto it = object.FindMember(key);
    return it == object.MemberEnd() ? nullptr : &it->value;
  }

  // The member `key` when present with the right JSON type; else nullptr (a problem
  // when it is present with another type or missing and required).
  const Value* Typed(const Value& object, const char* key, const std::string& parent, bool required,
                     bool (Value::*is_type)() const, const char* type_name) {
    const Value* v = Find(object, key);
    if (v == nullptr) {
      if (required) Report(Child(parent, key), std::string("missing required key ") + Quote(key));
      return nullptr;
    }
    if (!(v->*is_type)()) {
      Report(Child(parent, key), std::string("must be ") + type_name + ", not " + JsonTypeName(*v));
      return nullptr;
    }
    return v;
  }

  bool GetString(const Value& object, const char* key, const std::string& parent, bool required,
                 std::string* out) {
    const Value* v = Typed(object, key, parent, required, &Value::IsString, "a string");
    if (v == nullptr) return false;
    out->assign(v->GetString(), v->GetStringLength());
    return true;
  }

  bool GetBool(const Value& object, const char* key, const std::string& parent, bool* out) {
    const Value* v = Typed(object, key, parent, false, &Value::IsBool, "true or false");
    if (v == nullptr) return false;
    *out = v->GetBool();
    return true;
  }

  const Value* GetObject(const Value& object, const char* key, const std::string& parent, bool required) {
    return Typed(object, key, parent, required, &Value::IsObject, "an object");
  }

  const Value* GetArray(const Value& object, const char* key, const std::string& parent) {
    return Typed(object, key, parent, false, &Value::IsArray, "an array");
  }

  // A money amount: a JSON string holding a dot decimal.
  std::optional<Cents> ReadAmount(const Value& v, const std::string& path) {
    if (v.IsNumber()) {
      Report(path, "amounts are decimal strings like \"5.00\", not JSON numbers (which are not exact)");
      return std::nullopt;
    }
    if (!v.IsString()) {
      Report(path, std::string("must be a decimal string like \"5.00\", not ") + JsonTypeName(v));
      return std::nullopt;
    }
    std::string text(v.GetString(), v.GetStringLength());
    std::optional<Cents> cents = ParseDecimalCents(text);
    if (!cents) {
      Report(path, "not a decimal amount: " + Quote(text) +
                       " (digits with an optional dot and at most two decimals, e.g. \"12.50\")");
    }
    return cents;
  }

  void ParseIdentity(const Value& root, Form* form) {
    if (GetString(root, "id", "$", true, &form->id) && !IsSlug(form->id)) {
      Report("$.id", "not a slug: " + Quote(form->id) + " (lower-case letters, digits, _ and -, at most 64, " +
                         "starting with a letter or digit)");
    }
    if (GetString(root, "name", "$", true, &form->name) && form->name.empty()) Report("$.name", "must not be empty");
    if (GetString(root, "hash", "$", true, &form->hash) && !IsHashText(form->hash)) {
      Report("$.hash", "a hash is 16 to 64 characters of A-Z, a-z, 0-9, _ and -; got " + Quote(form->hash));
    }
    if (GetString(root, "sandbox_hash", "$", false, &form->sandbox_hash)) {
      if (!IsHashText(form->sandbox_hash)) {
        Report("$.sandbox_hash",
               "a hash is 16 to 64 characters of A-Z, a-z, 0-9, _ and -; got " + Quote(form->sandbox_hash));
      } else if (form->sandbox_hash == form->hash) {
        Report("$.sandbox_hash", "must differ from the live hash");
      }
    }
    GetBool(root, "active", "$", &form->active);
    GetBool(root, "api_enabled", "$", &form->api_enabled);
  }

  void ParseLocaleAndLifetime(const Value& root, Form* form) {
    std::string language;
    if (GetString(root, "language", "$", false, &language)) {
      if (validators::IsLanguageTag(language)) {
        form->rules.language = language;
      } else {
        Report("$.language", "not a language tag like \"de-DE\" or \"en-GB\": " + Quote(language));
      }
    }
    std::string currency;
    if (GetString(root, "currency", "$", false, &currency)) {
      bool shaped = currency.size() == 3 && std::all_of(currency.begin(), currency.end(),
                                                        [](char c) { return c >= 'A' && c <= 'Z'; });
      Status known = shaped ? CheckIsoCurrency(currency, options_.iso_codes_dir) : Status::OK();
      if (!shaped) {
        Report("$.currency", "an ISO 4217 code is three upper-case letters, like \"EUR\"; got " + Quote(currency));
      } else if (known.Is(Status::Code::kNotFound)) {
        Report("$.currency", "unknown ISO 4217 currency " + Quote(currency));
      } else if (!known.ok()) {
        Report("$.currency", "cannot check the currency: " + known.message());
      } else {
        form->rules.currency = currency;
      }
    }
    if (const Value* ttl = Find(root, "session_ttl_minutes")) {
      if (!ttl->IsInt()) {
        Report("$.session_ttl_minutes", std::string("must be an integer, not ") + JsonTypeName(*ttl));
      } else if (ttl->GetInt() < kMinSessionTtlMinutes || ttl->GetInt() > kMaxSessionTtlMinutes) {
        Report("$.session_ttl_minutes", "must be from " + std::to_string(kMinSessionTtlMinutes) + " to " +
                                            std::to_string(kMaxSessionTtlMinutes) + " minutes; got " +
                                            std::to_string(ttl->GetInt()));
      } else {
        form->session_ttl_minutes = ttl->GetInt();
      }
    }
  }

  void ParseAmount(const Value& root, Form* form) {
    validators::AmountRules& rules = form->rules.amount;
    const std::string path = "$.amount";
    if (const Value* amount = GetObject(root, "amount", "$", false)) {
      CheckKeys(*amount, path, {"min", "max", "free_amount", "suggestions"});
      if (const Value* min = Find(*amount, "min")) {
        if (std::optional<Cents> cents = ReadAmount(*min, path + ".min")) {
          if (*cents < 1) {
            Report(path + ".min", "must be at least 0.01");
          } else {
            rules.min = *cents;
          }
        }
      }
      if (const Value* max = Find(*amount, "max")) {
        if (std::optional<Cents> cents = ReadAmount(*max, path + ".max")) {
          if (*cents < rules.min) {
            Report(path + ".max", "max " + FormatCents(*cents) + " is below min " + FormatCents(rules.min));
          } else {
            rules.max = *cents;
          }
        }
      }
      GetBool(*amount, "free_amount", path, &rules.free_amount);
      if (const Value* suggestions = GetArray(*amount, "suggestions", path)) {
        for (size_t i = 0; i < suggestions->Size(); ++i) {
          const std::string item_path = Index(path + ".suggestions", i);
          std::optional<Cents> cents = ReadAmount((*suggestions)[i], item_path);
          if (!cents) continue;
          if (*cents < rules.min) {
            Report(item_path, "suggestion " + FormatCents(*cents) + " is below min " + FormatCents(rules.min));
          } else if (rules.max && *cents > *rules.max) {
            Report(item_path, "suggestion " + FormatCents(*cents) + " is above max " + FormatCents(*rules.max));
          } else if (std::find(rules.suggestions.begin(), rules.suggestions.end(), *cents) !=
                     rules.suggestions.end()) {
            Report(item_path, "duplicate suggestion " + FormatCents(*cents));
          } else {
            rules.suggestions.push_back(*cents);
          }
        }
      }
      if (!rules.free_amount && rules.suggestions.empty()) {
        Report(path + ".free_amount", "free_amount false needs at least one suggestion");
      }
    }
    form->amount_min = FormatCents(rules.min);
    form->amount_max = rules.max ? FormatCents(*rules.max) : "";
    for (Cents s : rules.suggestions) form->amount_suggestions.push_back(FormatCents(s));
  }

  void ParseIntervals(const Value& root, Form* form) {
    const Value* intervals = GetArray(root, "intervals", "$");
    if (intervals == nullptr) return;
    std::vector<std::string> parsed;
    for (size_t i = 0; i < intervals->Size(); ++i) {
      const Value& v = (*intervals)[i];
      const std::string path = Index("$.intervals", i);
      if (!v.IsInt()) {
        Report(path, std::string("an interval is an integer out of 0, 1, 3, 6, 12, not ") + JsonTypeName(v));
        continue;
      }
      std::string interval = std::to_string(v.GetInt());
      if (!Contains(kIntervals, interval)) {
        Report(path, "unknown interval " + interval + " (allowed: 0, 1, 3, 6, 12)");
      } else if (Contains(parsed, interval)) {
        Report(path, "duplicate interval " + interval);
      } else {
        parsed.push_back(interval);
      }
    }
    if (intervals->Empty()) Report("$.intervals", "must list at least one interval");
    form->rules.intervals = parsed;
  }

  void ParsePaymentMethods(const Value& root, Form* form) {
    const Value* methods = GetArray(root, "payment_methods", "$");
    if (methods == nullptr) return;
    std::vector<std::string> parsed;
    for (size_t i = 0; i < methods->Size(); ++i) {
      const Value& v = (*methods)[i];
      const std::string path = Index("$.payment_methods", i);
      if (!v.IsString()) {
        Report(path, std::string("must be a string, not ") + JsonTypeName(v));
        continue;
      }
      std::string method(v.GetString(), v.GetStringLength());
      if (validators::FindPaymentMethod(method) == nullptr) {
        Report(path, "unknown payment method " + Quote(method) + " (allowed: " +
                         JoinList(validators::PaymentMethodNames()) + ")");
      } else if (Contains(parsed, method)) {
        Report(path, "duplicate payment method " + Quote(method));
      } else {
        parsed.push_back(method);
      }
    }
    if (methods->Empty()) Report("$.payment_methods", "must list at least one payment method");
    form->rules.payment_methods = parsed;
  }

  void ParseItems(const Value& root, Form* form) {
    const Value* items = GetArray(root, "items", "$");
    if (items == nullptr) return;
    items_declared_ = true;
    for (size_t i = 0; i < items->Size(); ++i) {
      const Value& v = (*items)[i];
      const std::string path = Index("$.items", i);
      if (!v.IsObject()) {
        Report(path, std::string("an item must be an object, not ") + JsonTypeName(v));
        continue;
      }
      CheckKeys(v, path, {"id", "name", "min_amount", "visible"});
      FormItem item;
      bool ok = true;
      // FundraisingBox item ids are numbers; slugs are friendlier. Both end up as strings.
      if (const Value* id = Find(v, "id")) {
        if (id->IsUint64()) {
          item.id = std::to_string(id->GetUint64());
        } else if (id->IsString() && id->GetStringLength() > 0 && id->GetStringLength() <= kMaxSlugLength &&
                   std::all_of(id->GetString(), id->GetString() + id->GetStringLength(),
                               [](char c) { return IsAlnum(c) || c == '_' || c == '-'; })) {
          item.id = id->GetString();
        } else {
          Report(path + ".id", "an item id is a non-negative integer or 1 to 64 characters of A-Z, a-z, 0-9, _ and -");
          ok = false;
        }
      } else {
        Report(path + ".id", "missing required key 'id'");
        ok = false;
      }
      if (!GetString(v, "name", path, true, &item.name)) {
        ok = false;
      } else if (item.name.empty()) {
        Report(path + ".name", "must not be empty");
        ok = false;
      }
      Cents min_amount = 0;
      if (const Value* min = Find(v, "min_amount")) {
        std::optional<Cents> cents = ReadAmount(*min, path + ".min_amount");
        const std::optional<Cents>& max = form->rules.amount.max;  // parsed before items
        if (!cents) {
          ok = false;
        } else if (max && *cents > *max) {
          Report(path + ".min_amount",
                 "item minimum " + FormatCents(*cents) + " is above the amount max " + FormatCents(*max));
          ok = false;
        } else {
          min_amount = *cents;
        }
      }
      item.min_amount = FormatCents(min_amount);
      GetBool(v, "visible", path, &item.visible);
      if (!ok) continue;
      bool duplicate = std::any_of(form->items.begin(), form->items.end(),
                                   [&](const FormItem& other) { return other.id == item.id; });
      if (duplicate) {
        Report(path + ".id", "duplicate item id " + Quote(item.id));
        continue;
      }
      form->items.push_back(item);
      form->rules.items.push_back(validators::ItemRule{item.id, min_amount});
    }
  }

  void ParseEmbedOrigins(const Value& root, Form* form) {
    ParseOrigins(root, "allowed_embed_origins", &form->allowed_embed_origins);
  }

  // Without the key: the embed origins (the shop that frames the page is the
  // shop the donor returns to).
  void ParseRedirectOrigins(const Value& root, Form* form) {
    if (!root.IsObject() || !root.HasMember("allowed_redirect_origins")) {
      form->allowed_redirect_origins = form->allowed_embed_origins;
      return;
    }
    ParseOrigins(root, "allowed_redirect_origins", &form->allowed_redirect_origins);
  }

  void ParseOrigins(const Value& root, const char* key, std::vector<std::string>* out) {
    const Value* origins = GetArray(root, key, "$");
    if (origins == nullptr) return;
    for (size_t i = 0; i < origins->Size(); ++i) {
      const Value& v = (*origins)[i];
      const std::string path = Index(std::string("$.") + key, i);
      if (!v.IsString()) {
        Report(path, std::string("must be a string, not ") + JsonTypeName(v));
        continue;
      }
      std::string origin(v.GetString(), v.GetStringLength());
      if (!IsOrigin(origin)) {
        Report(path, "not an origin like \"https://shop.example.org\" (scheme, host, optional port, no path): " +
                         Quote(origin));
      } else {
        out->push_back(origin);
      }
    }
  }


  // Only the methods that go through a provider account; whether the account
  // exists is checked against the processors file (providers/processor_accounts.h).
  void ParseLiveProcessors(const Value& root, Form* form) {
    const Value* routes = GetObject(root, "live_processors", "$", false);
    if (routes == nullptr) return;
    CheckDuplicateKeys(*routes, "$.live_processors");
    for (const auto& member : routes->GetObject()) {
      std::string method(member.name.GetString(), member.name.GetStringLength());
      const std::string path = Child("$.live_processors", method);
      const validators::PaymentMethodSpec* spec = validators::FindPaymentMethod(method);
      if (spec == nullptr || !spec->takes_processor_account) {
        std::string allowed;
        for (const std::string& m : validators::ProcessorAccountMethodNames()) {
          allowed += (allowed.empty() ? "" : " and ") + Quote(m);
        }
        Report(path, "only " + allowed + " go to a processor account, not " + Quote(method));
        continue;
      }
      if (!member.value.IsString() || member.value.GetStringLength() == 0) {
        Report(path, "must be the name of a processor account");
        continue;
      }
      if (!Contains(form->rules.payment_methods, method)) {
        Report(path, "payment method " + Quote(method) + " is not in payment_methods");
        continue;
      }
      form->live_processors[method] = std::string(member.value.GetString(), member.value.GetStringLength());
    }
  }

  // An IBAN of an account in the SEPA area, canonical; "" after reporting a problem.
  std::string ReadAccountIban(const Value& object, const std::string& path) {
    std::string iban;
    if (!GetString(object, "iban", path, true, &iban)) return "";
    validators::FieldOutcome checked = validators::ValidateIban(iban);
    if (!checked.ok()) {
      Report(path + ".iban", "not a valid IBAN: " + Quote(iban));
      return "";
    }
    if (!sepa::IsSepaCountry(checked.value().substr(0, 2))) {
      Report(path + ".iban", "the IBAN's country " + checked.value().substr(0, 2) + " is not in the SEPA area");
      return "";
    }
    return checked.value();
  }

  std::string ReadBic(const Value& object, const std::string& path) {
    std::string bic;
    if (!GetString(object, "bic", path, false, &bic) || bic.empty()) return "";
    validators::FieldOutcome checked = validators::ValidateBicSyntax(bic);
    if (!checked.ok()) {
      Report(path + ".bic", "not a valid BIC: " + Quote(bic));
      return "";
    }
    return checked.value();
  }

  // SPEC 5.2: the creditor is checked when the form loads (docs/sepa.md).
  void ParseSepaCreditor(const Value& root, Form* form) {
    const Value* block = GetObject(root, "sepa", "$", false);
    if (block == nullptr) return;
    const std::string path = "$.sepa";
    CheckKeys(*block, path, {"creditor_name", "creditor_id", "iban", "bic", "lead_days", "remittance_text"});
    SepaCreditorConfig c;
    std::string text;
    if (GetString(*block, "creditor_name", path, true, &text)) {
      Result<std::string> name = sepa::ToSepaName(text);
      if (!name.ok()) {
        Report(path + ".creditor_name", "not usable as a SEPA creditor name: " + name.status().message());
      } else {
        c.creditor_name = *name;
      }
    }
    if (GetString(*block, "creditor_id", path, true, &text)) {
      Result<std::string> id = sepa::CanonicalCreditorId(text);
      if (!id.ok()) {
        Report(path + ".creditor_id", "not a valid SEPA creditor id " + Quote(text) + ": " + id.status().message());
      } else {
        c.creditor_id = *id;
      }
    }
    c.iban = ReadAccountIban(*block, path);
    c.bic = ReadBic(*block, path);
    if (const Value* lead = Find(*block, "lead_days")) {
      if (!lead->IsInt() || lead->GetInt() < 1 || lead->GetInt() > 30) {
        Report(path + ".lead_days", "must be a whole number of days from 1 to 30 (CORE debits reach the bank a "
                                    "business day before they are due)");
      } else {
        c.lead_days = lead->GetInt();
      }
    }
    if (GetString(*block, "remittance_text", path, false, &text)) {
      Result<std::string> remittance = sepa::ToSepaText(text);
      if (!remittance.ok() || remittance->size() > sepa::kMaxRemittanceLength) {
        Report(path + ".remittance_text", "must be at most 140 characters of the SEPA character set" +
                                              (remittance.ok() ? std::string() : ": " + remittance.status().message()));
      } else {
        c.remittance_text = *remittance;
      }
    }
    if (form->rules.currency != "EUR") {
      Report(path, "SEPA direct debits are in EUR only; this form's currency is " + form->rules.currency);
    }
    form->sepa = std::move(c);
  }

  // SPEC 5.4: the account live bank transfers go to.
  void ParseBankTransfer(const Value& root, Form* form) {
    const Value* block = GetObject(root, "bank_transfer", "$", false);
    if (block == nullptr) return;
    const std::string path = "$.bank_transfer";
    CheckKeys(*block, path, {"account_holder", "iban", "bic"});
    BankTransferAccount account;
    if (GetString(*block, "account_holder", path, true, &account.account_holder) &&
        validators::TrimAscii(account.account_holder).empty()) {
      Report(path + ".account_holder", "must not be empty");
    }
    account.iban = ReadAccountIban(*block, path);
    account.bic = ReadBic(*block, path);
    form->bank_transfer = std::move(account);
  }

  void ParseFields(const Value& root, Form* form) {
    const Value* fields = GetObject(root, "fields", "$", true);
    if (fields == nullptr) return;
    CheckDuplicateKeys(*fields, "$.fields");
    std::set<std::string> seen;
    for (const auto& member : fields->GetObject()) {
      std::string name(member.name.GetString(), member.name.GetStringLength());
      const std::string path = Child("$.fields", name);
      bool name_ok = IsFieldName(name);
      if (!name_ok) {
        Report(path, "a field name is lower-case letters, digits and _, starts with a letter, is at most 64 long " +
                         std::string("and does not end in _fix; got ") + Quote(name));
      }
      if (!seen.insert(name).second) continue;  // reported by CheckDuplicateKeys
      if (!member.value.IsObject()) {
        Report(path, std::string("a field must be an object, not ") + JsonTypeName(member.value));
        continue;
      }
      ParseField(name, member.value, path, form);
      if (!name_ok) {
        form->fields.pop_back();
        form->rules.fields.erase(name);
      }
    }
  }

  // Appends the field to form->fields and form->rules.fields (even when it has problems,
  // which keeps later consistency checks quiet about fields that do exist).
  void ParseField(const std::string& name, const Value& v, const std::string& path, Form* form) {
    CheckKeys(v, path, {"required", "label", "type", "validator", "options", "hidden"});
    // validators/ decides what is standard (it owns the built-in rules); the table here
    // only adds labels and input types.
    const bool standard = validators::IsStandardField(name);
    const StandardFieldInfo* info = FindStandardField(name);
    FormField field;
    FieldRule rule;
    field.name = name;
    GetBool(v, "required", path, &rule.required);
    bool hidden_flag = false;
    GetBool(v, "hidden", path, &hidden_flag);

    if (const Value* label = GetObject(v, "label", path, false)) {
      CheckDuplicateKeys(*label, path + ".label");
      for (const auto& entry : label->GetObject()) {
        std::string language(entry.name.GetString(), entry.name.GetStringLength());
        const std::string entry_path = Child(path + ".label", language);
        if (!validators::IsLanguageTag(language)) {
          Report(entry_path, "not a language tag like \"en\" or \"de-DE\": " + Quote(language));
        } else if (!entry.value.IsString() || entry.value.GetStringLength() == 0) {
          Report(entry_path, "a label is a non-empty string");
        } else {
          field.label[language] = entry.value.GetString();
        }
      }
    }
    if (field.label.empty() && info != nullptr) field.label = {{"en", info->label_en}, {"de", info->label_de}};

    std::string type;
    bool has_type = GetString(v, "type", path, false, &type);
    if (has_type && !Contains(kInputTypes, type)) {
      Report(path + ".type", "unknown input type " + Quote(type) + " (allowed: " + JoinList(kInputTypes) + ")");
      has_type = false;
    }
    if (hidden_flag && has_type && type != "hidden") {
      Report(path + ".type", "a hidden field has type 'hidden' (or no type); got " + Quote(type));
    }
    rule.hidden = hidden_flag || (has_type && type == "hidden");

    const Value* validator = Find(v, "validator");
    std::optional<ValidatorTypeName> validator_type;
    if (standard && validator != nullptr) {
      Report(path + ".validator", "standard field " + Quote(name) + " has a built-in validator; remove 'validator'");
    } else if (!standard && validator == nullptr) {
      Report(path + ".validator", "custom field needs a validator");
    } else if (!standard) {
      std::optional<CustomValidator> parsed = ParseValidator(*validator, path + ".validator", rule.hidden, &validator_type);
      if (parsed) rule.validator = *parsed;
    }

    if (const Value* options = Find(v, "options")) {
      auto from_form = kChoicesFromFormKey.find(name);
      if (from_form != kChoicesFromFormKey.end()) {
        Report(path + ".options", "the choices of " + Quote(name) + " come from the form's " +
                                      Quote(from_form->second) + " key; remove 'options'");
      } else if (standard && name != "salutation") {
        // validators/ honours options only there; shown choices it would refuse mislead donors.
        Report(path + ".options", "options are supported on 'salutation' and custom fields only");
      } else {
        ParseOptions(*options, path + ".options", &field, &rule);
      }
    }
    if (validator_type && validator_type->type == CustomValidator::Type::kSelect && rule.options.empty()) {
      Report(path + ".options", "a select field needs at least one option");
    }

    if (rule.hidden) {
      field.type = "hidden";
    } else if (has_type) {
      field.type = type;
    } else if (info != nullptr) {
      field.type = info->input_type;
    } else {
      field.type = validator_type ? validator_type->input_type : "text";
    }
    if (field.options.empty() && name == "salutation") field.options = DefaultSalutationOptions(form->language());
    if (field.options.empty() && name == "wants_receipt") field.options = DefaultReceiptOptions(form->language());

    form->fields.push_back(std::move(field));
    form->rules.fields[name] = std::move(rule);
  }

  std::optional<CustomValidator> ParseValidator(const Value& v, const std::string& path, bool hidden,
                                                std::optional<ValidatorTypeName>* type_out) {
    if (!v.IsObject()) {
      Report(path, std::string("a validator must be an object, not ") + JsonTypeName(v));
      return std::nullopt;
    }
    CheckKeys(v, path, {"type", "min_length", "max_length", "min", "max", "pattern"});
    CustomValidator validator;
    bool ok = true;
    std::string type;
    if (GetString(v, "type", path, true, &type)) {
      auto it = std::find_if(kValidatorTypes.begin(), kValidatorTypes.end(),
                             [&](const ValidatorTypeName& t) { return type == t.name; });
      if (it == kValidatorTypes.end()) {
        std::vector<std::string> names;
        for (const ValidatorTypeName& t : kValidatorTypes) names.push_back(t.name);
        Report(path + ".type", "unknown validator type " + Quote(type) + " (allowed: " + JoinList(names) + ")");
        ok = false;
      } else {
        validator.type = it->type;
        *type_out = *it;
      }
    } else {
      ok = false;
    }

    for (const char* key : {"min_length", "max_length"}) {
      const Value* length = Find(v, key);
      if (length == nullptr) continue;
      if (!length->IsInt64() || length->GetInt64() < 0 || length->GetInt64() > kHiddenMaxLength) {
        Report(path + "." + key, "must be an integer from 0 to 65536");
        ok = false;
      } else if (std::string_view(key) == "min_length") {
        validator.min_length = length->GetInt64();
      } else {
        validator.max_length = length->GetInt64();
      }
    }
    // Why a default here: validators/ then applies one explicit limit to every custom field.
    const int64_t default_max = hidden ? kHiddenMaxLength : kVisibleMaxLength;
    if (validator.min_length && validator.max_length && *validator.min_length > *validator.max_length) {
      Report(path + ".max_length", "max_length " + std::to_string(*validator.max_length) + " is below min_length " +
                                       std::to_string(*validator.min_length));
      ok = false;
    } else if (validator.min_length && !validator.max_length && *validator.min_length > default_max) {
      Report(path + ".min_length", "min_length " + std::to_string(*validator.min_length) +
                                       " is above the default max_length " + std::to_string(default_max));
      ok = false;
    }
    if (!validator.max_length) validator.max_length = default_max;

    const bool numeric = validator.type == CustomValidator::Type::kInteger ||
                         validator.type == CustomValidator::Type::kNumber;
    for (const char* key : {"min", "max"}) {
      const Value* bound = Find(v, key);
      if (bound == nullptr) continue;
      if (type_out->has_value() && !numeric) {
        Report(path + "." + key, std::string(key) + " applies only to integer and number validators");
        ok = false;
      } else if (!bound->IsNumber() || !std::isfinite(bound->GetDouble())) {
        Report(path + "." + key, std::string("must be a number, not ") + JsonTypeName(*bound));
        ok = false;
      } else if (validator.type == CustomValidator::Type::kInteger && !bound->IsInt64()) {
        Report(path + "." + key, "must be an integer for an integer validator");
        ok = false;
      } else if (std::string_view(key) == "min") {
        validator.min = bound->GetDouble();
      } else {
        validator.max = bound->GetDouble();
      }
    }
    if (validator.min && validator.max && *validator.min > *validator.max) {
      Report(path + ".max", "max is below min");
      ok = false;
    }

    if (GetString(v, "pattern", path, false, &validator.pattern)) {
      if (validator.pattern.empty()) {
        Report(path + ".pattern", "must not be empty (leave it out for no pattern)");
        ok = false;
      } else {
        // The engine that will run the pattern (ICU, in validators/) is the one that judges it.
        if (std::optional<std::string> problem = validators::PatternProblem(validator.pattern)) {
          Report(path + ".pattern", "invalid regular expression " + Quote(validator.pattern) + ": " + *problem);
          ok = false;
        }
      }
    }
    if (!ok) return std::nullopt;
    return validator;
  }

  void ParseOptions(const Value& v, const std::string& path, FormField* field, FieldRule* rule) {
    if (!v.IsArray()) {
      Report(path, std::string("must be an array of {\"key\", \"value\"}, not ") + JsonTypeName(v));
      return;
    }
    for (size_t i = 0; i < v.Size(); ++i) {
      const Value& option = v[i];
      const std::string option_path = Index(path, i);
      if (!option.IsObject()) {
        Report(option_path, std::string("an option must be an object, not ") + JsonTypeName(option));
        continue;
      }
      CheckKeys(option, option_path, {"key", "value"});
      std::string key, value;
      bool has_key = GetString(option, "key", option_path, true, &key);
      bool has_value = GetString(option, "value", option_path, true, &value);
      if (has_key && key.empty()) {
        Report(option_path + ".key", "must not be empty");
      } else if (has_key && Contains(rule->options, key)) {
        Report(option_path + ".key", "duplicate option key " + Quote(key));
      } else if (has_key && has_value) {
        rule->options.push_back(key);
        field->options.emplace_back(key, value);
      }
    }
    if (v.Empty()) Report(path, "must list at least one option (leave it out for the defaults)");
  }

  void CheckConsistency(const Form& form) {
    const auto& fields = form.rules.fields;
    if (fields.count("fb_item_id") && !items_declared_) {
      Report("$.fields.fb_item_id", "a form with field 'fb_item_id' needs 'items'");
    }
    if (!fields.count("fb_item_id") && !form.items.empty()) {
      Report("$.items", "items can only be chosen when $.fields has 'fb_item_id'");
    }
    // A donor who may choose a method must be able to send the fields it requires,
    // or sessions paying with it could never become complete.
    if (fields.count("payment_method")) {
      for (const std::string& method : form.rules.payment_methods) {
        const validators::PaymentMethodSpec* spec = validators::FindPaymentMethod(method);
        if (spec == nullptr) continue;
        for (std::string_view needed_name : spec->required) {
          const std::string needed(needed_name);
          if (!fields.count(needed)) {
            Report("$.payment_methods", "payment method " + Quote(method) + " needs field " + Quote(needed) +
                                            " in $.fields");
          }
        }
      }
    }
  }

  // The choices of interval, payment_method and fb_item_id, as shown to donors.
  void AddDerivedOptions(Form* form) {
    for (FormField& field : form->fields) {
      if (field.name == "interval") {
        for (const std::string& i : form->rules.intervals) {
          field.options.emplace_back(i, IntervalLabel(i, form->language()));
        }
      } else if (field.name == "payment_method") {
        for (const std::string& m : form->rules.payment_methods) {
          field.options.emplace_back(m, PaymentMethodLabel(m, form->language()));
        }
      } else if (field.name == "fb_item_id") {
        for (const FormItem& item : form->items) {
          if (item.visible) field.options.emplace_back(item.id, item.name);
        }
      }
    }
  }

  const std::string& file_;
  std::vector<FormProblem>* problems_;
  const FormLoadOptions& options_;
  size_t reported_ = 0;
  bool items_declared_ = false;  // `items` present, even if some entries had problems
};

}  // namespace

Result<Form> ParseForm(std::string_view json, const std::string& file, std::vector<FormProblem>* problems,
                       const FormLoadOptions& options) {
  std::vector<FormProblem> local;
  std::vector<FormProblem>* sink = problems != nullptr ? problems : &local;
  const size_t before = sink->size();
  Form form;
  FormParser parser(file, sink, options);
  if (!parser.Run(json, &form)) {
    return Status::InvalidArgument(file + ": " + std::to_string(sink->size() - before) + " problem(s), first: " +
                                   (*sink)[before].ToString());
  }
  return form;
}

Result<Form> LoadFormFile(const std::string& path, std::vector<FormProblem>* problems,
                          const FormLoadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::string reason = std::string("cannot read the file: ") + std::strerror(errno);
    if (problems != nullptr) problems->push_back(FormProblem{path, "$", reason});
    return Status::NotFound(path + ": " + reason);
  }
  std::stringstream text;
  text << in.rdbuf();
  return ParseForm(text.str(), path, problems, options);
}

}  // namespace prefill
