#include "validators/custom_field.h"
#include "validators/pattern.h"

#include <gtest/gtest.h>

#include "tests/validators/fixture.h"

namespace prefill::validators {
namespace {

using testing::IsError;
using testing::IsValidAs;
using testing::Session;
using Type = CustomValidator::Type;

Session WithField(const std::string& name, CustomValidator validator, std::vector<std::string> options = {},
                  bool hidden = false) {
  Session s;
  s.rules.fields[name] = FieldRule{false, hidden, std::move(options), validator};
  return s;
}

CustomValidator Of(Type type) {
  CustomValidator v;
  v.type = type;
  return v;
}

TEST(CustomField, TextWithLengthsAndPattern) {
  CustomValidator v = Of(Type::kText);
  v.min_length = 3;
  v.max_length = 8;
  v.pattern = "ORD-[0-9]+";
  Session s = WithField("order_id", v);
  EXPECT_TRUE(IsValidAs(s.Validate("order_id", "ORD-123"), "ORD-123"));
  EXPECT_TRUE(IsError(s.Validate("order_id", "ORD-123456"), MessageId::kTooLong));
  EXPECT_TRUE(IsError(s.Validate("order_id", "OR"), MessageId::kTooShort));
  EXPECT_TRUE(IsError(s.Validate("order_id", "ORD-12a"), MessageId::kPatternMismatch));
  EXPECT_TRUE(IsError(s.Validate("order_id", "xORD-12"), MessageId::kPatternMismatch));  // whole value
}

TEST(CustomField, BadPatternFailsClosed) {
  CustomValidator v = Of(Type::kText);
  v.pattern = "([a-z";
  Session s = WithField("code", v);
  EXPECT_TRUE(IsError(s.Validate("code", "abc"), MessageId::kPatternMismatch));
}

TEST(CustomField, PatternProblemNamesIcusReasonAndWhere) {
  EXPECT_EQ(PatternProblem("ORD-[0-9]+"), std::nullopt);
  EXPECT_EQ(PatternProblem("(?<=A)B"), std::nullopt);  // lookbehind: ICU runs it
  std::optional<std::string> unclosed = PatternProblem("ab([c");
  ASSERT_TRUE(unclosed.has_value());
  EXPECT_NE(unclosed->find("U_REGEX_"), std::string::npos) << *unclosed;
  EXPECT_NE(unclosed->find(" at character "), std::string::npos) << *unclosed;
  std::optional<std::string> range = PatternProblem("a{2,1}");
  ASSERT_TRUE(range.has_value());
  EXPECT_NE(range->find("U_REGEX_"), std::string::npos) << *range;
  // Deep nesting and huge counts are judged without a second engine's recursion or state limits.
  EXPECT_TRUE(PatternProblem(std::string(5000, '(')).has_value());
  EXPECT_TRUE(PatternProblem("a{9999}{9999}{9999}(").has_value());
}

TEST(CustomField, CatastrophicPatternOnLargeHiddenValueTerminates) {
  CustomValidator v = Of(Type::kText);
  v.pattern = "(a+)+b";
  Session s = WithField("basket", v, {}, /*hidden=*/true);
  EXPECT_TRUE(IsError(s.Validate("basket", std::string(60000, 'a')), MessageId::kPatternMismatch));
  EXPECT_TRUE(IsValidAs(s.Validate("basket", "aaab"), "aaab"));
}

TEST(CustomField, Boolean) {
  Session s = WithField("gift_aid", Of(Type::kBoolean));
  EXPECT_TRUE(IsValidAs(s.Validate("gift_aid", "on"), "1"));
  EXPECT_TRUE(IsValidAs(s.Validate("gift_aid", "false"), "0"));
  EXPECT_TRUE(IsError(s.Validate("gift_aid", "ja"), MessageId::kInvalidBoolean));
}

TEST(CustomField, Select) {
  Session s = WithField("size", Of(Type::kSelect), {"S", "M", "L"});
  EXPECT_TRUE(IsValidAs(s.Validate("size", "M"), "M"));
  EXPECT_TRUE(IsError(s.Validate("size", "XL"), MessageId::kInvalidOption));
  EXPECT_TRUE(IsError(s.Validate("size", "m"), MessageId::kInvalidOption));
}

TEST(CustomField, Integer) {
  CustomValidator v = Of(Type::kInteger);
  v.min = 1;
  v.max = 10;
  Session s = WithField("qty", v);
  EXPECT_TRUE(IsValidAs(s.Validate("qty", "007"), "7"));
  EXPECT_TRUE(IsValidAs(s.Validate("qty", "+10"), "10"));
  EXPECT_TRUE(IsError(s.Validate("qty", "11"), MessageId::kOutOfRange));
  EXPECT_EQ(s.Validate("qty", "0").error().args, (std::vector<std::string>{"1", "10"}));
  for (const char* bad : {"1.5", "1e2", "ten", "--1", "+", "1 0"}) {
    EXPECT_TRUE(IsError(s.Validate("qty", bad), MessageId::kInvalidInteger)) << bad;
  }
  EXPECT_TRUE(IsError(s.Validate("qty", "1234567890123456789"), MessageId::kInvalidInteger));
  EXPECT_EQ(CanonicalInteger("-0"), "0");
  EXPECT_EQ(CanonicalInteger("-042"), "-42");
}

TEST(CustomField, NumberWithOneSidedBounds) {
  CustomValidator v = Of(Type::kNumber);
  v.min = 0.5;
  Session s = WithField("weight", v);
  EXPECT_TRUE(IsValidAs(s.Validate("weight", "2,75"), "2.75"));
  EXPECT_TRUE(IsValidAs(s.Validate("weight", "0.5"), "0.5"));
  EXPECT_TRUE(IsError(s.Validate("weight", "0.49"), MessageId::kValueTooLow));
  EXPECT_EQ(s.Validate("weight", "0.49").error().args, std::vector<std::string>{"0.5"});
  EXPECT_TRUE(IsError(s.Validate("weight", "1e3"), MessageId::kInvalidNumber));
  EXPECT_TRUE(IsError(s.Validate("weight", "1."), MessageId::kInvalidNumber));
  v.min.reset();
  v.max = 100;
  s = WithField("weight", v);
  EXPECT_TRUE(IsError(s.Validate("weight", "100.01"), MessageId::kValueTooHigh));
  EXPECT_TRUE(IsValidAs(s.Validate("weight", "-3"), "-3"));
}

TEST(CustomField, TypedFieldsReuseStandardRules) {
  EXPECT_TRUE(IsValidAs(WithField("d", Of(Type::kDate)).Validate("d", "31.12.2030"), "2030-12-31"));
  EXPECT_TRUE(IsError(WithField("d", Of(Type::kDate)).Validate("d", "31.11.2030"), MessageId::kInvalidDate));
  EXPECT_TRUE(IsValidAs(WithField("e", Of(Type::kEmail)).Validate("e", "A@B.DE"), "A@b.de"));
  EXPECT_TRUE(IsError(WithField("e", Of(Type::kEmail)).Validate("e", "a@b"), MessageId::kInvalidEmail));
  EXPECT_TRUE(IsValidAs(WithField("c", Of(Type::kCountry)).Validate("c", "ch"), "CH"));
  EXPECT_TRUE(IsValidAs(WithField("i", Of(Type::kIban)).Validate("i", "ch93 0076 2011 6238 5295 7"),
                        "CH9300762011623852957"));
  EXPECT_TRUE(IsValidAs(WithField("b", Of(Type::kBic)).Validate("b", "ubswchzh80a"), "UBSWCHZH80A"));
  EXPECT_TRUE(IsValidAs(WithField("p", Of(Type::kPhone)).Validate("p", "030 12345678"), "+493012345678"));
}

}  // namespace
}  // namespace prefill::validators
