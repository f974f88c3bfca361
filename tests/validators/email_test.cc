#include "validators/email.h"

#include <string>

#include <gtest/gtest.h>

#include "tests/validators/fixture.h"

namespace prefill::validators {
namespace {

using testing::IsError;
using testing::IsValidAs;

TEST(Email, CommonAddressesAreAccepted) {
  EXPECT_TRUE(IsValidAs(ValidateEmail("beate@example.org"), "beate@example.org"));
  EXPECT_TRUE(IsValidAs(ValidateEmail("first.last+tag@mail.example.co.uk"), "first.last+tag@mail.example.co.uk"));
  EXPECT_TRUE(IsValidAs(ValidateEmail("o'brien@example.ie"), "o'brien@example.ie"));
  EXPECT_TRUE(IsValidAs(ValidateEmail("x@a-b.de"), "x@a-b.de"));
}

TEST(Email, DomainIsLowerCasedLocalPartKept) {
  EXPECT_TRUE(IsValidAs(ValidateEmail("Beate.Mueller@Example.ORG"), "Beate.Mueller@example.org"));
}

TEST(Email, InternationalisedDomainsAndLocalParts) {
  EXPECT_TRUE(IsValidAs(ValidateEmail("info@müller.de"), "info@müller.de"));
  EXPECT_TRUE(IsValidAs(ValidateEmail("info@MÜLLER.DE"), "info@müller.de"));
  EXPECT_TRUE(IsValidAs(ValidateEmail("info@xn--mller-kva.de"), "info@xn--mller-kva.de"));
  EXPECT_TRUE(IsValidAs(ValidateEmail("jürgen@example.de"), "jürgen@example.de"));
}

TEST(Email, AtSignRules) {
  EXPECT_TRUE(IsError(ValidateEmail("beate.example.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("beate@@example.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("a@b@example.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("@example.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("beate@"), MessageId::kInvalidEmail));
}

TEST(Email, DomainNeedsADotAndProperLabels) {
  EXPECT_TRUE(IsError(ValidateEmail("beate@localhost"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("beate@example.org."), MessageId::kInvalidEmail));  // trailing dot
  EXPECT_TRUE(IsError(ValidateEmail("beate@.example.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("beate@example..org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("beate@-example.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("beate@example-.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("beate@exa_mple.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("beate@192.168.0.1"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("beate@[192.168.0.1]"), MessageId::kInvalidEmail));
}

TEST(Email, LocalPartDots) {
  EXPECT_TRUE(IsError(ValidateEmail("beate.@example.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail(".beate@example.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("be..ate@example.org"), MessageId::kInvalidEmail));
}

TEST(Email, QuotedLocalPartsAreRefused) {
  EXPECT_TRUE(IsError(ValidateEmail("\"beate\"@example.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("\"be ate\"@example.org"), MessageId::kInvalidEmail));
}

TEST(Email, SpacesAndSpecialsAreRefused) {
  EXPECT_TRUE(IsError(ValidateEmail("be ate@example.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("beate@exa mple.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("beate<x>@example.org"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsError(ValidateEmail("beate,x@example.org"), MessageId::kInvalidEmail));
}

TEST(Email, LengthLimits) {
  const std::string local64(64, 'a');
  EXPECT_TRUE(ValidateEmail(local64 + "@example.org").ok());
  EXPECT_TRUE(IsError(ValidateEmail(local64 + "a@example.org"), MessageId::kInvalidEmail));

  // 254 in total: 64 + '@' + 189-byte domain made of labels of up to 63.
  std::string domain = std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(57, 'd') + ".org";
  ASSERT_EQ(domain.size(), 189u);
  EXPECT_TRUE(ValidateEmail(local64 + "@" + domain).ok());
  EXPECT_TRUE(IsError(ValidateEmail(local64 + "@d" + domain), MessageId::kInvalidEmail));  // 255

  EXPECT_TRUE(IsError(ValidateEmail("a@" + std::string(64, 'b') + ".org"), MessageId::kInvalidEmail));  // label 64
}

}  // namespace
}  // namespace prefill::validators
