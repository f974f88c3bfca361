#include "forms/standard_fields.h"

#include "validators/field_registry.h"

namespace prefill {

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
