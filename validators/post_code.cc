#include "validators/post_code.h"

#include "validators/outcome.h"
#include "validators/text.h"

namespace prefill::validators {

namespace {

bool DigitsOnly(std::string_view s, size_t n) { return s.size() == n && AllAsciiDigits(s); }

std::string WithoutSpaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

// "12345" or "123 45" -> "123 45".
std::optional<std::string> ThreeSpaceTwo(std::string_view code) {
  std::string compact = WithoutSpaces(code);
  if (!DigitsOnly(compact, 5) || (code.size() != 5 && code.size() != 6)) return std::nullopt;
  return compact.substr(0, 3) + " " + compact.substr(3);
}

std::optional<std::string> Netherlands(std::string_view code) {
  std::string compact = WithoutSpaces(code);
  if (compact.size() != 6 || (code.size() != 6 && code.size() != 7)) return std::nullopt;
  if (!DigitsOnly(compact.substr(0, 4), 4) || compact[0] == '0') return std::nullopt;
  if (!IsAsciiUpper(compact[4]) || !IsAsciiUpper(compact[5])) return std::nullopt;
  std::string letters = compact.substr(4);
  if (letters == "SA" || letters == "SD" || letters == "SS") return std::nullopt;
  return compact.substr(0, 4) + " " + letters;
}

// UK: outward code A9, A99, AA9, AA99, A9A, AA9A; inward code 9AA; or GIR 0AA.
std::optional<std::string> GreatBritain(std::string_view code) {
  std::string compact = WithoutSpaces(code);
  if (compact.size() < 5 || compact.size() > 7) return std::nullopt;
  std::string_view outward = std::string_view(compact).substr(0, compact.size() - 3);
  std::string_view inward = std::string_view(compact).substr(compact.size() - 3);
  if (!IsAsciiDigit(inward[0]) || !IsAsciiUpper(inward[1]) || !IsAsciiUpper(inward[2])) return std::nullopt;
  bool outward_ok = false;
  if (outward == "GIR") {
    outward_ok = inward == "0AA";
  } else {
    // Pattern over classes: L = letter, D = digit.
    std::string shape;
    for (char c : outward) shape.push_back(IsAsciiUpper(c) ? 'L' : IsAsciiDigit(c) ? 'D' : '?');
    outward_ok = shape == "LD" || shape == "LDD" || shape == "LLD" || shape == "LLDD" || shape == "LDL" ||
                 shape == "LLDL";
  }
  if (!outward_ok) return std::nullopt;
  return std::string(outward) + " " + std::string(inward);
}

std::optional<std::string> UnitedStates(std::string_view code) {
  if (DigitsOnly(code, 5)) return std::string(code);
  if (code.size() == 10 && code[5] == '-' && DigitsOnly(code.substr(0, 5), 5) && DigitsOnly(code.substr(6), 4)) {
    return std::string(code);
  }
  return std::nullopt;
}

// Digits, a dash, digits: PL 2-3, PT 4-3.
std::optional<std::string> DashedDigits(std::string_view code, size_t left, size_t right) {
  if (code.size() != left + 1 + right || code[left] != '-') return std::nullopt;
  if (!DigitsOnly(code.substr(0, left), left) || !DigitsOnly(code.substr(left + 1), right)) return std::nullopt;
  return std::string(code);
}

std::optional<std::string> Generic(std::string_view code) {
  if (code.size() < 2 || code.size() > 10) return std::nullopt;
  for (char c : code) {
    if (!(IsAsciiAlnum(c) || c == ' ' || c == '-')) return std::nullopt;
  }
  return std::string(code);
}

}  // namespace

std::optional<std::string> CanonicalPostCode(std::string_view value, std::string_view country) {
  std::string code = AsciiUpper(value);
  if (country == "DE" || country == "FR" || country == "IT" || country == "ES" || country == "FI") {
    if (!DigitsOnly(code, 5)) return std::nullopt;
    return code;
  }
  if (country == "AT" || country == "CH" || country == "BE" || country == "DK" || country == "LU" ||
      country == "NO" || country == "LI") {
    if (!DigitsOnly(code, 4)) return std::nullopt;
    return code;
  }
  if (country == "NL") return Netherlands(code);
  if (country == "GB") return GreatBritain(code);
  if (country == "US") return UnitedStates(code);
  if (country == "PL") return DashedDigits(code, 2, 3);
  if (country == "PT") return DashedDigits(code, 4, 3);
  if (country == "SE" || country == "CZ" || country == "SK") return ThreeSpaceTwo(code);
  return Generic(code);
}

FieldOutcome ValidatePostCode(const ValidationContext& ctx, std::string_view value) {
  auto country = ctx.current.find("country");
  std::string_view country_code = country == ctx.current.end() ? std::string_view() : country->second;
  std::optional<std::string> canonical = CanonicalPostCode(value, country_code);
  if (!canonical) return Fail(MessageId::kInvalidPostCode);
  return Accept(std::move(*canonical));
}

}  // namespace prefill::validators
