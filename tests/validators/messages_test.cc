#include <gtest/gtest.h>

#include "tests/validators/fixture.h"

namespace prefill::validators {
namespace {

TEST(Message, ContractTexts) {
  EXPECT_EQ(Message({MessageId::kRequired, {}}, "en-GB"), "This field is required");
  EXPECT_EQ(Message({MessageId::kRequired, {}}, "de-DE"), "Dieses Feld ist ein Pflichtfeld");
  EXPECT_EQ(Message({MessageId::kInvalidEmail, {}}, "en"), "Invalid e-mail address");
  EXPECT_EQ(Message({MessageId::kFixedValue, {}}, "en-US"), "This value is fixed and cannot be changed");
}

TEST(Message, LanguageSelection) {
  const ValidationError required{MessageId::kRequired, {}};
  EXPECT_EQ(Message(required, "de"), "Dieses Feld ist ein Pflichtfeld");
  EXPECT_EQ(Message(required, "de-AT"), "Dieses Feld ist ein Pflichtfeld");
  EXPECT_EQ(Message(required, "DE_ch"), "Dieses Feld ist ein Pflichtfeld");
  EXPECT_EQ(Message(required, "fr-FR"), "This field is required");
  EXPECT_EQ(Message(required, ""), "This field is required");
  EXPECT_EQ(Message(required, "dev"), "This field is required");
}

TEST(Message, ArgumentsAreSubstituted) {
  EXPECT_EQ(Message({MessageId::kAmountTooLow, {"5.00"}}, "en-GB"), "The amount must be at least 5.00");
  EXPECT_EQ(Message({MessageId::kAmountTooLow, {"5.00"}}, "de-DE"), "Der Betrag muss mindestens 5.00 betragen");
  EXPECT_EQ(Message({MessageId::kOutOfRange, {"1", "10"}}, "en"), "Must be between 1 and 10");
  EXPECT_EQ(Message({MessageId::kTooLong, {}}, "en"), "At most  characters");  // missing arg: empty
}

TEST(Message, EveryIdHasDistinctEnglishAndGermanText) {
  for (int id = static_cast<int>(MessageId::kRequired); id <= static_cast<int>(MessageId::kValueTooHigh); ++id) {
    ValidationError e{static_cast<MessageId>(id), {"1", "2"}};
    std::string en = Message(e, "en-GB");
    std::string de = Message(e, "de-DE");
    EXPECT_FALSE(en.empty()) << id;
    EXPECT_NE(en, de) << id;
  }
}

}  // namespace
}  // namespace prefill::validators
