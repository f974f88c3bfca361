// Decimal amounts of form files, parsed exactly into cents (never through double).
//
// Form files write money as JSON strings with a dot and at most two decimals:
// "5", "5.0", "5.00", "10000.00". No sign, no exponent, no grouping, no comma
// (the comma is accepted from donors by validators/, not in configuration).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "validators/form_rules.h"

namespace prefill {

// The amount in cents, or nullopt when `text` is not such a decimal or is
// larger than 999,999,999,999.99.
std::optional<validators::Cents> ParseDecimalCents(std::string_view text);

// The canonical form of a cent amount: "1234.50", "0.05".
std::string FormatCents(validators::Cents cents);

}  // namespace prefill
