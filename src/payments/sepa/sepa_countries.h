// The SEPA scheme's geographical scope: the countries whose IBANs a SEPA
// direct debit may debit (SPEC 5.2; EPC409-09 "EPC List of SEPA Scheme
// Countries"). A debtor IBAN of any other country (e.g. TR, BR, SA) is
// refused with a clear reason before anything is recorded.
//
// The list is EPC409-09 as of its 2024/2025 versions: the EU and EEA states,
// Switzerland, the United Kingdom, Monaco, San Marino, Andorra, Vatican City,
// Albania, Moldova, Montenegro, North Macedonia and Serbia, and the
// territories with IBAN codes of their own (Gibraltar, Guernsey, Jersey, Isle
// of Man, Åland, the French overseas departments and collectivities of the
// scope). Pure and thread-safe.
#pragma once

#include <string_view>

namespace prefill::sepa {

bool IsSepaCountry(std::string_view country_code);

}  // namespace prefill::sepa
