#include "validators/custom_field.h"

#include <cstdio>
#include <cstdlib>

#include "validators/bic.h"
#include "validators/choices.h"
#include "validators/country.h"
#include "validators/dates.h"
#include "validators/email.h"
#include "validators/iban.h"
#include "validators/outcome.h"
#include "validators/pattern.h"
#include "validators/phone.h"
#include "validators/text.h"

namespace prefill::validators {

namespace {

constexpr size_t kMaxNumberDigits = 18;

std::string FormatBound(double bound) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", bound);
  return buf;
}

// Splits an optional sign off; returns the sign ("" or "-") and the rest.
std::string_view StripSign(std::string_view value, bool* negative) {
  *negative = false;
  if (!value.empty() && (value[0] == '+' || value[0] == '-')) {
    *negative = value[0] == '-';
    value.remove_prefix(1);
  }
  return value;
}

std::string_view StripLeadingZeros(std::string_view digits) {
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  return digits;
}

FieldOutcome CheckRange(const CustomValidator& v, const std::string& canonical) {
  double number = std::strtod(canonical.c_str(), nullptr);
  bool too_low = v.min && number < *v.min;
  bool too_high = v.max && number > *v.max;
  if (!too_low && !too_high) return Accept(canonical);
  if (v.min && v.max) return Fail(MessageId::kOutOfRange, {FormatBound(*v.min), FormatBound(*v.max)});
  if (too_low) return Fail(MessageId::kValueTooLow, {FormatBound(*v.min)});
  return Fail(MessageId::kValueTooHigh, {FormatBound(*v.max)});
}

}  // namespace

std::optional<std::string> CanonicalInteger(std::string_view value) {
  bool negative;
  std::string_view digits = StripSign(value, &negative);
  if (!AllAsciiDigits(digits) || digits.size() > kMaxNumberDigits) return std::nullopt;
  digits = StripLeadingZeros(digits);
  std::string out;
  if (negative && digits != "0") out.push_back('-');
  out.append(digits);
  return out;
}

std::optional<std::string> CanonicalNumber(std::string_view value) {
  bool negative;
  std::string_view rest = StripSign(value, &negative);
  size_t sep = rest.find_first_of(".,");
  std::string_view whole = rest.substr(0, sep);
  std::string_view fraction = sep == std::string_view::npos ? std::string_view() : rest.substr(sep + 1);
  if (!AllAsciiDigits(whole) || whole.size() > kMaxNumberDigits) return std::nullopt;
  if (sep != std::string_view::npos && (!AllAsciiDigits(fraction) || fraction.size() > kMaxNumberDigits)) {
    return std::nullopt;
  }
  whole = StripLeadingZeros(whole);
  std::string out = negative ? "-" : "";
  out += whole;
  if (!fraction.empty()) {
    out.push_back('.');
    out += fraction;
  }
  bool zero = whole == "0" && fraction.find_first_not_of('0') == std::string_view::npos;
  if (zero && negative) out.erase(0, 1);
  return out;
}

FieldOutcome ApplyConstraints(const CustomValidator& validator, FieldOutcome outcome) {
  if (!outcome.ok()) return outcome;
  if (validator.min_length || validator.max_length) {
    auto length = static_cast<int64_t>(CodePointCount(outcome.value()));
    if (validator.min_length && length < *validator.min_length) {
      return Fail(MessageId::kTooShort, {std::to_string(*validator.min_length)});
    }
    if (validator.max_length && length > *validator.max_length) {
      return Fail(MessageId::kTooLong, {std::to_string(*validator.max_length)});
    }
  }
  if (!validator.pattern.empty() && MatchWholeValue(validator.pattern, outcome.value()) != PatternResult::kMatch) {
    return Fail(MessageId::kPatternMismatch);
  }
  return outcome;
}

FieldOutcome ValidateCustomField(const ValidationContext& ctx, const FieldRule& rule, std::string_view value) {
  static const CustomValidator kPlainText;
  const CustomValidator& v = rule.validator ? *rule.validator : kPlainText;
  using Type = CustomValidator::Type;
  FieldOutcome outcome = Accept(std::string(value));
  switch (v.type) {
    case Type::kText:
      break;
    case Type::kBoolean:
      outcome = ValidateBoolean(value);
      break;
    case Type::kSelect:
      outcome = ValidateChoice(value, rule.options, MessageId::kInvalidOption);
      break;
    case Type::kInteger: {
      std::optional<std::string> canonical = CanonicalInteger(value);
      outcome = canonical ? CheckRange(v, *canonical) : Fail(MessageId::kInvalidInteger);
      break;
    }
    case Type::kNumber: {
      std::optional<std::string> canonical = CanonicalNumber(value);
      outcome = canonical ? CheckRange(v, *canonical) : Fail(MessageId::kInvalidNumber);
      break;
    }
    case Type::kDate:
      outcome = ValidateDate(value);
      break;
    case Type::kEmail:
      outcome = ValidateEmail(value);
      break;
    case Type::kCountry:
      outcome = ValidateCountry(value);
      break;
    case Type::kIban:
      outcome = ValidateIban(value);
      break;
    case Type::kBic:
      outcome = ValidateBicSyntax(value);
      break;
    case Type::kPhone:
      outcome = ValidatePhone(ctx, value);
      break;
  }
  return ApplyConstraints(v, std::move(outcome));
}

}  // namespace prefill::validators
