#include "validators/field_registry.h"

namespace prefill::validators {

const std::vector<StandardFieldSpec>& StandardFieldSpecs() {
  using K = FieldKind;
  static const std::vector<StandardFieldSpec> kFields = {
      // name, kind, input type, /forms/config type, label en, label de, autocomplete, group
      {"amount", K::kAmount, "text", "amount", "Amount", "Betrag", nullptr, nullptr},
      {"interval", K::kInterval, "select", "select", "Interval", "Turnus", nullptr, nullptr},
      {"fb_item_id", K::kItemId, "select", "select", "Purpose", "Zweck", nullptr, nullptr},
      {"payment_method", K::kPaymentMethod, "radio", "select", "Payment method", "Zahlungsart", nullptr, nullptr},
      {"salutation", K::kSalutation, "select", "select", "Salutation", "Anrede", nullptr, "name"},
      {"title", K::kFreeText, "text", "text", "Title", "Titel", "honorific-prefix", "name"},
      {"first_name", K::kFreeText, "text", "text", "First name", "Vorname", "given-name", "name"},
      {"last_name", K::kFreeText, "text", "text", "Last name", "Nachname", "family-name", "name"},
      {"company_name", K::kFreeText, "text", "text", "Company", "Firma", "organization", nullptr},
      {"birthday", K::kBirthday, "date", "date", "Date of birth", "Geburtsdatum", "bday", nullptr},
      {"email", K::kEmail, "email", "email", "E-mail address", "E-Mail-Adresse", "email", nullptr},
      {"phone", K::kPhone, "tel", "phone", "Phone", "Telefon", "tel", nullptr},
      {"address", K::kFreeText, "text", "text", "Street and number", "Straße und Hausnummer", "street-address",
       "address"},
      {"post_code", K::kPostCode, "text", "post_code", "Post code", "Postleitzahl", "postal-code", "address"},
      {"city", K::kFreeText, "text", "text", "City", "Ort", "address-level2", "address"},
      {"country", K::kCountry, "text", "country", "Country", "Land", "country", "address"},
      {"bank_account_owner", K::kFreeText, "text", "text", "Account holder", "Kontoinhaber", "name", "bank"},
      {"bank_iban", K::kIban, "text", "iban", "IBAN", "IBAN", nullptr, "bank"},
      {"bank_bic", K::kBic, "text", "bic", "BIC", "BIC", nullptr, "bank"},
      {"credit_card_owner", K::kFreeText, "text", "text", "Cardholder", "Karteninhaber", "cc-name", "card"},
      {"credit_card_token", K::kCardToken, "hidden", "text", "Card token", "Karten-Token", nullptr, "card"},
      {"credit_card_expire_date_month", K::kCardMonth, "select", "select", "Expiry month", "Ablaufmonat", nullptr,
       "card"},
      {"credit_card_expire_date_year", K::kCardYear, "select", "select", "Expiry year", "Ablaufjahr", nullptr,
       "card"},
      {"credit_card_network", K::kCardNetwork, "hidden", "text", "Card network", "Kartennetzwerk", nullptr, "card"},
      {"wants_receipt", K::kReceipt, "select", "select", "Donation receipt", "Zuwendungsbestätigung", nullptr,
       nullptr},
      {"wants_newsletter", K::kBoolean, "checkbox", "boolean", "Send me the newsletter", "Newsletter abonnieren",
       nullptr, nullptr},
      {"is_privacy_accepted", K::kBoolean, "checkbox", "boolean", "I accept the privacy policy",
       "Ich akzeptiere die Datenschutzerklärung", nullptr, nullptr},
      {"message", K::kFreeText, "textarea", "text", "Message", "Nachricht", nullptr, nullptr},
      {"public_name", K::kFreeText, "text", "text", "Name shown publicly", "Öffentlich angezeigter Name", nullptr,
       nullptr},
  };
  return kFields;
}

const StandardFieldSpec* FindStandardFieldSpec(std::string_view name) {
  for (const StandardFieldSpec& f : StandardFieldSpecs()) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

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
