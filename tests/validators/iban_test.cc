#include "validators/iban.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/validators/fixture.h"

namespace prefill::validators {
namespace {

using testing::IsError;
using testing::IsValidAs;

struct RegistryRow {
  std::string country;
  std::string example;
  int length = 0;
};

std::string RegistryPath() {
  if (const char* dir = std::getenv("PREFILL_TESTDATA")) return std::string(dir) + "/iban_registry.txt";
  // A copy of ../shared/testdata/iban_registry.txt lives in the repository so a
  // clone tests the same data wherever it is checked out.
  return PREFILL_SOURCE_DIR "/tests/data/iban_registry.txt";
}

std::vector<RegistryRow> ReadRegistry() {
  std::ifstream in(RegistryPath());
  std::vector<RegistryRow> rows;
  std::string line;
  std::vector<std::string> header;
  auto split = [](const std::string& l) {
    std::vector<std::string> cols;
    std::stringstream ss(l);
    std::string col;
    while (std::getline(ss, col, '|')) cols.push_back(col);
    return cols;
  };
  if (!std::getline(in, line)) return rows;
  header = split(line);
  int cc = -1, example = -1, length = -1;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "country_code") cc = static_cast<int>(i);
    if (header[i] == "iban_example") example = static_cast<int>(i);
    if (header[i] == "iban_length") length = static_cast<int>(i);
  }
  if (cc < 0 || example < 0 || length < 0) return rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cols = split(line);
    if (cols.size() < header.size() - 1) continue;
    rows.push_back({cols[cc], cols[example], std::stoi(cols[length])});
  }
  return rows;
}

TEST(IbanRegistry, EveryExampleIbanIsValid) {
  std::vector<RegistryRow> rows = ReadRegistry();
  ASSERT_GE(rows.size(), 100u) << "could not read " << RegistryPath();
  for (const RegistryRow& row : rows) {
    EXPECT_TRUE(IsValidAs(ValidateIban(row.example), row.example)) << row.country << " " << row.example;
    const IbanCountryRule* rule = FindIbanCountry(row.country);
    ASSERT_NE(rule, nullptr) << row.country;
    EXPECT_EQ(rule->length, row.length) << row.country;
  }
}

// Replacing one character by another of the same kind (digit by digit, letter by
// letter) keeps the format, so only the mod-97 check can catch it; it must.
TEST(IbanRegistry, EverySingleCharacterSubstitutionIsInvalid) {
  std::vector<RegistryRow> rows = ReadRegistry();
  ASSERT_GE(rows.size(), 100u);
  int checked = 0;
  for (const RegistryRow& row : rows) {
    for (size_t pos = 0; pos < row.example.size(); ++pos) {
      const char original = row.example[pos];
      const std::string alphabet = std::isdigit(static_cast<unsigned char>(original))
                                       ? "0123456789"
                                       : "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
      for (char replacement : alphabet) {
        if (replacement == original) continue;
        std::string mutated = row.example;
        mutated[pos] = replacement;
        EXPECT_FALSE(ValidateIban(mutated).ok()) << row.country << " " << mutated;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 20000);
}

TEST(IbanRegistry, DigitToLetterInADigitsOnlyPositionIsInvalid) {
  // DE has only digits after the country code: a letter anywhere is a format error.
  EXPECT_TRUE(IsError(ValidateIban("DE89370400440532O13000"), MessageId::kInvalidIban));
}

TEST(Iban, CanonicalisesSpacesAndCase) {
  EXPECT_TRUE(IsValidAs(ValidateIban("de89 3704 0044 0532 0130 00"), "DE89370400440532013000"));
  EXPECT_TRUE(IsValidAs(ValidateIban("GB29 NWBK 6016 1331 9268 19"), "GB29NWBK60161331926819"));
  EXPECT_TRUE(IsValidAs(ValidateIban("gb29nwbk60161331926819"), "GB29NWBK60161331926819"));
}

TEST(Iban, WrongLengthIsInvalid) {
  EXPECT_TRUE(IsError(ValidateIban("DE8937040044053201300"), MessageId::kInvalidIban));    // 21
  EXPECT_TRUE(IsError(ValidateIban("DE893704004405320130000"), MessageId::kInvalidIban));  // 23
  EXPECT_TRUE(IsError(ValidateIban("DE89"), MessageId::kInvalidIban));
  EXPECT_TRUE(IsError(ValidateIban("D"), MessageId::kInvalidIban));
}

TEST(Iban, UnknownCountryIsInvalid) {
  // US and ZZ have no IBAN; the digits would otherwise pass mod 97 checks by luck only.
  EXPECT_TRUE(IsError(ValidateIban("US89370400440532013000"), MessageId::kInvalidIban));
  EXPECT_TRUE(IsError(ValidateIban("ZZ89370400440532013000"), MessageId::kInvalidIban));
  EXPECT_TRUE(IsError(ValidateIban("1289370400440532013000"), MessageId::kInvalidIban));
}

TEST(Iban, PunctuationIsInvalid) {
  EXPECT_TRUE(IsError(ValidateIban("DE89-3704-0044-0532-0130-00"), MessageId::kInvalidIban));
  EXPECT_TRUE(IsError(ValidateIban("DE89.370400440532013000"), MessageId::kInvalidIban));
}

TEST(Iban, BadCheckDigitsAreInvalid) {
  EXPECT_TRUE(IsError(ValidateIban("DE88370400440532013000"), MessageId::kInvalidIban));
  EXPECT_TRUE(IsError(ValidateIban("DE00370400440532013000"), MessageId::kInvalidIban));
  // Two swapped adjacent digits.
  EXPECT_TRUE(IsError(ValidateIban("DE89370400440532031000"), MessageId::kInvalidIban));
}

TEST(Iban, RegistryQuirksAreHandled) {
  // KM/DJ: the SWIFT format text says 13!n where the length says 11 digits.
  EXPECT_TRUE(IsValidAs(ValidateIban("KM4600005000010010904400137"), "KM4600005000010010904400137"));
  // NI: the bank id is four letters although bban_format_swift says 28!n.
  EXPECT_TRUE(IsValidAs(ValidateIban("NI92BAMC000000000000000003123123"), "NI92BAMC000000000000000003123123"));
  // EG: its BBAN regex has no anchors; the length must still be exact.
  EXPECT_TRUE(IsValidAs(ValidateIban("EG380019000500000000263180002"), "EG380019000500000000263180002"));
  EXPECT_FALSE(ValidateIban("EG3800190005000000002631800021").ok());
}

TEST(Iban, Mod97IsComputedOverRearrangedDigits) {
  EXPECT_EQ(IbanMod97("DE89370400440532013000"), 1);
  EXPECT_EQ(IbanMod97("GB82WEST12345698765432"), 1);
  EXPECT_NE(IbanMod97("GB82WEST12345698765433"), 1);
}

}  // namespace
}  // namespace prefill::validators
