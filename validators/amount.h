// Money amounts (SPEC 2, `amount`).
//
// Syntax: one or more digits, optionally followed by `.` or `,` and one or two digits
// ("12", "12,5", "12.50", "007"). No sign, exponent, thousands separator or spaces, at
// most 12 integer digits. Parsed exactly into cents, never through double. Canonical
// form: "<int>.<2 digits>", e.g. "12.50".
//
// ValidateAmount then checks, in order: positive, form min, form max, suggestions (when
// free_amount is false), the chosen item's min_amount (ctx.current["fb_item_id"]).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "validators/form_rules.h"
#include "validators/validation.h"

namespace prefill::validators {

std::optional<Cents> ParseAmount(std::string_view text);
std::string FormatCents(Cents cents);

// The min_amount of item `item_id` in `rules`, or nothing for an unknown item.
std::optional<Cents> ItemMinimum(const FormRules& rules, std::string_view item_id);

FieldOutcome ValidateAmount(const ValidationContext& ctx, std::string_view value);

}  // namespace prefill::validators
