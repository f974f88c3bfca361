#include "validators/bic.h"

#include <string>

#include "validators/country.h"
#include "validators/outcome.h"
#include "validators/text.h"

namespace prefill::validators {

FieldOutcome ValidateBicSyntax(std::string_view value) {
  std::string bic;
  bic.reserve(value.size());
  for (char c : value) {
    if (c == ' ') continue;
    bic.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (bic.size() != 8 && bic.size() != 11) return Fail(MessageId::kInvalidBic);
  for (size_t i = 0; i < bic.size(); ++i) {
    bool ok = i < 6 ? IsAsciiUpper(bic[i]) : (IsAsciiUpper(bic[i]) || IsAsciiDigit(bic[i]));
    if (!ok) return Fail(MessageId::kInvalidBic);
  }
  std::string_view country = std::string_view(bic).substr(4, 2);
  if (!IsIsoCountry(country) && country != "XK") return Fail(MessageId::kInvalidBic);
  return Accept(std::move(bic));
}

bool BicCountryMismatch(std::string_view bic, std::string_view iban) {
  if (bic.size() < 6 || iban.size() < 2) return false;
  std::string_view iban_country = iban.substr(0, 2);
  // Registry-only codes such as AA (IIBAN) have no bank country to compare with.
  if (!IsIsoCountry(iban_country) && iban_country != "XK") return false;
  return bic.substr(4, 2) != iban_country;
}

FieldOutcome ValidateBic(const ValidationContext& ctx, std::string_view value) {
  FieldOutcome outcome = ValidateBicSyntax(value);
  if (!outcome.ok()) return outcome;
  auto iban = ctx.current.find("bank_iban");
  if (iban != ctx.current.end() && BicCountryMismatch(outcome.value(), iban->second)) {
    return Fail(MessageId::kBicCountryMismatch);
  }
  return outcome;
}

}  // namespace prefill::validators
