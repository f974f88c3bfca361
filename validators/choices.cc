#include "validators/choices.h"

#include <algorithm>

#include "validators/outcome.h"
#include "validators/text.h"

namespace prefill::validators {

const std::vector<std::string>& DefaultSalutations() {
  static const std::vector<std::string> kSalutations = {"Mr.", "Mrs.", "Miss", "Ms", "couple", "family", "diverse"};
  return kSalutations;
}

const std::vector<std::string>& ReceiptOptions() {
  static const std::vector<std::string> kOptions = {"receipt_now", "receipt_end_of_year", "no_receipt",
                                                    "receipt_never"};
  return kOptions;
}

FieldOutcome ValidateChoice(std::string_view value, const std::vector<std::string>& allowed, MessageId error) {
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) return Fail(error);
  return Accept(std::string(value));
}

FieldOutcome ValidateBoolean(std::string_view value) {
  std::string lower = AsciiLower(value);
  if (lower == "1" || lower == "true" || lower == "on") return Accept("1");
  if (lower == "0" || lower == "false") return Accept("0");
  return Fail(MessageId::kInvalidBoolean);
}

FieldOutcome ValidateSalutation(const ValidationContext& ctx, std::string_view value) {
  auto field = ctx.rules.fields.find("salutation");
  if (field != ctx.rules.fields.end() && !field->second.options.empty()) {
    return ValidateChoice(value, field->second.options, MessageId::kInvalidOption);
  }
  return ValidateChoice(value, DefaultSalutations(), MessageId::kInvalidOption);
}

FieldOutcome ValidateItemId(const ValidationContext& ctx, std::string_view value) {
  for (const ItemRule& item : ctx.rules.items) {
    if (item.id == value) return Accept(std::string(value));
  }
  return Fail(MessageId::kUnknownItem);
}

}  // namespace prefill::validators
