// Custom (non-standard) fields, validated by the CustomValidator of the form file
// (SPEC 1): text, boolean, select, integer, number, date, email, country, iban, bic,
// phone. After the type's own check, min_length/max_length (in code points) and
// pattern (whole canonical value) apply to every type.
//
// integer: optional sign and up to 18 digits; canonical without '+' and leading zeros.
// number: optional sign, digits, optional '.' or ',' and digits; canonical with '.'.
// min/max bound integer and number values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "validators/form_rules.h"
#include "validators/validation.h"

namespace prefill::validators {

std::optional<std::string> CanonicalInteger(std::string_view value);
std::optional<std::string> CanonicalNumber(std::string_view value);

// min_length / max_length / pattern of `validator` on a canonical value.
FieldOutcome ApplyConstraints(const CustomValidator& validator, FieldOutcome outcome);

FieldOutcome ValidateCustomField(const ValidationContext& ctx, const FieldRule& rule, std::string_view value);

}  // namespace prefill::validators
