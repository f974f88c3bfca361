// IsStandardField and FieldGroup (SPEC 1).
#include <algorithm>
#include <string>
#include <vector>

#include "validators/validation.h"

namespace prefill::validators {

namespace {

constexpr std::string_view kStandardFields[] = {
    "amount", "interval", "fb_item_id", "payment_method", "salutation", "title", "first_name", "last_name",
    "company_name", "birthday", "email", "phone", "address", "post_code", "city", "country",
    "bank_account_owner", "bank_iban", "bank_bic", "credit_card_owner", "credit_card_token",
    "credit_card_expire_date_month", "credit_card_expire_date_year", "credit_card_network", "wants_receipt",
    "wants_newsletter", "is_privacy_accepted", "message", "public_name",
};

const std::vector<std::vector<std::string>>& Groups() {
  static const std::vector<std::vector<std::string>> kGroups = {
      {"salutation", "title", "first_name", "last_name"},
      {"address", "post_code", "city", "country"},
      {"bank_account_owner", "bank_iban", "bank_bic"},
      {"credit_card_owner", "credit_card_token", "credit_card_expire_date_month", "credit_card_expire_date_year",
       "credit_card_network"},
  };
  return kGroups;
}

}  // namespace

bool IsStandardField(std::string_view field) {
  return std::find(std::begin(kStandardFields), std::end(kStandardFields), field) != std::end(kStandardFields);
}

const std::vector<std::string>& FieldGroup(std::string_view field) {
  static const std::vector<std::string> kNone;
  for (const auto& group : Groups()) {
    if (std::find(group.begin(), group.end(), field) != group.end()) return group;
  }
  return kNone;
}

}  // namespace prefill::validators
