#include "hosted/locale_format.h"

#include <gtest/gtest.h>

#include <limits>

namespace prefill::testing {
namespace {

const std::string kNbsp = "\xC2\xA0";

TEST(LocaleFormatTest, GermanWritesCommaDecimalsDotGroupsAndTheSymbolAfter) {
  EXPECT_EQ(FormatMoney(2500, "EUR", "de-DE"), "25,00" + kNbsp + "€");
  EXPECT_EQ(FormatMoney(125000, "EUR", "de-DE"), "1.250,00" + kNbsp + "€");
  EXPECT_EQ(FormatMoney(123456789, "EUR", "de-AT"), "1.234.567,89" + kNbsp + "€");
  EXPECT_EQ(FormatMoney(5, "EUR", "de"), "0,05" + kNbsp + "€");
  EXPECT_EQ(FormatMoney(100000, "CHF", "de-CH"), "1.000,00" + kNbsp + "CHF");
}

TEST(LocaleFormatTest, EnglishWritesTheSymbolFirstWithCommaGroups) {
  EXPECT_EQ(FormatMoney(2500, "EUR", "en-GB"), "€25.00");
  EXPECT_EQ(FormatMoney(125000, "EUR", "en-GB"), "€1,250.00");
  EXPECT_EQ(FormatMoney(99, "GBP", "en"), "£0.99");
  EXPECT_EQ(FormatMoney(100000000, "USD", "en-GB"), "US$1,000,000.00");
  // No symbol: the code first, kept from the number by a no-break space.
  EXPECT_EQ(FormatMoney(2500, "CHF", "en-GB"), "CHF" + kNbsp + "25.00");
  // Unknown languages write English.
  EXPECT_EQ(FormatMoney(2500, "EUR", "fr-FR"), "€25.00");
}

TEST(LocaleFormatTest, ExactForEveryMinorUnitAndTheExtremes) {
  // Integer arithmetic only: every cent value of a range comes out exactly.
  for (validators::Cents c = 0; c < 100000; c += 7) {
    std::string text = FormatMoney(c, "EUR", "en-GB");
    std::string digits;
    for (char ch : text) {
      if (ch >= '0' && ch <= '9') digits += ch;
    }
    EXPECT_EQ(std::stoll(digits), c) << text;
  }
  EXPECT_EQ(FormatMoney(-2500, "EUR", "de-DE"), "-25,00" + kNbsp + "€");
  EXPECT_EQ(FormatMoney(std::numeric_limits<validators::Cents>::max(), "EUR", "en-GB"),
            "€92,233,720,368,547,758.07");
  EXPECT_EQ(FormatMoney(std::numeric_limits<validators::Cents>::min(), "EUR", "en-GB"),
            "-€92,233,720,368,547,758.08");
}

TEST(LocaleFormatTest, CanonicalAmountTextsAreFormatted) {
  EXPECT_EQ(FormatAmountText("25.00", "EUR", "de-DE"), "25,00" + kNbsp + "€");
  EXPECT_EQ(FormatAmountText("1250.5", "EUR", "en-GB"), "€1,250.50");
  EXPECT_EQ(FormatAmountText("not money", "EUR", "en-GB"), "not money");
}

TEST(LocaleFormatTest, DatesAsEachLanguageWritesThem) {
  EXPECT_EQ(FormatDate({2026, 11, 29}, "de-DE"), "29.11.2026");
  EXPECT_EQ(FormatDate({2026, 1, 5}, "de"), "05.01.2026");
  EXPECT_EQ(FormatDate({2026, 11, 29}, "en-GB"), "29/11/2026");
  EXPECT_EQ(FormatDate({2026, 1, 5}, "en-US"), "01/05/2026");
}

TEST(LocaleFormatTest, PageLanguageTakesOnlyLanguagesWithTexts) {
  EXPECT_EQ(PageLanguage("de-DE", ""), "de-DE");
  EXPECT_EQ(PageLanguage("de-DE", "en"), "en-GB");
  EXPECT_EQ(PageLanguage("en-GB", "de"), "de-DE");
  EXPECT_EQ(PageLanguage("en-GB", "de-at"), "de-AT");
  EXPECT_EQ(PageLanguage("en-GB", "EN-us"), "en-US");
  EXPECT_EQ(PageLanguage("de-DE", "fr"), "de-DE");
  EXPECT_EQ(PageLanguage("de-DE", "en\"><script>"), "de-DE");
  EXPECT_EQ(PageLanguage("de-DE", "deutsch"), "de-DE");
}

TEST(LocaleFormatTest, RegionOfALanguageTag) {
  EXPECT_EQ(LanguageRegion("de-DE"), "DE");
  EXPECT_EQ(LanguageRegion("en-gb"), "GB");
  EXPECT_EQ(LanguageRegion("de"), "");
  EXPECT_EQ(LanguageRegion("sr-Latn-RS"), "");
}

}  // namespace
}  // namespace prefill::testing
