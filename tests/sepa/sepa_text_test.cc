#include <gtest/gtest.h>

#include <set>
#include <string>

#include "payments/sepa/creditor_id.h"
#include "payments/sepa/references.h"
#include "payments/sepa/sepa_countries.h"
#include "payments/sepa/sepa_text.h"

namespace prefill::sepa {
namespace {

// ISO 7064 MOD 97-10 check digits computed here digit by digit: national id,
// country, "00", letters as two digits, then 98 - remainder.
std::string CheckDigits(const std::string& country, const std::string& national) {
  std::string digits;
  for (char c : national + country + "00") {
    digits += (c >= 'A' && c <= 'Z') ? std::to_string(c - 'A' + 10) : std::string(1, c);
  }
  int r = 0;
  for (char c : digits) r = (r * 10 + (c - '0')) % 97;
  const int check = 98 - r;
  return (check < 10 ? "0" : "") + std::to_string(check);
}

TEST(CreditorId, TheGermanTestIdIsValid) {
  EXPECT_EQ(CheckDigits("DE", "09999999999"), "98");
  auto id = CanonicalCreditorId("DE98ZZZ09999999999");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(*id, "DE98ZZZ09999999999");
  EXPECT_EQ(*CanonicalCreditorId("de98 zzz0 9999 9999 99"), "DE98ZZZ09999999999");
}

TEST(CreditorId, TheBusinessCodeIsNotChecked) {
  EXPECT_TRUE(CanonicalCreditorId("DE98ABC09999999999").ok());
  EXPECT_TRUE(CanonicalCreditorId("DE9800109999999999").ok());
  EXPECT_EQ(CreditorIdentity("DE98ABC09999999999"), CreditorIdentity("DE98ZZZ09999999999"));
}

TEST(CreditorId, ComputedIdsOfSeveralCountriesAreValidAndOneDigitOffIsNot) {
  const std::pair<std::string, std::string> cases[] = {
      {"DE", "00000123456"}, {"AT", "12345678901"}, {"NL", "123456780000"}, {"FR", "ABC123"},
      {"IT", "12345678901"}, {"ES", "B12345678"},  {"BE", "0123456789"},   {"LU", "1234567"}};
  for (const auto& [country, national] : cases) {
    const std::string id = country + CheckDigits(country, national) + "ZZZ" + national;
    EXPECT_TRUE(CanonicalCreditorId(id).ok()) << id;
    for (size_t i = 7; i < id.size(); ++i) {
      std::string wrong = id;
      wrong[i] = wrong[i] == '9' ? '0' : (wrong[i] >= 'A' ? (wrong[i] == 'Z' ? 'A' : wrong[i] + 1) : wrong[i] + 1);
      EXPECT_FALSE(CanonicalCreditorId(wrong).ok()) << wrong;
    }
  }
}

TEST(CreditorId, MalformedIdsAreRefusedWithAReason) {
  for (const char* bad : {"", "DE98ZZZ", "D198ZZZ09999999999", "DEX8ZZZ09999999999", "DE97ZZZ09999999999",
                          "DE98ZZZ0999999999-", "DE98ZZZ0999999999999999999999999999999"}) {
    auto id = CanonicalCreditorId(bad);
    EXPECT_FALSE(id.ok()) << bad;
    if (!id.ok()) {
      EXPECT_FALSE(id.status().message().empty());
    }
  }
}

TEST(SepaText, TransliteratesNamesDonorsType) {
  EXPECT_EQ(*ToSepaText("Zoë Müller"), "Zoe Mueller");
  EXPECT_EQ(*ToSepaText("Jürgen Groß-Öztürk"), "Juergen Gross-Oeztuerk");
  EXPECT_EQ(*ToSepaText("Renée O’Brien"), "Renee O'Brien");
  EXPECT_EQ(*ToSepaText("Łukasz Żółć"), "Lukasz Zolc");
  EXPECT_EQ(*ToSepaText("Müller & Söhne GmbH"), "Mueller + Soehne GmbH");
  EXPECT_EQ(*ToSepaText("  Ana \t  Núñez  "), "Ana Nunez");
  EXPECT_EQ(*ToSepaText("Zoë Müller", false), "Zoe Muller");
  EXPECT_TRUE(IsSepaText(*ToSepaText("Çağlar Şık Ærøskøbing Œuvre Ħaġar")));
}

TEST(SepaText, CharactersWithoutASepaFormAreNamed) {
  auto cyrillic = ToSepaText("Иван Петров");
  ASSERT_FALSE(cyrillic.ok());
  EXPECT_NE(cyrillic.status().message().find("'И'"), std::string::npos) << cyrillic.status().message();
  EXPECT_NE(cyrillic.status().message().find("U+0418"), std::string::npos);
  for (const char* bad : {"Anna 😀", "a@b", "x_y", "50%", "李", "\xff\xfe"}) EXPECT_FALSE(ToSepaText(bad).ok()) << bad;
}

TEST(SepaText, NamesAreAtMostSeventyCharacters) {
  const std::string seventy(70, 'a');
  EXPECT_EQ(*ToSepaName(seventy), seventy);
  auto too_long = ToSepaName(seventy + "b");
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(too_long.status().message().find("70"), std::string::npos);
  // Two umlauts: expanded 71 characters, folded 69.
  const std::string umlauts = std::string(63, 'a') + " Müllä";
  auto folded = ToSepaName(umlauts);
  ASSERT_TRUE(folded.ok());
  EXPECT_EQ(*folded, std::string(63, 'a') + " Mulla");
  EXPECT_EQ(*ToSepaName(std::string(62, 'a') + " Müllä"), std::string(62, 'a') + " Muellae");
  EXPECT_FALSE(ToSepaName("   ").ok());
  EXPECT_EQ(CutSepaText("Spende Danke schoen", 12), "Spende Danke");
  EXPECT_EQ(CutSepaText("Spende Danke schoen", 13), "Spende Danke");
}

TEST(SepaCountries, TheSchemesScope) {
  for (const char* cc : {"DE", "AT", "FR", "CH", "GB", "NO", "IS", "LI", "MC", "SM", "VA", "AD", "GI"}) {
    EXPECT_TRUE(IsSepaCountry(cc)) << cc;
  }
  for (const char* cc : {"US", "TR", "BR", "SA", "RU", "UA", "de", ""}) EXPECT_FALSE(IsSepaCountry(cc)) << cc;
}

TEST(MandateReference, Rules) {
  EXPECT_TRUE(IsValidMandateReference("PF1234"));
  EXPECT_TRUE(IsValidMandateReference("A+?/-:().,' 9"));
  EXPECT_TRUE(IsValidMandateReference(std::string(35, 'x')));
  EXPECT_FALSE(IsValidMandateReference(std::string(36, 'x')));
  EXPECT_FALSE(IsValidMandateReference(""));
  EXPECT_FALSE(IsValidMandateReference("-PF1"));
  EXPECT_FALSE(IsValidMandateReference("PF1 "));
  EXPECT_FALSE(IsValidMandateReference("PF_1"));
  EXPECT_FALSE(IsValidMandateReference("PFä1"));
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) {
    const std::string r = NewMandateReference();
    EXPECT_TRUE(IsValidMandateReference(r)) << r;
    EXPECT_TRUE(seen.insert(r).second) << r;
  }
}

TEST(SepaIds, RandomHexOf32) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewSepaId();
    EXPECT_EQ(id.size(), 32u);
    EXPECT_TRUE(IsSepaText(id));
    EXPECT_TRUE(seen.insert(id).second);
  }
}

TEST(TransferReference, TypableAndChecked) {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::string r = NewTransferReference();
    ASSERT_EQ(r.size(), 14u) << r;
    for (char c : r.substr(3)) EXPECT_EQ(std::string("0O1IL").find(c), std::string::npos) << r;
    EXPECT_TRUE(IsSepaText(r));
    EXPECT_EQ(ParseTransferReference(r), r);
    EXPECT_TRUE(seen.insert(r).second);
  }
  const std::string r = NewTransferReference();
  std::string typed;
  for (char c : r) typed += c == '-' ? ' ' : static_cast<char>(std::tolower(c));
  EXPECT_EQ(ParseTransferReference(typed), r);
  std::string compact;
  for (char c : r) if (c != '-') compact += c;
  EXPECT_EQ(ParseTransferReference(compact), r);
}

TEST(TransferReference, EverySingleTypoIsCaught) {
  const std::string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  for (int n = 0; n < 50; ++n) {
    const std::string r = NewTransferReference();
    for (size_t i = 3; i < r.size(); ++i) {
      if (r[i] == '-') continue;
      for (char c : alphabet) {
        if (c == r[i]) continue;
        std::string typo = r;
        typo[i] = c;
        EXPECT_FALSE(ParseTransferReference(typo)) << r << " -> " << typo;
      }
    }
  }
  for (int n = 0; n < 50; ++n) {  // swapped neighbours in the random part
    const std::string r = NewTransferReference();
    const std::string payload = r.substr(3, 4) + r.substr(8, 4);
    for (size_t i = 0; i + 1 < payload.size(); ++i) {
      if (payload[i] == payload[i + 1]) continue;
      std::string swapped = payload;
      std::swap(swapped[i], swapped[i + 1]);
      EXPECT_FALSE(ParseTransferReference("PF" + swapped + r.substr(13))) << r << " -> " << swapped;
    }
  }
  EXPECT_FALSE(ParseTransferReference("PF-0000-0000-0"));
  EXPECT_FALSE(ParseTransferReference("XY-2345-6789-A"));
  EXPECT_FALSE(ParseTransferReference(""));
}

}  // namespace
}  // namespace prefill::sepa
