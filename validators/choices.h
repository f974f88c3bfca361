// Fields with a fixed set of values (SPEC 2): salutation, wants_receipt, booleans
// (wants_newsletter, is_privacy_accepted, custom "boolean"), and the form-configured
// lists interval, payment_method, fb_item_id, select options.
//
// Matching is exact (case-sensitive) for keys; booleans accept 0/1/true/false/on in any
// ASCII case and canonicalise to "1"/"0".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "validators/validation.h"

namespace prefill::validators {

// The built-in salutation keys.
const std::vector<std::string>& DefaultSalutations();
// The wants_receipt keys.
const std::vector<std::string>& ReceiptOptions();

// `value` must equal one of `allowed`; otherwise `error`.
FieldOutcome ValidateChoice(std::string_view value, const std::vector<std::string>& allowed, MessageId error);

FieldOutcome ValidateBoolean(std::string_view value);

// Salutation: the form's options for the field when it declares any, else the defaults.
FieldOutcome ValidateSalutation(const ValidationContext& ctx, std::string_view value);

FieldOutcome ValidateItemId(const ValidationContext& ctx, std::string_view value);

}  // namespace prefill::validators
