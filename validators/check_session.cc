// CheckSession: the rules that span several fields (SPEC 2, "Cross-field").
//
// Each field gets at most one error; the first rule that fires wins, in this order:
// required fields, payment method extras, receipt address, newsletter e-mail,
// item minimum, card expiry, post code vs country, BIC vs IBAN country.
#include <initializer_list>
#include <string>

#include "validators/amount.h"
#include "validators/bic.h"
#include "validators/dates.h"
#include "validators/field_registry.h"
#include "validators/post_code.h"
#include "validators/validation.h"

namespace prefill::validators {

namespace {

using Errors = std::map<std::string, ValidationError>;

std::string_view Get(const ValueMap& values, const std::string& field) {
  auto it = values.find(field);
  return it == values.end() ? std::string_view() : std::string_view(it->second);
}

// A checkbox that must be ticked is missing when it holds "0".
bool IsCheckbox(const std::string& field, const FieldRule& rule) {
  return field == "is_privacy_accepted" ||
         (rule.validator && rule.validator->type == CustomValidator::Type::kBoolean);
}

void Add(Errors& errors, const std::string& field, MessageId id, std::vector<std::string> args = {}) {
  errors.emplace(field, ValidationError{id, std::move(args)});
}

template <typename Fields>
void RequireAll(const ValidationContext& ctx, Errors& errors, const Fields& fields, MessageId id) {
  for (const auto& name : fields) {
    const std::string field(name);
    if (Get(ctx.current, field).empty()) Add(errors, field, id);
  }
}

}  // namespace

std::map<std::string, ValidationError> CheckSession(const ValidationContext& ctx) {
  Errors errors;
  const ValueMap& values = ctx.current;

  for (const auto& [field, rule] : ctx.rules.fields) {
    if (!rule.required) continue;
    std::string_view value = Get(values, field);
    if (value.empty() || (IsCheckbox(field, rule) && value == "0")) Add(errors, field, MessageId::kRequired);
  }

  std::string_view method = Get(values, "payment_method");
  if (const PaymentMethodSpec* spec = FindPaymentMethod(method)) {
    RequireAll(ctx, errors, spec->required, MessageId::kRequired);
  }

  std::string_view receipt = Get(values, "wants_receipt");
  if (receipt == "receipt_now" || receipt == "receipt_end_of_year") {
    RequireAll(ctx, errors, std::initializer_list<const char*>{"address", "post_code", "city", "country"},
               MessageId::kReceiptNeedsAddress);
  }

  if (Get(values, "wants_newsletter") == "1" && Get(values, "email").empty()) {
    Add(errors, "email", MessageId::kNewsletterNeedsEmail);
  }

  std::string_view item = Get(values, "fb_item_id");
  std::string_view amount_text = Get(values, "amount");
  if (!item.empty() && !amount_text.empty()) {
    std::optional<Cents> item_min = ItemMinimum(ctx.rules, item);
    std::optional<Cents> amount = ParseAmount(amount_text);
    if (item_min && amount && *amount < *item_min) {
      Add(errors, "amount", MessageId::kBelowItemMinimum, {FormatCents(*item_min)});
    }
  }

  // Stored values were valid when they arrived; these pairs may have drifted apart since
  // (a later country, IBAN or date).
  std::optional<int> month = ParseCardMonth(Get(values, "credit_card_expire_date_month"));
  std::optional<int> year = ParseCardYear(Get(values, "credit_card_expire_date_year"));
  if (method == "credit_card" && month && year && CardExpired(*year, *month, ctx.today)) {
    Add(errors, "credit_card_expire_date_month", MessageId::kCardExpired);
  }

  std::string_view post_code = Get(values, "post_code");
  std::string_view country = Get(values, "country");
  if (!post_code.empty() && !country.empty() && !CanonicalPostCode(post_code, country)) {
    Add(errors, "post_code", MessageId::kInvalidPostCode);
  }

  std::string_view bic = Get(values, "bank_bic");
  std::string_view iban = Get(values, "bank_iban");
  if (!bic.empty() && !iban.empty() && BicCountryMismatch(bic, iban)) {
    Add(errors, "bank_bic", MessageId::kBicCountryMismatch);
  }
  return errors;
}

}  // namespace prefill::validators
