#include "validators/email.h"

#include <cstring>
#include <string>

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "validators/outcome.h"
#include "validators/text.h"

namespace prefill::validators {

namespace {

constexpr size_t kMaxLocal = 64;
constexpr size_t kMaxTotal = 254;
constexpr size_t kMaxLabel = 63;

bool IsNonAscii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

bool IsAtext(char c) {
  return IsAsciiAlnum(c) || IsNonAscii(c) || (c != '\0' && std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr);
}

bool ValidLocalPart(std::string_view local) {
  if (local.empty() || local.size() > kMaxLocal) return false;
  if (local.front() == '.' || local.back() == '.') return false;
  for (size_t i = 0; i < local.size(); ++i) {
    char c = local[i];
    if (c == '.') {
      if (local[i + 1] == '.') return false;  // safe: back() is not '.'
    } else if (!IsAtext(c)) {
      return false;
    }
  }
  return true;
}

bool ValidLabel(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabel) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!(IsAsciiAlnum(c) || c == '-' || IsNonAscii(c))) return false;
  }
  return true;
}

bool ValidDomain(std::string_view domain) {
  size_t dots = 0;
  size_t start = 0;
  std::string_view last;
  while (true) {
    size_t dot = domain.find('.', start);
    std::string_view label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!ValidLabel(label)) return false;  // also catches "a..b", ".a", "a." (empty label)
    last = label;
    if (dot == std::string_view::npos) break;
    ++dots;
    start = dot + 1;
  }
  return dots >= 1 && !AllAsciiDigits(last);
}

std::string LowerDomain(std::string_view domain) {
  for (char c : domain) {
    if (IsNonAscii(c)) {
      std::string out;
      icu::UnicodeString::fromUTF8(icu::StringPiece(domain.data(), static_cast<int32_t>(domain.size())))
          .toLower(icu::Locale::getRoot())
          .toUTF8String(out);
      return out;
    }
  }
  return AsciiLower(domain);
}

}  // namespace

FieldOutcome ValidateEmail(std::string_view value) {
  if (value.size() > kMaxTotal) return Fail(MessageId::kInvalidEmail);
  size_t at = value.find('@');
  if (at == std::string_view::npos || value.find('@', at + 1) != std::string_view::npos) {
    return Fail(MessageId::kInvalidEmail);
  }
  std::string_view local = value.substr(0, at);
  std::string_view domain = value.substr(at + 1);
  if (!ValidLocalPart(local) || !ValidDomain(domain)) return Fail(MessageId::kInvalidEmail);
  std::string canonical(local);
  canonical.push_back('@');
  canonical += LowerDomain(domain);
  if (canonical.size() > kMaxTotal) return Fail(MessageId::kInvalidEmail);
  return Accept(std::move(canonical));
}

}  // namespace prefill::validators
