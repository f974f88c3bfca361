#include <gtest/gtest.h>

#include "tests/validators/fixture.h"
#include "validators/phone.h"
#include "validators/post_code.h"

namespace prefill::validators {
namespace {

using testing::IsError;
using testing::IsValidAs;
using testing::Session;

struct PostCodeCase {
  const char* country;
  const char* input;
  const char* canonical;  // nullptr: invalid
};

TEST(PostCode, PerCountryFormats) {
  const PostCodeCase cases[] = {
      {"DE", "10115", "10115"},       {"DE", "01067", "01067"},     {"DE", "1011", nullptr},
      {"DE", "101155", nullptr},      {"DE", "D-10115", nullptr},   {"DE", "1O115", nullptr},
      {"AT", "1010", "1010"},         {"AT", "10100", nullptr},     {"AT", "A-1010", nullptr},
      {"CH", "8001", "8001"},         {"CH", "800", nullptr},       {"CH", "CH-8001", nullptr},
      {"NL", "1012 AB", "1012 AB"},   {"NL", "1012ab", "1012 AB"},  {"NL", "0123 AB", nullptr},
      {"NL", "1012 SA", nullptr},     {"NL", "1012", nullptr},      {"NL", "1012 A1", nullptr},
      {"GB", "SW1A 1AA", "SW1A 1AA"}, {"GB", "sw1a1aa", "SW1A 1AA"}, {"GB", "M1 1AE", "M1 1AE"},
      {"GB", "B33 8TH", "B33 8TH"},   {"GB", "CR2 6XH", "CR2 6XH"}, {"GB", "DN55 1PT", "DN55 1PT"},
      {"GB", "W1A 0AX", "W1A 0AX"},   {"GB", "GIR 0AA", "GIR 0AA"}, {"GB", "SW1A1A", nullptr},
      {"GB", "12345", nullptr},       {"GB", "SW1A 1A1", nullptr},  {"GB", "ABC1 1AA", nullptr},
      {"FR", "75008", "75008"},       {"FR", "7500", nullptr},      {"FR", "F-75008", nullptr},
      {"US", "90210", "90210"},       {"US", "90210-1234", "90210-1234"}, {"US", "9021", nullptr},
      {"US", "90210-123", nullptr},   {"US", "90210 1234", nullptr},
      {"PL", "00-950", "00-950"},     {"PL", "00950", nullptr},     {"PT", "1000-001", "1000-001"},
      {"SE", "11455", "114 55"},      {"SE", "114 55", "114 55"},   {"SE", "1145", nullptr},
  };
  for (const PostCodeCase& c : cases) {
    Session s;
    s.values["country"] = c.country;
    FieldOutcome outcome = s.Validate("post_code", c.input);
    if (c.canonical) {
      EXPECT_TRUE(IsValidAs(outcome, c.canonical)) << c.country << " " << c.input;
    } else {
      EXPECT_TRUE(IsError(outcome, MessageId::kInvalidPostCode)) << c.country << " " << c.input;
    }
  }
}

TEST(PostCode, GenericRuleWithoutKnownCountry) {
  Session s;
  EXPECT_TRUE(IsValidAs(s.Validate("post_code", "10115"), "10115"));
  EXPECT_TRUE(IsValidAs(s.Validate("post_code", "sw1a 1aa"), "SW1A 1AA"));
  EXPECT_TRUE(IsValidAs(s.Validate("post_code", "AB-12"), "AB-12"));
  EXPECT_TRUE(IsError(s.Validate("post_code", "1"), MessageId::kInvalidPostCode));
  EXPECT_TRUE(IsError(s.Validate("post_code", "12345678901"), MessageId::kInvalidPostCode));
  EXPECT_TRUE(IsError(s.Validate("post_code", "12_45"), MessageId::kInvalidPostCode));
  EXPECT_TRUE(IsError(s.Validate("post_code", "12345ü"), MessageId::kInvalidPostCode));
  // A country without its own rule (Japan) falls back to the generic rule.
  s.values["country"] = "JP";
  EXPECT_TRUE(IsValidAs(s.Validate("post_code", "100-0001"), "100-0001"));
}

TEST(Phone, GermanDefaultRegionAndE164) {
  Session s;
  EXPECT_TRUE(IsValidAs(s.Validate("phone", "030 12345678"), "+493012345678"));
  EXPECT_TRUE(IsValidAs(s.Validate("phone", "+49 (0)30 12345678"), "+493012345678"));
  EXPECT_TRUE(IsValidAs(s.Validate("phone", "0151 23456789"), "+4915123456789"));
  EXPECT_TRUE(IsValidAs(s.Validate("phone", "+44 20 7946 0958"), "+442079460958"));
}

TEST(Phone, CountryOfTheSessionIsTheDefaultRegion) {
  Session s;
  s.values["country"] = "GB";
  EXPECT_TRUE(IsValidAs(s.Validate("phone", "020 7946 0958"), "+442079460958"));
  s.values["country"] = "AT";
  EXPECT_TRUE(IsValidAs(s.Validate("phone", "01 5880000"), "+4315880000"));
}

TEST(Phone, InvalidNumbers) {
  Session s;
  EXPECT_TRUE(IsError(s.Validate("phone", "12"), MessageId::kInvalidPhone));
  EXPECT_TRUE(IsError(s.Validate("phone", "hello"), MessageId::kInvalidPhone));
  EXPECT_TRUE(IsError(s.Validate("phone", "+999 123456"), MessageId::kInvalidPhone));
  EXPECT_TRUE(IsError(s.Validate("phone", std::string(80, '1')), MessageId::kInvalidPhone));
}

}  // namespace
}  // namespace prefill::validators
