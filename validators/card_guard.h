// The raw-card-number guard (SPEC 2: "Raw card numbers are refused everywhere").
//
// Prefill must never store or log a PAN. This is the one place that decides what
// counts as one; every text Prefill would store is passed through HoldsCardNumber
// by its dialect's choke point (form fields: ValidateField; REST bodies: every string
// of the JSON document; docs/validators.md lists them).
//
// A card number is 13-19 digits passing the Luhn check, written as people type
// them: contiguous, or in groups separated by up to three of space, tab, dash, dot
// or no-break space ("4111 1111 1111 1111", "4111  1111  1111  1111",
// "4111.1111.1111.1111", "3782-822463-10005"). How hard a text is searched
// depends on what it is (TextKind):
//   kValue     the whole value is a card number (every field);
//   kFreeText  also a card number anywhere in the text ("my card is 4111 ...");
//              groups of a multi-group number have at least 3 digits, so dates and
//              phone numbers ("01.02.2024", "030 1234 5678") are not taken for one;
//   kData      hidden data, JSON, ids, metadata: as kFreeText, but only numbers of
//              15-19 digits that start like a card brand (Visa 4, Mastercard 2/5,
//              Amex 34/37, Discover/UnionPay/Maestro 6, JCB/Diners 3), so a basket of
//              13-digit EAN codes (one in ten passes Luhn) is not refused. A whole
//              value is still checked as kValue.
// A longer digit run (> 19 contiguous digits) is never a card number.
// Pure; linear in the text's length.
#pragma once

#include <string_view>

namespace prefill::validators {

enum class TextKind { kValue, kFreeText, kData };

// The guard: true when `text` holds a card number for its kind.
bool HoldsCardNumber(std::string_view text, TextKind kind);

// Building blocks, exposed for tests.
bool PassesLuhn(std::string_view digits);
bool LooksLikeCardNumber(std::string_view value);                              // kValue
bool ContainsCardNumber(std::string_view text, TextKind kind = TextKind::kFreeText);  // the search alone

}  // namespace prefill::validators
