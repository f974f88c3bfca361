#include "validators/card_guard.h"

#include <cstddef>

#include "validators/text.h"

namespace prefill::validators {

namespace {

constexpr size_t kMinPanDigits = 13;
constexpr size_t kMaxPanDigits = 19;
constexpr size_t kMinDataPanDigits = 15;
constexpr size_t kMinGroupDigits = 3;   // in a number of several groups
constexpr size_t kMaxSeparatorRun = 3;  // "4111 - 1111"

// Length in bytes of a separator at text[i], 0 if none.
size_t SeparatorAt(std::string_view text, size_t i) {
  char c = text[i];
  if (c == ' ' || c == '-' || c == '.' || c == '\t') return 1;
  if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') return 2;  // U+00A0 no-break space
  return 0;
}

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

// Starts like a card brand's number (issuer identification number ranges).
bool HasCardPrefix(const char* d, size_t n) {
  if (n < 4) return false;
  int two = (d[0] - '0') * 10 + (d[1] - '0');
  int four = two * 100 + (d[2] - '0') * 10 + (d[3] - '0');
  switch (d[0]) {
    case '4': return true;                                               // Visa
    case '5': return two <= 58;                                          // Mastercard 51-55, Maestro 50/56-58
    case '6': return true;                                               // Discover, UnionPay, Maestro, RuPay
    case '2': return (four >= 2200 && four <= 2204) || (four >= 2221 && four <= 2720);  // Mir, Mastercard
    case '3': return two == 34 || two == 37 || two == 36 || two == 38 || two == 39 ||
                     (four >= 3000 && four <= 3059) || (four >= 3528 && four <= 3589);  // Amex, Diners, JCB
    default: return false;
  }
}

struct Group {
  size_t begin;  // offset in the text
  size_t length;  // digits
};

// Whether some run of consecutive groups of `groups` is a card number.
bool SequenceHoldsCard(std::string_view text, const Group* groups, size_t count, TextKind kind) {
  size_t min_digits = kind == TextKind::kData ? kMinDataPanDigits : kMinPanDigits;
  for (size_t first = 0; first < count; ++first) {
    char digits[kMaxPanDigits];
    size_t n = 0;
    for (size_t last = first; last < count; ++last) {
      const Group& g = groups[last];
      if (n + g.length > kMaxPanDigits) break;
      // A number of several groups is typed in groups of 3 or more digits.
      if (last > first && (g.length < kMinGroupDigits || groups[first].length < kMinGroupDigits)) break;
      for (size_t k = 0; k < g.length; ++k) digits[n++] = text[g.begin + k];
      if (n < min_digits) continue;
      if (kind == TextKind::kData && !HasCardPrefix(digits, n)) continue;
      if (LuhnDigits(digits, n)) return true;
    }
  }
  return false;
}

}  // namespace

bool PassesLuhn(std::string_view digits) {
  if (!AllAsciiDigits(digits)) return false;
  return LuhnDigits(digits.data(), digits.size());
}

bool LooksLikeCardNumber(std::string_view value) {
  char digits[kMaxPanDigits];
  size_t n = 0;
  for (size_t i = 0; i < value.size();) {
    if (IsAsciiDigit(value[i])) {
      if (n == kMaxPanDigits) return false;
      digits[n++] = value[i++];
    } else if (size_t sep = SeparatorAt(value, i)) {
      i += sep;
    } else {
      return false;
    }
  }
  return n >= kMinPanDigits && LuhnDigits(digits, n);
}

bool ContainsCardNumber(std::string_view text, TextKind kind) {
  if (kind == TextKind::kValue) return false;
  // Groups of one sequence (digits joined by short separator runs); a sequence
  // holds at most 19 digits' worth of windows, so a few dozen groups suffice:
  // older groups are dropped as new ones come (they cannot be in a window with them).
  constexpr size_t kMaxGroups = 32;
  Group groups[kMaxGroups];
  size_t count = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsAsciiDigit(text[i])) {
      ++i;
      continue;
    }
    size_t begin = i;
    while (i < text.size() && IsAsciiDigit(text[i])) ++i;
    if (count == kMaxGroups) {
      // Keep the newest half: a window never spans more than 19 digits (>= 7 groups of 3).
      for (size_t k = 0; k < kMaxGroups / 2; ++k) groups[k] = groups[k + kMaxGroups / 2];
      count = kMaxGroups / 2;
    }
    groups[count++] = {begin, i - begin};
    // Does the sequence go on? Up to three separator characters, then a digit.
    size_t j = i, run = 0;
    while (j < text.size() && run < kMaxSeparatorRun) {
      size_t sep = SeparatorAt(text, j);
      if (sep == 0) break;
      j += sep;
      ++run;
    }
    bool continues = run > 0 && j < text.size() && IsAsciiDigit(text[j]);
    if (!continues) {
      if (SequenceHoldsCard(text, groups, count, kind)) return true;
      count = 0;
    } else if (count == kMaxGroups && SequenceHoldsCard(text, groups, count, kind)) {
      return true;
    }
    i = continues ? j : i;
  }
  return false;
}

bool HoldsCardNumber(std::string_view text, TextKind kind) {
  return LooksLikeCardNumber(text) || ContainsCardNumber(text, kind);
}

}  // namespace prefill::validators
