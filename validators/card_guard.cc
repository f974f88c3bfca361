#include "validators/card_guard.h"

#include "validators/text.h"

namespace prefill::validators {

namespace {

constexpr size_t kMinPanDigits = 13;
constexpr size_t kMaxPanDigits = 19;

bool IsSeparator(char c) { return c == ' ' || c == '-'; }

// Luhn over `digits` that are already known to be ASCII digits; n = count.
bool LuhnDigits(const char* digits, size_t n) {
  int sum = 0;
  bool double_it = false;
  for (size_t i = n; i-- > 0;) {
    int d = digits[i] - '0';
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

}  // namespace

bool PassesLuhn(std::string_view digits) {
  if (!AllAsciiDigits(digits)) return false;
  return LuhnDigits(digits.data(), digits.size());
}

bool LooksLikeCardNumber(std::string_view value) {
  char digits[kMaxPanDigits];
  size_t n = 0;
  for (char c : value) {
    if (IsAsciiDigit(c)) {
      if (n == kMaxPanDigits) return false;
      digits[n++] = c;
    } else if (!IsSeparator(c)) {
      return false;
    }
  }
  return n >= kMinPanDigits && LuhnDigits(digits, n);
}

bool ContainsCardNumber(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (!IsAsciiDigit(text[i])) {
      ++i;
      continue;
    }
    // A run: digits, where one separator may stand between two digits.
    char digits[kMaxPanDigits + 1];
    size_t n = 0;
    bool overflow = false;
    size_t j = i;
    while (j < text.size()) {
      if (IsAsciiDigit(text[j])) {
        if (n <= kMaxPanDigits) digits[n] = text[j];
        if (++n > kMaxPanDigits) overflow = true;
        ++j;
      } else if (IsSeparator(text[j]) && j + 1 < text.size() && IsAsciiDigit(text[j + 1])) {
        ++j;
      } else {
        break;
      }
    }
    if (!overflow && n >= kMinPanDigits && LuhnDigits(digits, n)) return true;
    i = j;
  }
  return false;
}

}  // namespace prefill::validators
