#include "forms/standard_fields.h"

#include "validators/field_registry.h"

namespace prefill {

const std::vector<StandardFieldInfo>& StandardFields() {
  static const std::vector<StandardFieldInfo> fields = {
      {"amount", "text", "Amount", "Betrag"},
      {"interval", "select", "Interval", "Turnus"},
      {"fb_item_id", "select", "Purpose", "Zweck"},
      {"payment_method", "radio", "Payment method", "Zahlungsart"},
      {"salutation", "select", "Salutation", "Anrede"},
      {"title", "text", "Title", "Titel"},
      {"first_name", "text", "First name", "Vorname"},
      {"last_name", "text", "Last name", "Nachname"},
      {"company_name", "text", "Company", "Firma"},
      {"birthday", "date", "Date of birth", "Geburtsdatum"},
      {"email", "email", "E-mail address", "E-Mail-Adresse"},
      {"phone", "tel", "Phone", "Telefon"},
      {"address", "text", "Street and number", "Straße und Hausnummer"},
      {"post_code", "text", "Post code", "Postleitzahl"},
      {"city", "text", "City", "Ort"},
      {"country", "text", "Country", "Land"},
      {"bank_account_owner", "text", "Account holder", "Kontoinhaber"},
      {"bank_iban", "text", "IBAN", "IBAN"},
      {"bank_bic", "text", "BIC", "BIC"},
      {"credit_card_owner", "text", "Cardholder", "Karteninhaber"},
      {"credit_card_token", "hidden", "Card token", "Karten-Token"},
      {"credit_card_expire_date_month", "select", "Expiry month", "Ablaufmonat"},
      {"credit_card_expire_date_year", "select", "Expiry year", "Ablaufjahr"},
      {"credit_card_network", "hidden", "Card network", "Kartennetzwerk"},
      {"wants_receipt", "select", "Donation receipt", "Zuwendungsbestätigung"},
      {"wants_newsletter", "checkbox", "Send me the newsletter", "Newsletter abonnieren"},
      {"is_privacy_accepted", "checkbox", "I accept the privacy policy", "Ich akzeptiere die Datenschutzerklärung"},
      {"message", "textarea", "Message", "Nachricht"},
      {"public_name", "text", "Name shown publicly", "Öffentlich angezeigter Name"},
  };
  return fields;
}

const StandardFieldInfo* FindStandardField(std::string_view name) {
  for (const StandardFieldInfo& info : StandardFields()) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

bool IsGerman(std::string_view language) {
  return language == "de" || language.substr(0, 3) == "de-";
}

DisplayOptions DefaultSalutationOptions(std::string_view language) {
  if (IsGerman(language)) {
    return {{"Mr.", "Herr"}, {"Mrs.", "Frau"}, {"Miss", "Fräulein"}, {"Ms", "Frau (Ms)"},
            {"couple", "Ehepaar"}, {"family", "Familie"}, {"diverse", "Divers"}};
  }
  return {{"Mr.", "Mr."}, {"Mrs.", "Mrs."}, {"Miss", "Miss"}, {"Ms", "Ms"},
          {"couple", "Couple"}, {"family", "Family"}, {"diverse", "Diverse"}};
}

DisplayOptions DefaultReceiptOptions(std::string_view language) {
  if (IsGerman(language)) {
    return {{"receipt_now", "Bestätigung sofort"},
            {"receipt_end_of_year", "Sammelbestätigung zum Jahresende"},
            {"no_receipt", "Keine Bestätigung"},
            {"receipt_never", "Nie eine Bestätigung"}};
  }
  return {{"receipt_now", "Receipt now"},
          {"receipt_end_of_year", "Annual receipt at the end of the year"},
          {"no_receipt", "No receipt"},
          {"receipt_never", "Never send receipts"}};
}

std::string IntervalLabel(const std::string& interval, std::string_view language) {
  const bool de = IsGerman(language);
  if (interval == "0") return de ? "einmalig" : "one-off";
  if (interval == "1") return de ? "monatlich" : "monthly";
  if (interval == "3") return de ? "vierteljährlich" : "quarterly";
  if (interval == "6") return de ? "halbjährlich" : "half-yearly";
  if (interval == "12") return de ? "jährlich" : "yearly";
  return interval;
}

std::string PaymentMethodLabel(const std::string& method, std::string_view language) {
  const validators::PaymentMethodSpec* spec = validators::FindPaymentMethod(method);
  if (spec == nullptr) return method;
  return std::string(IsGerman(language) ? spec->label_de : spec->label_en);
}

}  // namespace prefill
