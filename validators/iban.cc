#include "validators/iban.h"

#include <algorithm>
#include <iterator>

#include "validators/outcome.h"
#include "validators/text.h"

namespace prefill::validators {

namespace {

constexpr IbanCountryRule kRegistry[] = {
#include "validators/iban_registry.inc"
};

bool FitsClass(char c, char cls) {
  switch (cls) {
    case 'n': return IsAsciiDigit(c);
    case 'a': return IsAsciiUpper(c);
    case 'c': return IsAsciiDigit(c) || IsAsciiUpper(c);
  }
  return false;
}

// Checks `rest` (the IBAN after its country code) against a format like "2n4a14c".
bool FitsFormat(std::string_view rest, std::string_view format) {
  size_t pos = 0;
  size_t i = 0;
  while (i < format.size()) {
    size_t count = 0;
    while (i < format.size() && IsAsciiDigit(format[i])) count = count * 10 + (format[i++] - '0');
    if (i == format.size()) return false;
    char cls = format[i++];
    if (pos + count > rest.size()) return false;
    for (size_t k = 0; k < count; ++k) {
      if (!FitsClass(rest[pos + k], cls)) return false;
    }
    pos += count;
  }
  return pos == rest.size();
}

}  // namespace

const IbanCountryRule* FindIbanCountry(std::string_view country) {
  auto it = std::lower_bound(std::begin(kRegistry), std::end(kRegistry), country,
                             [](const IbanCountryRule& r, std::string_view c) { return r.country < c; });
  if (it == std::end(kRegistry) || it->country != country) return nullptr;
  return it;
}

int IbanMod97(std::string_view iban) {
  int remainder = 0;
  auto feed = [&remainder](char c) {
    if (IsAsciiDigit(c)) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else {
      remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
    }
  };
  for (size_t i = 4; i < iban.size(); ++i) feed(iban[i]);
  for (size_t i = 0; i < 4 && i < iban.size(); ++i) feed(iban[i]);
  return remainder;
}

FieldOutcome ValidateIban(std::string_view value) {
  std::string iban;
  iban.reserve(value.size());
  for (char c : value) {
    if (c == ' ') continue;
    if (!IsAsciiAlnum(c)) return Fail(MessageId::kInvalidIban);
    iban.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (iban.size() < 5) return Fail(MessageId::kInvalidIban);
  const IbanCountryRule* rule = FindIbanCountry(std::string_view(iban).substr(0, 2));
  if (rule == nullptr || static_cast<int>(iban.size()) != rule->length) return Fail(MessageId::kInvalidIban);
  if (!FitsFormat(std::string_view(iban).substr(2), rule->format)) return Fail(MessageId::kInvalidIban);
  if (IbanMod97(iban) != 1) return Fail(MessageId::kInvalidIban);
  return Accept(std::move(iban));
}

}  // namespace prefill::validators
