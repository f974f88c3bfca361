// The raw-card-number guard (SPEC 2: "Raw card numbers are refused everywhere").
//
// Prefill must never store or log a PAN. A value is a card number when, ignoring
// spaces and dashes, it is 13-19 digits that pass the Luhn check.
//
// LooksLikeCardNumber checks the whole value (every field). ContainsCardNumber also
// finds a card number embedded in free text ("my card is 4111 1111 1111 1111"): a run of
// digits where single spaces or dashes may separate digit groups, holding 13-19 digits
// that pass Luhn. It is used for free-text fields only, not for hidden data (a basket
// full of 13-digit EAN codes would otherwise be refused one time in ten) nor phone
// numbers.
#pragma once

#include <string_view>

namespace prefill::validators {

bool PassesLuhn(std::string_view digits);
bool LooksLikeCardNumber(std::string_view value);
bool ContainsCardNumber(std::string_view text);

}  // namespace prefill::validators
