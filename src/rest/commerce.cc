#include "rest/commerce.h"

namespace prefill {
namespace {

constexpr struct {
  SessionType type;
  const char* name;
} kTypes[] = {
    {SessionType::kDonationForm, "donation_form"},
    {SessionType::kAddOn, "add_on"},
    {SessionType::kPortionOfSalesChoice, "portion_of_sales_choice"},
    {SessionType::kPortionOfSales, "portion_of_sales"},
};

}  // namespace

const char* SessionTypeName(SessionType type) {
  for (const auto& t : kTypes) {
    if (t.type == type) return t.name;
  }
  return "unknown";
}

bool ParseSessionType(const std::string& name, SessionType* out) {
  for (const auto& t : kTypes) {
    if (name == t.name) {
      *out = t.type;
      return true;
    }
  }
  return false;
}

}  // namespace prefill
