// ValidateField: the pipeline every value goes through, then the field's own rule.
#include <algorithm>
#include <iterator>
#include <string>

#include "validators/amount.h"
#include "validators/bic.h"
#include "validators/card_guard.h"
#include "validators/choices.h"
#include "validators/country.h"
#include "validators/custom_field.h"
#include "validators/dates.h"
#include "validators/email.h"
#include "validators/field_registry.h"
#include "validators/iban.h"
#include "validators/outcome.h"
#include "validators/phone.h"
#include "validators/post_code.h"
#include "validators/text.h"
#include "validators/validation.h"

namespace prefill::validators {

namespace {

constexpr size_t kDefaultMaxChars = 1000;        // code points
constexpr size_t kHiddenMaxBytes = 64 * 1024;    // a shop basket as JSON
constexpr size_t kMaxTokenBytes = 255;
constexpr size_t kMaxNetworkBytes = 32;

using Kind = FieldKind;

// Printable ASCII without spaces: provider tokens are opaque but never prose.
FieldOutcome ValidateToken(std::string_view value) {
  if (value.size() > kMaxTokenBytes) return Fail(MessageId::kTooLong, {std::to_string(kMaxTokenBytes)});
  for (char c : value) {
    if (c < 0x21 || c > 0x7E) return Fail(MessageId::kInvalidValue);
  }
  return Accept(std::string(value));
}

// A scheme name such as "visa", "mastercard", "american_express": lower-cased.
FieldOutcome ValidateNetwork(std::string_view value) {
  if (value.size() > kMaxNetworkBytes) return Fail(MessageId::kInvalidValue);
  for (char c : value) {
    if (!(IsAsciiAlnum(c) || c == ' ' || c == '-' || c == '_')) return Fail(MessageId::kInvalidValue);
  }
  return Accept(AsciiLower(value));
}

FieldOutcome ValidateStandard(const ValidationContext& ctx, Kind kind, std::string_view value) {
  switch (kind) {
    case Kind::kFreeText: return Accept(std::string(value));
    case Kind::kAmount: return ValidateAmount(ctx, value);
    case Kind::kInterval: return ValidateChoice(value, ctx.rules.intervals, MessageId::kInvalidInterval);
    case Kind::kItemId: return ValidateItemId(ctx, value);
    case Kind::kPaymentMethod:
      return ValidateChoice(value, ctx.rules.payment_methods, MessageId::kInvalidPaymentMethod);
    case Kind::kSalutation: return ValidateSalutation(ctx, value);
    case Kind::kBirthday: return ValidateBirthday(ctx, value);
    case Kind::kEmail: return ValidateEmail(value);
    case Kind::kPhone: return ValidatePhone(ctx, value);
    case Kind::kPostCode: return ValidatePostCode(ctx, value);
    case Kind::kCountry: return ValidateCountry(value);
    case Kind::kIban: return ValidateIban(value);
    case Kind::kBic: return ValidateBic(ctx, value);
    case Kind::kCardToken: return ValidateToken(value);
    case Kind::kCardMonth: return ValidateCardMonth(ctx, value);
    case Kind::kCardYear: return ValidateCardYear(ctx, value);
    case Kind::kCardNetwork: return ValidateNetwork(value);
    case Kind::kReceipt: return ValidateChoice(value, ReceiptOptions(), MessageId::kInvalidOption);
    case Kind::kBoolean: return ValidateBoolean(value);
  }
  return Fail(MessageId::kInvalidValue);
}

}  // namespace

FieldOutcome ValidateField(const ValidationContext& ctx, const std::string& field, std::string_view raw) {
  const StandardFieldSpec* standard = FindStandardFieldSpec(field);
  auto rule_it = ctx.rules.fields.find(field);
  const FieldRule* rule = rule_it == ctx.rules.fields.end() ? nullptr : &rule_it->second;
  if (standard == nullptr && rule == nullptr) return Fail(MessageId::kInvalidValue);

  if (!IsValidUtf8(raw)) return Fail(MessageId::kInvalidUtf8);
  bool hidden = rule != nullptr && rule->hidden;
  bool multiline = field == "message" || hidden;
  if (HasForbiddenControl(raw, multiline)) return Fail(MessageId::kControlCharacters);

  std::string_view trimmed = TrimAscii(raw);
  std::string normalised;
  if (multiline && trimmed.find('\r') != std::string_view::npos) {
    normalised = NormaliseNewlines(trimmed);
    trimmed = normalised;
  }
  if (trimmed.empty()) return Accept("");

  bool free_text = !hidden && ((standard != nullptr && standard->kind == Kind::kFreeText) ||
                               (standard == nullptr && (!rule->validator ||
                                                        rule->validator->type == CustomValidator::Type::kText)));
  // Hidden data (baskets, JSON) is searched as data, free text as text, the rest as whole values.
  TextKind card_scan = hidden ? TextKind::kData : free_text ? TextKind::kFreeText : TextKind::kValue;
  if (HoldsCardNumber(trimmed, card_scan)) {
    return Fail(MessageId::kCardNumberRefused);
  }

  // Size limit before any heavier rule runs.
  const CustomValidator* validator = rule != nullptr && rule->validator ? &*rule->validator : nullptr;
  if (validator != nullptr && validator->max_length) {
    if (static_cast<int64_t>(CodePointCount(trimmed)) > *validator->max_length) {
      return Fail(MessageId::kTooLong, {std::to_string(*validator->max_length)});
    }
  } else if (hidden) {
    if (trimmed.size() > kHiddenMaxBytes) return Fail(MessageId::kTooLong, {std::to_string(kHiddenMaxBytes)});
  } else if (CodePointCount(trimmed) > kDefaultMaxChars) {
    return Fail(MessageId::kTooLong, {std::to_string(kDefaultMaxChars)});
  }

  if (standard == nullptr) return ValidateCustomField(ctx, *rule, trimmed);
  FieldOutcome outcome = ValidateStandard(ctx, standard->kind, trimmed);
  // A form may tighten a standard field with min_length / max_length / pattern.
  if (validator != nullptr) return ApplyConstraints(*validator, std::move(outcome));
  return outcome;
}

}  // namespace prefill::validators
