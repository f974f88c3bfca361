#include "validators/text.h"

#include <gtest/gtest.h>

namespace prefill::validators {
namespace {

TEST(LanguageTag, OneRuleForFormsAndRest) {
  for (const char* ok : {"de", "en", "gsw", "de-DE", "en-GB", "zh-Hant-TW", "es-419", "de-CH-1996"}) {
    EXPECT_TRUE(IsLanguageTag(ok)) << ok;
  }
  for (const char* bad : {"", "d", "deut", "EN", "De-DE", "en_GB", "en-", "-en", "en--GB", "en-G", "en-ABCDEFGHI",
                          "<b>", "de DE", "de-D\xC3\x96"}) {
    EXPECT_FALSE(IsLanguageTag(bad)) << bad;
  }
  EXPECT_FALSE(IsLanguageTag("de-" + std::string(40, 'a')));
  EXPECT_FALSE(IsLanguageTag(std::string("de\0", 3)));
}

}  // namespace
}  // namespace prefill::validators
