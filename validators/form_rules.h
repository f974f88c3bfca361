// FormRules: the part of a form definition that validation needs, as plain data.
//
// validators/ depends on nothing in src/; the form registry (src/forms) builds a
// FormRules for each form file and hands it to the functions in validation.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "validators/field_registry.h"

namespace prefill::validators {

// Money in minor units (cents): decimal strings are parsed exactly, never via double.
using Cents = int64_t;

struct AmountRules {
  Cents min = 100;                 // "1.00"
  std::optional<Cents> max;        // none: no upper bound
  bool free_amount = true;         // false: must be one of `suggestions`
  std::vector<Cents> suggestions;
};

struct ItemRule {
  std::string id;
  Cents min_amount = 0;
};

// The validator of a custom (non-standard) field, from the form file.
struct CustomValidator {
  enum class Type { kText, kBoolean, kSelect, kInteger, kNumber, kDate, kEmail, kCountry, kIban, kBic, kPhone };
  Type type = Type::kText;
  std::optional<int64_t> min_length;
  std::optional<int64_t> max_length;
  std::optional<double> min;   // integer, number
  std::optional<double> max;
  std::string pattern;         // ECMAScript regex the whole value must match; empty: none
};

struct FieldRule {
  bool required = false;
  bool hidden = false;
  std::vector<std::string> options;          // allowed keys (select, salutation override); empty: defaults
  std::optional<CustomValidator> validator;  // set for custom fields only
};

struct FormRules {
  std::string language = "en-GB";
  std::string currency = "EUR";
  AmountRules amount;
  std::vector<std::string> intervals = {"0"};
  std::vector<std::string> payment_methods = PaymentMethodNames();
  std::vector<ItemRule> items;
  std::map<std::string, FieldRule> fields;  // only the fields the form uses
};

}  // namespace prefill::validators
