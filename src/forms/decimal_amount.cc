#include "forms/decimal_amount.h"

namespace prefill {

namespace {
constexpr size_t kMaxIntegerDigits = 12;  // keeps every value far inside int64 cents
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::optional<validators::Cents> ParseDecimalCents(std::string_view text) {
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || whole.size() > kMaxIntegerDigits) return std::nullopt;
  if (dot != std::string_view::npos && (fraction.empty() || fraction.size() > 2)) return std::nullopt;
  validators::Cents cents = 0;
  for (char c : whole) {
    if (!IsDigit(c)) return std::nullopt;
    cents = cents * 10 + (c - '0');
  }
  for (size_t i = 0; i < 2; ++i) {
    char c = i < fraction.size() ? fraction[i] : '0';
    if (!IsDigit(c)) return std::nullopt;
    cents = cents * 10 + (c - '0');
  }
  return cents;
}

std::string FormatCents(validators::Cents cents) {
  std::string fraction = std::to_string(cents % 100);
  if (fraction.size() < 2) fraction.insert(0, 1, '0');
  return std::to_string(cents / 100) + "." + fraction;
}

}  // namespace prefill
