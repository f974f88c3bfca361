#include "payments/sepa/sepa_countries.h"

#include <algorithm>
#include <array>

namespace prefill::sepa {

bool IsSepaCountry(std::string_view cc) {
  static constexpr std::array<std::string_view, 54> kCountries = {
      "AD", "AL", "AT", "AX", "BE", "BG", "BL", "CH", "CY", "CZ", "DE", "DK", "EE", "ES",
      "FI", "FR", "GB", "GF", "GG", "GI", "GP", "GR", "HR", "HU", "IE", "IM", "IS", "IT",
      "JE", "LI", "LT", "LU", "LV", "MC", "MD", "ME", "MF", "MK", "MQ", "MT", "NL", "NO",
      "PL", "PM", "PT", "RE", "RO", "RS", "SE", "SI", "SK", "SM", "VA", "YT"};
  static_assert(std::is_sorted(kCountries.begin(), kCountries.end()));
  return std::binary_search(kCountries.begin(), kCountries.end(), cc);
}

}  // namespace prefill::sepa
