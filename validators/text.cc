#include "validators/text.h"

#include <cstdint>
#include <cstring>

namespace prefill::validators {

namespace {

// Word-at-a-time helpers: baskets of several KiB are mostly ASCII, and checking eight
// bytes per step keeps the whole pipeline well under a microsecond per KiB.
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

uint64_t LoadWord(const unsigned char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// True when some byte of `word` (all bytes < 0x80) is < 0x20 or == 0x7F.
bool AsciiWordHasControl(uint64_t word) {
  uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighBits;
  uint64_t del = word ^ (kOnes * 0x7F);
  uint64_t is_del = (del - kOnes) & ~del & kHighBits;
  return (below_space | is_del) != 0;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (end - p >= 8 && (LoadWord(p) & kHighBits) == 0) {
      p += 8;
      continue;
    }
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;  // continuation byte, overlong lead (C0/C1) or > U+10FFFF lead
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000)) return false;  // overlong
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;                                 // surrogate
    if (cp > 0x10FFFF) return false;
    p += extra + 1;
  }
  return true;
}

bool HasForbiddenControl(std::string_view s, bool allow_multiline) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.size() - i >= 8) {
      uint64_t word = LoadWord(bytes + i);
      if ((word & kHighBits) == 0 && !AsciiWordHasControl(word)) {
        i += 7;
        continue;
      }
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) {
      if (allow_multiline) {
        if (c == '\n' || c == '\t') continue;
        if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
      }
      return true;
    }
    // C1 controls U+0080..U+009F are encoded as C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < s.size()) {
      unsigned char next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return true;
    }
  }
  return false;
}

std::string NormaliseNewlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out.push_back(s[i]);
  }
  return out;
}

static bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view TrimAscii(std::string_view s) {
  size_t begin = 0, end = s.size();
  while (begin < end && IsAsciiSpace(s[begin])) ++begin;
  while (end > begin && IsAsciiSpace(s[end - 1])) --end;
  return s.substr(begin, end - begin);
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool AllAsciiDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

bool IsLanguageTag(std::string_view s) {
  if (s.size() > 35) return false;
  size_t dash = s.find('-');
  std::string_view primary = s.substr(0, dash);
  if (primary.size() < 2 || primary.size() > 3) return false;
  for (char c : primary) {
    if (c < 'a' || c > 'z') return false;
  }
  while (dash != std::string_view::npos) {
    s = s.substr(dash + 1);
    dash = s.find('-');
    std::string_view sub = s.substr(0, dash);
    if (sub.size() < 2 || sub.size() > 8) return false;
    for (char c : sub) {
      if (!IsAsciiAlnum(c)) return false;
    }
  }
  return true;
}

}  // namespace prefill::validators
