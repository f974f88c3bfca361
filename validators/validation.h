// Field and session validation: the contract between validators/ and the session core.
//
// Pure functions: a raw string in, a canonical string or a ValidationError out.
// No I/O, no clock, no mutable globals: "today" and the session's other values
// are passed in, so every rule is testable with fixed inputs.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "validators/form_rules.h"

namespace prefill::validators {

using ValueMap = std::map<std::string, std::string>;  // field name -> canonical value

struct CivilDate {
  int year = 1970, month = 1, day = 1;
};

// What a message says, independent of language; rendered by Message().
enum class MessageId {
  kRequired,            // This field is required
  kInvalidValue,        // generic: value not accepted
  kInvalidAmount,       // not a decimal with <= 2 places
  kAmountTooLow,        // args: min
  kAmountTooHigh,       // args: max
  kAmountNotSuggested,  // free_amount false and not a suggestion
  kBelowItemMinimum,    // args: item min
  kUnknownItem,
  kInvalidInterval,
  kInvalidPaymentMethod,
  kInvalidIban,
  kInvalidBic,
  kBicCountryMismatch,
  kInvalidEmail,
  kInvalidCountry,
  kInvalidPostCode,
  kInvalidPhone,
  kInvalidOption,
  kInvalidBoolean,
  kInvalidDate,
  kDateNotInPast,
  kCardExpired,
  kCardNumberRefused,   // a raw card number (Luhn) in any field
  kControlCharacters,
  kInvalidUtf8,
  kTooLong,             // args: max length
  kTooShort,            // args: min length
  kPatternMismatch,
  kInvalidInteger,
  kInvalidNumber,
  kOutOfRange,          // args: min, max
  kReceiptNeedsAddress,
  kNewsletterNeedsEmail,
  kFixedValue,          // a locked (_fix) field cannot be changed
  kValueTooLow,         // args: min (custom integer/number with only a lower bound)
  kValueTooHigh,        // args: max (custom integer/number with only an upper bound)
};

struct ValidationError {
  MessageId id = MessageId::kInvalidValue;
  std::vector<std::string> args;  // substituted into the message, in order
};

// Either the canonical value or the error.
class FieldOutcome {
 public:
  static FieldOutcome Valid(std::string canonical) { return FieldOutcome(std::move(canonical)); }
  static FieldOutcome Invalid(ValidationError e) { return FieldOutcome(std::move(e)); }
  bool ok() const { return ok_; }
  const std::string& value() const { return value_; }
  const ValidationError& error() const { return error_; }

 private:
  explicit FieldOutcome(std::string v) : ok_(true), value_(std::move(v)) {}
  explicit FieldOutcome(ValidationError e) : ok_(false), error_(std::move(e)) {}
  bool ok_;
  std::string value_;
  ValidationError error_;
};

struct ValidationContext {
  const FormRules& rules;
  const ValueMap& current;  // the session's other canonical values (cross-field checks)
  CivilDate today;
};

// Validates one non-empty raw value of `field` (a standard field, or a custom field
// declared in rules.fields). Applies, in order: UTF-8, control characters, trimming,
// the raw-card-number guard, then the field's own rule. Cross-field checks that need
// one other value (BIC vs stored IBAN country, amount vs chosen item, post code vs
// country) use ctx.current.
// A value that is only whitespace trims to "" and comes back Valid("") (a clear).
// A name that is neither standard nor in rules.fields gives kInvalidValue (the caller
// reports it as an extra form field). See docs/validators.md for every rule.
FieldOutcome ValidateField(const ValidationContext& ctx, const std::string& field, std::string_view raw);

// Session-level rules over all canonical values: the form's required fields, the
// payment method's extra fields, receipt -> address group, newsletter -> email,
// the chosen item's minimum amount. A session is complete when this is empty.
std::map<std::string, ValidationError> CheckSession(const ValidationContext& ctx);

// The members of the field group `field` belongs to (name, address, bank, card),
// or an empty list.
const std::vector<std::string>& FieldGroup(std::string_view field);

// True for the standard fields of the spec (section 1).
bool IsStandardField(std::string_view field);

// Renders an error in `language` ("de-DE", "de", "en-GB", ...); unknown languages get English.
std::string Message(const ValidationError& error, std::string_view language);

}  // namespace prefill::validators
