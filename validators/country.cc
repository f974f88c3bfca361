#include "validators/country.h"

#include <algorithm>
#include <iterator>

#include "validators/outcome.h"
#include "validators/text.h"

namespace prefill::validators {

namespace {
constexpr std::string_view kIsoCountries[] = {
#include "validators/iso3166.inc"
};
}  // namespace

bool IsIsoCountry(std::string_view code) {
  return code.size() == 2 && std::binary_search(std::begin(kIsoCountries), std::end(kIsoCountries), code);
}

size_t IsoCountryCount() { return std::size(kIsoCountries); }

FieldOutcome ValidateCountry(std::string_view value) {
  std::string code = AsciiUpper(value);
  if (!IsIsoCountry(code)) return Fail(MessageId::kInvalidCountry);
  return Accept(std::move(code));
}

}  // namespace prefill::validators
