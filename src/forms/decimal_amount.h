// Decimal amounts of form files, parsed exactly into cents (never through double).
//
// Form files write money as JSON strings with a dot and at most two decimals:
// "5", "5.0", "5.00", "10000.00". No sign, no exponent, no grouping, no comma
// (the comma is accepted from donors by validators/, not in configuration).
// The digits are parsed by validators::ParseAmount, the one money parser.
#pragma once

#include <optional>
#include <string_view>

#include "validators/amount.h"
#include "validators/form_rules.h"

namespace prefill {

// The amount in cents, or nullopt when `text` is not such a decimal.
std::optional<validators::Cents> ParseDecimalCents(std::string_view text);

using validators::FormatCents;

}  // namespace prefill
