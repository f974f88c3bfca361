// The steps every value goes through: UTF-8, control characters, trimming, card guard,
// size limits; plus IsStandardField and FieldGroup.
#include <gtest/gtest.h>

#include "tests/validators/fixture.h"
#include "validators/card_guard.h"
#include "validators/text.h"

namespace prefill::validators {
namespace {

using testing::IsError;
using testing::IsValidAs;
using testing::Session;

TEST(Utf8, ValidAndInvalidSequences) {
  EXPECT_TRUE(IsValidUtf8("Beate Müller 日本 😀"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));          // bad continuation
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\x80"));
}

TEST(Pipeline, InvalidUtf8IsRefusedInAnyField) {
  Session s;
  EXPECT_TRUE(IsError(s.Validate("first_name", "Be\xC3\x28te"), MessageId::kInvalidUtf8));
  EXPECT_TRUE(IsError(s.Validate("email", "a\xFF@example.org"), MessageId::kInvalidUtf8));
  EXPECT_TRUE(IsError(s.Validate("message", "\xED\xA0\x80"), MessageId::kInvalidUtf8));
}

TEST(Pipeline, ControlCharacters) {
  Session s;
  s.rules.fields["basket"] = FieldRule{false, true, {}, CustomValidator{}};
  EXPECT_TRUE(IsError(s.Validate("first_name", "Be\x01" "ate"), MessageId::kControlCharacters));
  EXPECT_TRUE(IsError(s.Validate("first_name", "Beate\nMüller"), MessageId::kControlCharacters));
  EXPECT_TRUE(IsError(s.Validate("first_name", "Beate\tMüller"), MessageId::kControlCharacters));
  EXPECT_TRUE(IsError(s.Validate("city", "Berlin\x7F"), MessageId::kControlCharacters));
  EXPECT_TRUE(IsError(s.Validate("city", "Berlin\xC2\x85"), MessageId::kControlCharacters));  // C1 NEL
  EXPECT_TRUE(IsError(s.Validate("message", std::string("Hallo\0Welt", 10)), MessageId::kControlCharacters));
  EXPECT_TRUE(IsError(s.Validate("message", "Hallo\x1B[31m"), MessageId::kControlCharacters));
  EXPECT_TRUE(IsError(s.Validate("message", "line\rbreak"), MessageId::kControlCharacters));  // lone CR
  // Newline and tab are allowed in message and hidden fields; CRLF becomes LF.
  EXPECT_TRUE(IsValidAs(s.Validate("message", "Viel Erfolg!\r\nBeate\tM."), "Viel Erfolg!\nBeate\tM."));
  EXPECT_TRUE(IsValidAs(s.Validate("basket", "{\n\t\"a\": 1\n}"), "{\n\t\"a\": 1\n}"));
}

TEST(Pipeline, Trimming) {
  Session s;
  EXPECT_TRUE(IsValidAs(s.Validate("first_name", "  Beate "), "Beate"));
  EXPECT_TRUE(IsValidAs(s.Validate("message", "\n  Danke!\n\n"), "Danke!"));
  EXPECT_TRUE(IsValidAs(s.Validate("last_name", "   "), ""));  // whitespace only: a clear
}

TEST(CardGuard, LuhnAndShape) {
  EXPECT_TRUE(PassesLuhn("4111111111111111"));
  EXPECT_TRUE(PassesLuhn("79927398713"));
  EXPECT_FALSE(PassesLuhn("4111111111111112"));
  EXPECT_TRUE(LooksLikeCardNumber("4111 1111 1111 1111"));
  EXPECT_TRUE(LooksLikeCardNumber("4111-1111-1111-1111"));
  EXPECT_TRUE(LooksLikeCardNumber("378282246310005"));        // Amex, 15 digits
  EXPECT_TRUE(LooksLikeCardNumber("6011000990139424"));
  EXPECT_FALSE(LooksLikeCardNumber("79927398713"));           // 11 digits: too short for a PAN
  EXPECT_FALSE(LooksLikeCardNumber("4111111111111112"));      // fails Luhn
  EXPECT_FALSE(LooksLikeCardNumber("41111111111111111111"));  // 20 digits
  EXPECT_FALSE(LooksLikeCardNumber("4111/1111/1111/1111"));
  EXPECT_TRUE(ContainsCardNumber("my card: 4111 1111 1111 1111, thanks"));
  EXPECT_TRUE(ContainsCardNumber("card4111111111111111"));
  EXPECT_FALSE(ContainsCardNumber("order 4111111111111112 and 123"));
  EXPECT_FALSE(ContainsCardNumber("call 030 1234 5678"));
  EXPECT_FALSE(ContainsCardNumber("4111111111111111111111"));  // 22-digit run is no PAN
}

TEST(CardGuard, RefusedInEveryKindOfField) {
  Session s;
  s.rules.fields["order_id"] = FieldRule{false, false, {}, CustomValidator{}};
  s.rules.fields["basket"] = FieldRule{false, true, {}, CustomValidator{}};
  for (const char* field : {"first_name", "message", "last_name", "city", "public_name", "order_id", "basket",
                            "credit_card_token", "credit_card_owner", "phone", "post_code"}) {
    EXPECT_TRUE(IsError(s.Validate(field, "4111 1111 1111 1111"), MessageId::kCardNumberRefused)) << field;
    EXPECT_TRUE(IsError(s.Validate(field, "4111-1111-1111-1111"), MessageId::kCardNumberRefused)) << field;
  }
  EXPECT_TRUE(IsError(s.Validate("message", "Bitte abbuchen von 4111 1111 1111 1111 danke"),
                      MessageId::kCardNumberRefused));
}

TEST(CardGuard, DigitsFailingLuhnAreAcceptedWhereDigitsAreAllowed) {
  Session s;
  s.rules.fields["order_id"] = FieldRule{false, false, {}, CustomValidator{}};
  EXPECT_TRUE(IsValidAs(s.Validate("order_id", "4111111111111112"), "4111111111111112"));
  EXPECT_TRUE(IsValidAs(s.Validate("message", "Ref 4111 1111 1111 1112"), "Ref 4111 1111 1111 1112"));
  EXPECT_TRUE(IsValidAs(s.Validate("first_name", "4111111111111112"), "4111111111111112"));
}

TEST(CardGuard, HiddenDataIsSearchedForCardsButNotForEanCodes) {
  Session s;
  s.rules.fields["basket"] = FieldRule{false, true, {}, CustomValidator{}};
  // Issue 16: a PAN inside a hidden field's JSON reached the database.
  EXPECT_TRUE(IsError(s.Validate("basket", "[{\"ean\":\"4111111111111111\",\"qty\":1}]"), MessageId::kCardNumberRefused));
  EXPECT_TRUE(IsError(s.Validate("basket", "{\"pan\":\"4111111111111111\"}"), MessageId::kCardNumberRefused));
  EXPECT_TRUE(IsError(s.Validate("basket", "{\"note\":\"5555 5555 5555 4444\"}"), MessageId::kCardNumberRefused));
  // 13-digit EAN codes pass Luhn one time in ten: in data they are no card number.
  EXPECT_TRUE(PassesLuhn("4006381333908"));
  EXPECT_TRUE(s.Validate("basket", "[{\"ean\":\"4006381333908\",\"qty\":5},{\"ean\":\"4006381333908\"}]").ok());
  // Nor is a long digit run (a hash, an order number of 20+ digits).
  EXPECT_TRUE(s.Validate("basket", "{\"ref\":\"41111111111111111111111\"}").ok());
}

TEST(CardGuard, SeparatorsAsPeopleTypeThem) {
  for (const char* pan : {"4111  1111  1111  1111", "4111.1111.1111.1111", "4111 - 1111 - 1111 - 1111",
                          "3782 822463 10005", "4111\xC2\xA0" "1111\xC2\xA0" "1111\xC2\xA0" "1111", "4111\t1111\t1111\t1111"}) {
    EXPECT_TRUE(LooksLikeCardNumber(pan)) << pan;
    EXPECT_TRUE(HoldsCardNumber(std::string("Karte: ") + pan + " danke", TextKind::kFreeText)) << pan;
    EXPECT_TRUE(HoldsCardNumber(std::string("{\"x\":\"") + pan + "\"}", TextKind::kData)) << pan;
  }
  // Card, expiry and CVV typed in one go: the card is still found.
  EXPECT_TRUE(HoldsCardNumber("4111111111111111 12 27 123", TextKind::kFreeText));
  EXPECT_TRUE(HoldsCardNumber("4111 1111 1111 1111 0527 123", TextKind::kFreeText));
  // Dates, phone numbers and amounts are not cards.
  EXPECT_FALSE(HoldsCardNumber("vom 01.02.2024 bis 12.03.2025", TextKind::kFreeText));
  EXPECT_FALSE(HoldsCardNumber("Tel. +49 30 1234 5678", TextKind::kFreeText));
  EXPECT_FALSE(HoldsCardNumber("4111 1111 1111 1112", TextKind::kFreeText));  // fails Luhn
  EXPECT_FALSE(HoldsCardNumber("x 41 11 11 11 11 11 11 11", TextKind::kData));
}

TEST(CardGuard, WholeValueRuleHoldsForEveryKind) {
  for (TextKind kind : {TextKind::kValue, TextKind::kFreeText, TextKind::kData}) {
    EXPECT_TRUE(HoldsCardNumber("4222222222222", kind));  // 13-digit Visa as a whole value
    EXPECT_FALSE(HoldsCardNumber("x 4222222222222", TextKind::kValue));
  }
  EXPECT_TRUE(HoldsCardNumber("x 4222222222222", TextKind::kFreeText));
  EXPECT_FALSE(HoldsCardNumber("x 4222222222222", TextKind::kData));  // 13 digits inside data: EAN-sized
}

TEST(Limits, PlainTextAndHiddenFields) {
  Session s;
  EXPECT_TRUE(s.Validate("first_name", std::string(1000, 'a')).ok());
  EXPECT_TRUE(IsError(s.Validate("first_name", std::string(1001, 'a')), MessageId::kTooLong));
  // Counted in characters, not bytes: 1000 umlauts are 2000 bytes.
  std::string umlauts;
  for (int i = 0; i < 1000; ++i) umlauts += "ü";
  EXPECT_TRUE(s.Validate("message", umlauts).ok());
  EXPECT_TRUE(IsError(s.Validate("message", umlauts + "ü"), MessageId::kTooLong));

  s.rules.fields["basket"] = FieldRule{false, true, {}, CustomValidator{}};
  s.rules.fields["note"] = FieldRule{false, false, {}, CustomValidator{}};
  EXPECT_TRUE(s.Validate("basket", std::string(64 * 1024, 'x')).ok());
  EXPECT_TRUE(IsError(s.Validate("basket", std::string(64 * 1024 + 1, 'x')), MessageId::kTooLong));
  EXPECT_TRUE(IsError(s.Validate("note", std::string(1001, 'x')), MessageId::kTooLong));

  CustomValidator long_text;
  long_text.max_length = 5000;
  s.rules.fields["note"].validator = long_text;
  EXPECT_TRUE(s.Validate("note", std::string(5000, 'x')).ok());
  EXPECT_TRUE(IsError(s.Validate("note", std::string(5001, 'x')), MessageId::kTooLong));

  CustomValidator short_name;
  short_name.max_length = 10;
  s.rules.fields["first_name"].validator = short_name;  // a form may tighten a standard field
  EXPECT_TRUE(IsError(s.Validate("first_name", "Maximiliane"), MessageId::kTooLong));
}

TEST(Pipeline, UnknownFieldIsRefused) {
  Session s;
  EXPECT_TRUE(IsError(s.Validate("favourite_colour", "blue"), MessageId::kInvalidValue));
}

TEST(Fields, StandardFieldsAndGroups) {
  for (const char* f : {"amount", "interval", "fb_item_id", "payment_method", "salutation", "title", "first_name",
                        "last_name", "company_name", "birthday", "email", "phone", "address", "post_code", "city",
                        "country", "bank_account_owner", "bank_iban", "bank_bic", "credit_card_owner",
                        "credit_card_token", "credit_card_expire_date_month", "credit_card_expire_date_year",
                        "credit_card_network", "wants_receipt", "wants_newsletter", "is_privacy_accepted", "message",
                        "public_name"}) {
    EXPECT_TRUE(IsStandardField(f)) << f;
  }
  EXPECT_FALSE(IsStandardField("basket"));
  EXPECT_FALSE(IsStandardField("Amount"));
  EXPECT_EQ(FieldGroup("first_name"), (std::vector<std::string>{"salutation", "title", "first_name", "last_name"}));
  EXPECT_EQ(FieldGroup("country"), (std::vector<std::string>{"address", "post_code", "city", "country"}));
  EXPECT_EQ(FieldGroup("bank_bic"), (std::vector<std::string>{"bank_account_owner", "bank_iban", "bank_bic"}));
  EXPECT_EQ(FieldGroup("credit_card_network").size(), 5u);
  EXPECT_TRUE(FieldGroup("amount").empty());
  EXPECT_TRUE(FieldGroup("basket").empty());
}

}  // namespace
}  // namespace prefill::validators
