#include "forms/form_config.h"

#include <map>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "forms/standard_fields.h"

namespace prefill {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using validators::CustomValidator;

void String(Writer& w, const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

void KeyString(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  String(w, value);
}

const char* CustomTypeName(CustomValidator::Type type) {
  switch (type) {
    case CustomValidator::Type::kText: return "text";
    case CustomValidator::Type::kBoolean: return "boolean";
    case CustomValidator::Type::kSelect: return "select";
    case CustomValidator::Type::kInteger: return "integer";
    case CustomValidator::Type::kNumber: return "number";
    case CustomValidator::Type::kDate: return "date";
    case CustomValidator::Type::kEmail: return "email";
    case CustomValidator::Type::kCountry: return "country";
    case CustomValidator::Type::kIban: return "iban";
    case CustomValidator::Type::kBic: return "bic";
    case CustomValidator::Type::kPhone: return "phone";
  }
  return "text";
}

// What kind of built-in rule a standard field has, so front ends can pick a widget.
const char* BuiltinValidatorType(const std::string& field) {
  const validators::StandardFieldSpec* spec = validators::FindStandardFieldSpec(field);
  return spec == nullptr ? "text" : spec->config_type;
}

void WriteValidator(Writer& w, const std::string& field, const validators::FieldRule* rule) {
  w.StartObject();
  if (rule == nullptr || !rule->validator) {
    KeyString(w, "type", BuiltinValidatorType(field));
    w.Key("builtin");
    w.Bool(true);
  } else {
    const CustomValidator& v = *rule->validator;
    KeyString(w, "type", CustomTypeName(v.type));
    w.Key("builtin");
    w.Bool(false);
    if (v.min_length) {
      w.Key("min_length");
      w.Int64(*v.min_length);
    }
    if (v.max_length) {
      w.Key("max_length");
      w.Int64(*v.max_length);
    }
    if (v.min) {
      w.Key("min");
      w.Double(*v.min);
    }
    if (v.max) {
      w.Key("max");
      w.Double(*v.max);
    }
    if (!v.pattern.empty()) KeyString(w, "pattern", v.pattern);
  }
  w.EndObject();
}

void WriteField(Writer& w, const Form& form, const FormField& field) {
  auto rule_it = form.rules.fields.find(field.name);
  const validators::FieldRule* rule = rule_it == form.rules.fields.end() ? nullptr : &rule_it->second;
  w.StartObject();
  KeyString(w, "name", field.name);
  KeyString(w, "id", "payment_" + field.name);
  KeyString(w, "wrapper_id", "payment_" + field.name + "_wrapper");
  KeyString(w, "error_id", "payment_" + field.name + "_error");
  KeyString(w, "type", field.type);
  KeyString(w, "label", field.LabelFor(form.language()));
  w.Key("labels");
  w.StartObject();
  for (const auto& [language, text] : field.label) KeyString(w, language.c_str(), text);
  w.EndObject();
  w.Key("required");
  w.Bool(rule != nullptr && rule->required);
  w.Key("hidden");
  w.Bool(rule != nullptr && rule->hidden);
  w.Key("options");
  w.StartArray();
  for (const auto& [key, value] : field.options) {
    w.StartObject();
    KeyString(w, "key", key);
    KeyString(w, "value", value);
    w.EndObject();
  }
  w.EndArray();
  w.Key("validator");
  WriteValidator(w, field.name, rule);
  w.EndObject();
}

}  // namespace

std::string FormConfigJson(const Form& form) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();

  w.Key("form_fields");
  w.StartArray();
  for (const FormField& field : form.fields) WriteField(w, form, field);
  w.EndArray();

  w.Key("payment_methods");
  w.StartArray();
  for (const std::string& method : form.rules.payment_methods) {
    w.StartObject();
    KeyString(w, "key", method);
    KeyString(w, "label", PaymentMethodLabel(method, form.language()));
    w.EndObject();
  }
  w.EndArray();

  w.Key("intervals");
  w.StartArray();
  for (const std::string& interval : form.rules.intervals) {
    w.StartObject();
    KeyString(w, "key", interval);
    KeyString(w, "label", IntervalLabel(interval, form.language()));
    w.EndObject();
  }
  w.EndArray();

  w.Key("items");
  w.StartArray();
  for (const FormItem& item : form.items) {
    if (!item.visible) continue;
    w.StartObject();
    KeyString(w, "id", item.id);
    KeyString(w, "name", item.name);
    KeyString(w, "min_amount", item.min_amount);
    w.EndObject();
  }
  w.EndArray();

  w.Key("amount");
  w.StartObject();
  KeyString(w, "min", form.amount_min);
  w.Key("max");
  if (form.amount_max.empty()) {
    w.Null();
  } else {
    String(w, form.amount_max);
  }
  w.Key("free_amount");
  w.Bool(form.rules.amount.free_amount);
  w.Key("suggestions");
  w.StartArray();
  for (const std::string& s : form.amount_suggestions) String(w, s);
  w.EndArray();
  w.EndObject();

  KeyString(w, "currency", form.currency());
  KeyString(w, "language", form.language());
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace prefill
