#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/validators/fixture.h"
#include "validators/bic.h"
#include "validators/country.h"

namespace prefill::validators {
namespace {

using testing::IsError;
using testing::IsValidAs;
using testing::Session;

TEST(Bic, EightAndElevenCharacters) {
  EXPECT_TRUE(IsValidAs(ValidateBicSyntax("COBADEFF"), "COBADEFF"));
  EXPECT_TRUE(IsValidAs(ValidateBicSyntax("COBADEFFXXX"), "COBADEFFXXX"));
  EXPECT_TRUE(IsValidAs(ValidateBicSyntax("DEUTDE5M551"), "DEUTDE5M551"));
  EXPECT_TRUE(IsError(ValidateBicSyntax("COBADEF"), MessageId::kInvalidBic));
  EXPECT_TRUE(IsError(ValidateBicSyntax("COBADEFFX"), MessageId::kInvalidBic));
  EXPECT_TRUE(IsError(ValidateBicSyntax("COBADEFFXX"), MessageId::kInvalidBic));
  EXPECT_TRUE(IsError(ValidateBicSyntax("COBADEFFXXXX"), MessageId::kInvalidBic));
}

TEST(Bic, LowerCaseAndSpacesAreCanonicalised) {
  EXPECT_TRUE(IsValidAs(ValidateBicSyntax("cobadeff"), "COBADEFF"));
  EXPECT_TRUE(IsValidAs(ValidateBicSyntax("COBA DE FF XXX"), "COBADEFFXXX"));
}

TEST(Bic, BankAndCountryPartsMustBeLetters) {
  EXPECT_TRUE(IsError(ValidateBicSyntax("C0BADEFF"), MessageId::kInvalidBic));
  EXPECT_TRUE(IsError(ValidateBicSyntax("COBAD3FF"), MessageId::kInvalidBic));
  EXPECT_TRUE(IsError(ValidateBicSyntax("COBADEF-"), MessageId::kInvalidBic));
  EXPECT_TRUE(IsError(ValidateBicSyntax("COBADEFF_XX"), MessageId::kInvalidBic));
}

TEST(Bic, CountryMustBeIso3166) {
  EXPECT_TRUE(IsError(ValidateBicSyntax("COBAXXFF"), MessageId::kInvalidBic));
  EXPECT_TRUE(IsError(ValidateBicSyntax("COBAUKFF"), MessageId::kInvalidBic));  // UK is not ISO (GB is)
  EXPECT_TRUE(IsValidAs(ValidateBicSyntax("NWBKGB2L"), "NWBKGB2L"));
  EXPECT_TRUE(IsValidAs(ValidateBicSyntax("RBKOXKPR"), "RBKOXKPR"));  // Kosovo, as SWIFT assigns it
}

TEST(Bic, MismatchWithStoredIbanCountry) {
  Session s;
  s.values["bank_iban"] = "DE89370400440532013000";
  EXPECT_TRUE(IsValidAs(s.Validate("bank_bic", "COBADEFFXXX"), "COBADEFFXXX"));
  EXPECT_TRUE(IsError(s.Validate("bank_bic", "NWBKGB2L"), MessageId::kBicCountryMismatch));
  s.values.clear();
  EXPECT_TRUE(IsValidAs(s.Validate("bank_bic", "NWBKGB2L"), "NWBKGB2L"));
}

TEST(Country, UpperCasesAndChecksIso3166) {
  EXPECT_TRUE(IsValidAs(ValidateCountry("de"), "DE"));
  EXPECT_TRUE(IsValidAs(ValidateCountry("AT"), "AT"));
  EXPECT_TRUE(IsValidAs(ValidateCountry("gb"), "GB"));
  EXPECT_TRUE(IsError(ValidateCountry("UK"), MessageId::kInvalidCountry));
  EXPECT_TRUE(IsError(ValidateCountry("XX"), MessageId::kInvalidCountry));
  EXPECT_TRUE(IsError(ValidateCountry("DEU"), MessageId::kInvalidCountry));
  EXPECT_TRUE(IsError(ValidateCountry("D"), MessageId::kInvalidCountry));
  EXPECT_TRUE(IsError(ValidateCountry("Germany"), MessageId::kInvalidCountry));
}

// The compiled-in list must be the iso-codes list, not a hand-typed one.
TEST(Country, CompiledListMatchesIsoCodesJson) {
  std::ifstream in("/usr/share/iso-codes/json/iso_3166-1.json");
  if (!in) GTEST_SKIP() << "iso-codes JSON not installed";
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string json = buffer.str();
  size_t count = 0;
  const std::string key = "\"alpha_2\": \"";
  for (size_t pos = json.find(key); pos != std::string::npos; pos = json.find(key, pos + 1)) {
    std::string code = json.substr(pos + key.size(), 2);
    EXPECT_TRUE(IsIsoCountry(code)) << code;
    ++count;
  }
  EXPECT_GT(count, 240u);
  EXPECT_EQ(IsoCountryCount(), count);
}

}  // namespace
}  // namespace prefill::validators
