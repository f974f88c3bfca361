// E-mail address validation (SPEC 2, `email`).
//
// Accepted: exactly one '@'; a local part of 1-64 bytes in RFC 5322 dot-atom form
// (atext characters or any non-ASCII UTF-8 as RFC 6531 allows; no leading, trailing or
// double dots); a domain of labels separated by dots, at least two labels, each 1-63
// bytes of letters, digits, hyphens (not first or last) or non-ASCII UTF-8 (IDN in
// Unicode form; "xn--" A-labels are plain ASCII), the last label not all digits; total
// at most 254 bytes. Not accepted (deliberately): quoted local parts ("a b"@x.org),
// domain literals (a@[192.0.2.1]), a trailing dot on the domain, spaces and control
// characters anywhere.
//
// Canonical form: the local part as sent (it may be case-sensitive) and the domain
// lower-cased (ASCII and, for IDN, Unicode lower-casing through ICU).
#pragma once

#include <string_view>

#include "validators/validation.h"

namespace prefill::validators {

FieldOutcome ValidateEmail(std::string_view value);

}  // namespace prefill::validators
