// Post codes (SPEC 2, `post_code`).
//
// With a known country (ctx.current["country"]) that has a rule below, the code must
// fit that country's format and is returned in its canonical spelling:
//   DE, FR, IT, ES, FI: 5 digits        AT, CH, BE, DK, LU, NO, LI: 4 digits
//   NL: "1234 AB" (space optional on input, letters not SA/SD/SS, first digit not 0)
//   GB: outward + inward code, canonical upper-case with one space ("SW1A 1AA")
//   US: "12345" or ZIP+4 "12345-6789"   PL: "12-345"   PT: "1234-567"
//   SE, CZ, SK: "123 45" (space optional on input)
// Otherwise (no country, or one without a rule): 2-10 characters of ASCII letters,
// digits, space and dash, kept as sent (upper-cased).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "validators/validation.h"

namespace prefill::validators {

// The canonical post code for `country` ("" = unknown), or nothing when invalid.
std::optional<std::string> CanonicalPostCode(std::string_view value, std::string_view country);

FieldOutcome ValidatePostCode(const ValidationContext& ctx, std::string_view value);

}  // namespace prefill::validators
