// SEPA creditor identifier (SPEC 5.2; EPC262-08 "Creditor Identifier Overview").
//
// Shape: country code (2 letters) + 2 check digits + creditor business code
// (3 characters, any of A-Z 0-9, free for the creditor's own use) + national
// identifier (1-28 letters or digits); 35 characters at most. The check digits
// are ISO 7064 MOD 97-10 over the national identifier followed by the country
// code and "00" (letters A=10 ... Z=35); the business code is not part of the
// check, so "DE98ZZZ09999999999" and "DE98ABC09999999999" are both valid.
//
// Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace prefill::sepa {

// The canonical creditor id (spaces removed, letters upper-cased) or
// InvalidArgument with a sentence saying what is wrong.
Result<std::string> CanonicalCreditorId(std::string_view text);

// The creditor id without its business code ("DE98ZZZ09999999999" ->
// "DE9809999999999"): two ids differing only there name the same creditor.
std::string CreditorIdentity(std::string_view canonical);

}  // namespace prefill::sepa
