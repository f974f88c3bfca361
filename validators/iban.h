// IBAN validation (SPEC 2, `bank_iban`).
//
// Spaces are removed and letters upper-cased; then the country code must be in the IBAN
// registry, the length must be that country's, every character must fit the country's
// format (n digit, a letter, c letter or digit) and the ISO 7064 MOD 97-10 check must
// give 1. The registry is generated from the SWIFT registry export by
// scripts/gen_iban_registry.py into iban_registry.inc.
#pragma once

#include <string>
#include <string_view>

#include "validators/validation.h"

namespace prefill::validators {

struct IbanCountryRule {
  std::string_view country;
  int length;
  std::string_view format;  // after the country code, e.g. "2n8n10n" merged to "20n"
};

// The registry entry for `country`, or nullptr.
const IbanCountryRule* FindIbanCountry(std::string_view country);

// Remainder of the IBAN (upper-case, alnum) rearranged and read as a number, mod 97.
int IbanMod97(std::string_view iban);

// Canonical value is the compact upper-case IBAN ("DE89370400440532013000").
FieldOutcome ValidateIban(std::string_view value);

}  // namespace prefill::validators
