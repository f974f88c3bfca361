// BIC / SWIFT code validation (SPEC 2, `bank_bic`).
//
// Spaces removed, upper-cased; 8 or 11 characters: 4 letters (bank), 2 letters
// (country, an ISO 3166-1 code or XK, which SWIFT uses for Kosovo), 2 letters/digits
// (location), optionally 3 letters/digits (branch). When the session holds an IBAN
// (ctx.current["bank_iban"]) of a country that is an ISO code, a BIC of another
// country gives kBicCountryMismatch.
#pragma once

#include <string_view>

#include "validators/validation.h"

namespace prefill::validators {

// Syntax + country only; canonical compact upper-case BIC.
FieldOutcome ValidateBicSyntax(std::string_view value);

// True when `bic` (canonical) and `iban` (canonical) name different countries.
bool BicCountryMismatch(std::string_view bic, std::string_view iban);

FieldOutcome ValidateBic(const ValidationContext& ctx, std::string_view value);

}  // namespace prefill::validators
