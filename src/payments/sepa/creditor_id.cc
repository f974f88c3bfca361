#include "payments/sepa/creditor_id.h"

#include "validators/iban.h"
#include "validators/text.h"

namespace prefill::sepa {

using validators::IsAsciiAlnum;
using validators::IsAsciiDigit;
using validators::IsAsciiUpper;

Result<std::string> CanonicalCreditorId(std::string_view text) {
  std::string id;
  for (char c : text) {
    if (c == ' ') continue;
    if (!IsAsciiAlnum(c)) return Status::InvalidArgument("a creditor id has only letters and digits");
    id.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (id.size() < 8 || id.size() > 35) {
    return Status::InvalidArgument("a creditor id has 8 to 35 characters (country, check digits, business code, national id)");
  }
  if (!IsAsciiUpper(id[0]) || !IsAsciiUpper(id[1])) {
    return Status::InvalidArgument("a creditor id starts with a two-letter country code");
  }
  if (!IsAsciiDigit(id[2]) || !IsAsciiDigit(id[3])) {
    return Status::InvalidArgument("a creditor id has two check digits after the country code");
  }
  // ISO 7064 MOD 97-10 over national id + country + check digits: the same
  // computation as the IBAN's once the business code is left out.
  if (validators::IbanMod97(CreditorIdentity(id)) != 1) {
    return Status::InvalidArgument("the creditor id's check digits do not match (ISO 7064 MOD 97-10)");
  }
  return id;
}

std::string CreditorIdentity(std::string_view canonical) {
  if (canonical.size() < 7) return std::string(canonical);
  return std::string(canonical.substr(0, 4)) + std::string(canonical.substr(7));
}

}  // namespace prefill::sepa
