// Phone numbers (SPEC 1, `phone`) through libphonenumber.
//
// The number is parsed with the session's country (ctx.current["country"]) as default
// region, DE when none is stored, so "030 1234567" works for a German donor and
// "+44 20 7946 0958" for anyone. It must be a valid number for its region
// (PhoneNumberUtil::IsValidNumber); the canonical form is E.164 ("+49301234567").
#pragma once

#include <string_view>

#include "validators/validation.h"

namespace prefill::validators {

FieldOutcome ValidatePhone(std::string_view value, std::string_view default_region);
FieldOutcome ValidatePhone(const ValidationContext& ctx, std::string_view value);

}  // namespace prefill::validators
