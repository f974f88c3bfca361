// The registry of what Prefill knows about its standard vocabulary (SPEC 1 and
// 2): the standard fields and the payment methods, each once, with the facts
// every layer needs about it. Validation, the form loader, /forms/config and
// the hosted page all read these tables, so adding a standard field or a
// payment method touches one row here (see docs/how-to-extend.md).
//
// Pure data, no dependency on src/. The tables are immutable after static
// initialisation and safe to read from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace prefill::validators {

// Which built-in rule checks a standard field's value (validate_field.cc).
enum class FieldKind {
  kFreeText,  // names, address, city, message, ...: length only
  kAmount, kInterval, kItemId, kPaymentMethod, kSalutation, kBirthday, kEmail, kPhone, kPostCode,
  kCountry, kIban, kBic, kCardToken, kCardMonth, kCardYear, kCardNetwork, kReceipt, kBoolean,
};

struct StandardFieldSpec {
  const char* name;
  FieldKind kind;
  const char* input_type;    // default HTML input type (text, select, radio, checkbox, hidden, ...)
  const char* config_type;   // validator.type of the field in /forms/config
  const char* label_en;      // default labels when a form file gives none
  const char* label_de;
  const char* autocomplete;  // HTML autocomplete hint on the hosted page; nullptr: none
  const char* group;         // fields of one group are stored together (FieldGroup); nullptr: none
};

// Every standard field, in the order of SPEC section 1.
const std::vector<StandardFieldSpec>& StandardFieldSpecs();

// The entry for `name`, or nullptr for a custom field.
const StandardFieldSpec* FindStandardFieldSpec(std::string_view name);

struct PaymentMethodSpec {
  std::string_view name;  // the value of `payment_method`
  std::string_view label_en;
  std::string_view label_de;
  // Fields whose names start with this prefix (standard or custom) belong to
  // this method: the hosted page shows them only while it is chosen. Empty: none.
  std::string_view field_prefix;
  // The fields a session paying with this method needs before it can be
  // complete; a form offering the method must declare them.
  std::vector<std::string_view> required;
  // True if a live payment with it goes to a processor account of the
  // processors file (form key `live_processors`).
  bool takes_processor_account = false;
};

// Every payment method, in the order forms list them by default.
const std::vector<PaymentMethodSpec>& PaymentMethods();

// The entry for `name`, or nullptr for an unknown method.
const PaymentMethodSpec* FindPaymentMethod(std::string_view name);

// The names of PaymentMethods(), in order (the default of FormRules).
std::vector<std::string> PaymentMethodNames();

// The names of the methods with takes_processor_account, in order.
std::vector<std::string> ProcessorAccountMethodNames();

// The method whose field_prefix `field` starts with, or nullptr.
const PaymentMethodSpec* PaymentMethodOfField(std::string_view field);

}  // namespace prefill::validators
