#include "validators/amount.h"

#include <algorithm>

#include "validators/outcome.h"
#include "validators/text.h"

namespace prefill::validators {

namespace {
constexpr size_t kMaxIntegerDigits = 12;  // 999,999,999,999.99 fits int64 cents easily
}

std::optional<Cents> ParseAmount(std::string_view text) {
  size_t sep = text.find_first_of(".,");
  std::string_view whole = text.substr(0, sep);
  std::string_view fraction = sep == std::string_view::npos ? std::string_view() : text.substr(sep + 1);
  if (!AllAsciiDigits(whole) || whole.size() > kMaxIntegerDigits) return std::nullopt;
  if (sep != std::string_view::npos && (fraction.empty() || fraction.size() > 2 || !AllAsciiDigits(fraction))) {
    return std::nullopt;
  }
  Cents cents = 0;
  for (char c : whole) cents = cents * 10 + (c - '0');
  cents *= 100;
  if (fraction.size() >= 1) cents += (fraction[0] - '0') * 10;
  if (fraction.size() == 2) cents += fraction[1] - '0';
  return cents;
}

std::string FormatCents(Cents cents) {
  std::string out = std::to_string(cents / 100);
  Cents rest = cents % 100;
  out.push_back('.');
  out.push_back(static_cast<char>('0' + rest / 10));
  out.push_back(static_cast<char>('0' + rest % 10));
  return out;
}

std::optional<Cents> ItemMinimum(const FormRules& rules, std::string_view item_id) {
  for (const ItemRule& item : rules.items) {
    if (item.id == item_id) return item.min_amount;
  }
  return std::nullopt;
}

FieldOutcome ValidateAmount(const ValidationContext& ctx, std::string_view value) {
  std::optional<Cents> cents = ParseAmount(value);
  if (!cents) return Fail(MessageId::kInvalidAmount);
  const AmountRules& rules = ctx.rules.amount;
  // A donation of nothing is never a donation, even on a form with min 0.
  Cents floor = std::max<Cents>(rules.min, 1);
  if (*cents < floor) return Fail(MessageId::kAmountTooLow, {FormatCents(floor)});
  if (rules.max && *cents > *rules.max) return Fail(MessageId::kAmountTooHigh, {FormatCents(*rules.max)});
  if (!rules.free_amount &&
      std::find(rules.suggestions.begin(), rules.suggestions.end(), *cents) == rules.suggestions.end()) {
    return Fail(MessageId::kAmountNotSuggested);
  }
  auto item = ctx.current.find("fb_item_id");
  if (item != ctx.current.end()) {
    std::optional<Cents> item_min = ItemMinimum(ctx.rules, item->second);
    if (item_min && *cents < *item_min) return Fail(MessageId::kBelowItemMinimum, {FormatCents(*item_min)});
  }
  return Accept(FormatCents(*cents));
}

}  // namespace prefill::validators
