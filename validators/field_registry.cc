#include "validators/field_registry.h"

namespace prefill::validators {

const std::vector<PaymentMethodSpec>& PaymentMethods() {
  static const std::vector<PaymentMethodSpec> kMethods = {
      {"sepa_direct_debit", "SEPA direct debit", "SEPA-Lastschrift",
       "bank_",
       {"bank_account_owner", "bank_iban"},
       false},
      {"credit_card", "Credit card", "Kreditkarte",
       "credit_card_",
       {"credit_card_token", "credit_card_expire_date_month", "credit_card_expire_date_year"},
       true},
      {"paypal", "PayPal", "PayPal", "", {}, true},
      {"bank_transfer", "Bank transfer", "Überweisung", "", {}, false},
  };
  return kMethods;
}

const PaymentMethodSpec* FindPaymentMethod(std::string_view name) {
  for (const PaymentMethodSpec& m : PaymentMethods()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string> PaymentMethodNames() {
  std::vector<std::string> names;
  for (const PaymentMethodSpec& m : PaymentMethods()) names.emplace_back(m.name);
  return names;
}

std::vector<std::string> ProcessorAccountMethodNames() {
  std::vector<std::string> names;
  for (const PaymentMethodSpec& m : PaymentMethods()) {
    if (m.takes_processor_account) names.emplace_back(m.name);
  }
  return names;
}

const PaymentMethodSpec* PaymentMethodOfField(std::string_view field) {
  for (const PaymentMethodSpec& m : PaymentMethods()) {
    if (!m.field_prefix.empty() && field.substr(0, m.field_prefix.size()) == m.field_prefix) return &m;
  }
  return nullptr;
}

}  // namespace prefill::validators
