// ISO 3166-1 alpha-2 country codes (SPEC 2, `country`).
//
// The code list is generated from Debian's iso-codes JSON by scripts/gen_iso3166.py
// into iso3166.inc and compiled in, so lookups do no I/O.
#pragma once

#include <string_view>

#include "validators/validation.h"

namespace prefill::validators {

// True for an assigned ISO 3166-1 alpha-2 code; `code` must already be upper-case.
bool IsIsoCountry(std::string_view code);

// Number of codes compiled in (for tests that compare with the JSON source).
size_t IsoCountryCount();

// Upper-cases and checks; canonical form is the upper-case code ("de" -> "DE").
FieldOutcome ValidateCountry(std::string_view value);

}  // namespace prefill::validators
