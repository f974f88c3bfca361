#include "payments/sepa/sepa_text.h"

#include <cstdint>
#include <cstdio>

namespace prefill::sepa {
namespace {

struct Mapping {
  char32_t code_point;
  const char* expanded;  // German convention where there is one
  const char* folded;    // one letter
};

// Latin letters with diacritics (Latin-1 Supplement and Latin Extended-A) and
// the punctuation donors' keyboards produce. Sorted by code point.
constexpr Mapping kMappings[] = {
    {U'\u00A0', " ", " "},   {U'\u00B4', "'", "'"},   {U'\u00C0', "A", "A"},   {U'\u00C1', "A", "A"},
    {U'\u00C2', "A", "A"},   {U'\u00C3', "A", "A"},   {U'\u00C4', "Ae", "A"},  {U'\u00C5', "A", "A"},
    {U'\u00C6', "AE", "AE"}, {U'\u00C7', "C", "C"},   {U'\u00C8', "E", "E"},   {U'\u00C9', "E", "E"},
    {U'\u00CA', "E", "E"},   {U'\u00CB', "E", "E"},   {U'\u00CC', "I", "I"},   {U'\u00CD', "I", "I"},
    {U'\u00CE', "I", "I"},   {U'\u00CF', "I", "I"},   {U'\u00D0', "D", "D"},   {U'\u00D1', "N", "N"},
    {U'\u00D2', "O", "O"},   {U'\u00D3', "O", "O"},   {U'\u00D4', "O", "O"},   {U'\u00D5', "O", "O"},
    {U'\u00D6', "Oe", "O"},  {U'\u00D8', "O", "O"},   {U'\u00D9', "U", "U"},   {U'\u00DA', "U", "U"},
    {U'\u00DB', "U", "U"},   {U'\u00DC', "Ue", "U"},  {U'\u00DD', "Y", "Y"},   {U'\u00DE', "TH", "TH"},
    {U'\u00DF', "ss", "ss"}, {U'\u00E0', "a", "a"},   {U'\u00E1', "a", "a"},   {U'\u00E2', "a", "a"},
    {U'\u00E3', "a", "a"},   {U'\u00E4', "ae", "a"},  {U'\u00E5', "a", "a"},   {U'\u00E6', "ae", "ae"},
    {U'\u00E7', "c", "c"},   {U'\u00E8', "e", "e"},   {U'\u00E9', "e", "e"},   {U'\u00EA', "e", "e"},
    {U'\u00EB', "e", "e"},   {U'\u00EC', "i", "i"},   {U'\u00ED', "i", "i"},   {U'\u00EE', "i", "i"},
    {U'\u00EF', "i", "i"},   {U'\u00F0', "d", "d"},   {U'\u00F1', "n", "n"},   {U'\u00F2', "o", "o"},
    {U'\u00F3', "o", "o"},   {U'\u00F4', "o", "o"},   {U'\u00F5', "o", "o"},   {U'\u00F6', "oe", "o"},
    {U'\u00F8', "o", "o"},   {U'\u00F9', "u", "u"},   {U'\u00FA', "u", "u"},   {U'\u00FB', "u", "u"},
    {U'\u00FC', "ue", "u"},  {U'\u00FD', "y", "y"},   {U'\u00FE', "th", "th"}, {U'\u00FF', "y", "y"},
    {U'\u0100', "A", "A"},   {U'\u0101', "a", "a"},   {U'\u0102', "A", "A"},   {U'\u0103', "a", "a"},
    {U'\u0104', "A", "A"},   {U'\u0105', "a", "a"},   {U'\u0106', "C", "C"},   {U'\u0107', "c", "c"},
    {U'\u0108', "C", "C"},   {U'\u0109', "c", "c"},   {U'\u010A', "C", "C"},   {U'\u010B', "c", "c"},
    {U'\u010C', "C", "C"},   {U'\u010D', "c", "c"},   {U'\u010E', "D", "D"},   {U'\u010F', "d", "d"},
    {U'\u0110', "D", "D"},   {U'\u0111', "d", "d"},   {U'\u0112', "E", "E"},   {U'\u0113', "e", "e"},
    {U'\u0114', "E", "E"},   {U'\u0115', "e", "e"},   {U'\u0116', "E", "E"},   {U'\u0117', "e", "e"},
    {U'\u0118', "E", "E"},   {U'\u0119', "e", "e"},   {U'\u011A', "E", "E"},   {U'\u011B', "e", "e"},
    {U'\u011C', "G", "G"},   {U'\u011D', "g", "g"},   {U'\u011E', "G", "G"},   {U'\u011F', "g", "g"},
    {U'\u0120', "G", "G"},   {U'\u0121', "g", "g"},   {U'\u0122', "G", "G"},   {U'\u0123', "g", "g"},
    {U'\u0124', "H", "H"},   {U'\u0125', "h", "h"},   {U'\u0126', "H", "H"},   {U'\u0127', "h", "h"},
    {U'\u0128', "I", "I"},   {U'\u0129', "i", "i"},   {U'\u012A', "I", "I"},   {U'\u012B', "i", "i"},
    {U'\u012C', "I", "I"},   {U'\u012D', "i", "i"},   {U'\u012E', "I", "I"},   {U'\u012F', "i", "i"},
    {U'\u0130', "I", "I"},   {U'\u0131', "i", "i"},   {U'\u0132', "IJ", "IJ"}, {U'\u0133', "ij", "ij"},
    {U'\u0134', "J", "J"},   {U'\u0135', "j", "j"},   {U'\u0136', "K", "K"},   {U'\u0137', "k", "k"},
    {U'\u0138', "k", "k"},   {U'\u0139', "L", "L"},   {U'\u013A', "l", "l"},   {U'\u013B', "L", "L"},
    {U'\u013C', "l", "l"},   {U'\u013D', "L", "L"},   {U'\u013E', "l", "l"},   {U'\u013F', "L", "L"},
    {U'\u0140', "l", "l"},   {U'\u0141', "L", "L"},   {U'\u0142', "l", "l"},   {U'\u0143', "N", "N"},
    {U'\u0144', "n", "n"},   {U'\u0145', "N", "N"},   {U'\u0146', "n", "n"},   {U'\u0147', "N", "N"},
    {U'\u0148', "n", "n"},   {U'\u0149', "n", "n"},   {U'\u014A', "N", "N"},   {U'\u014B', "n", "n"},
    {U'\u014C', "O", "O"},   {U'\u014D', "o", "o"},   {U'\u014E', "O", "O"},   {U'\u014F', "o", "o"},
    {U'\u0150', "O", "O"},   {U'\u0151', "o", "o"},   {U'\u0152', "OE", "OE"}, {U'\u0153', "oe", "oe"},
    {U'\u0154', "R", "R"},   {U'\u0155', "r", "r"},   {U'\u0156', "R", "R"},   {U'\u0157', "r", "r"},
    {U'\u0158', "R", "R"},   {U'\u0159', "r", "r"},   {U'\u015A', "S", "S"},   {U'\u015B', "s", "s"},
    {U'\u015C', "S", "S"},   {U'\u015D', "s", "s"},   {U'\u015E', "S", "S"},   {U'\u015F', "s", "s"},
    {U'\u0160', "S", "S"},   {U'\u0161', "s", "s"},   {U'\u0162', "T", "T"},   {U'\u0163', "t", "t"},
    {U'\u0164', "T", "T"},   {U'\u0165', "t", "t"},   {U'\u0166', "T", "T"},   {U'\u0167', "t", "t"},
    {U'\u0168', "U", "U"},   {U'\u0169', "u", "u"},   {U'\u016A', "U", "U"},   {U'\u016B', "u", "u"},
    {U'\u016C', "U", "U"},   {U'\u016D', "u", "u"},   {U'\u016E', "U", "U"},   {U'\u016F', "u", "u"},
    {U'\u0170', "U", "U"},   {U'\u0171', "u", "u"},   {U'\u0172', "U", "U"},   {U'\u0173', "u", "u"},
    {U'\u0174', "W", "W"},   {U'\u0175', "w", "w"},   {U'\u0176', "Y", "Y"},   {U'\u0177', "y", "y"},
    {U'\u0178', "Y", "Y"},   {U'\u0179', "Z", "Z"},   {U'\u017A', "z", "z"},   {U'\u017B', "Z", "Z"},
    {U'\u017C', "z", "z"},   {U'\u017D', "Z", "Z"},   {U'\u017E', "z", "z"},   {U'\u017F', "s", "s"},
    {U'\u0218', "S", "S"},   {U'\u0219', "s", "s"},   {U'\u021A', "T", "T"},   {U'\u021B', "t", "t"},
    {U'\u2010', "-", "-"},   {U'\u2011', "-", "-"},   {U'\u2012', "-", "-"},   {U'\u2013', "-", "-"},
    {U'\u2014', "-", "-"},   {U'\u2018', "'", "'"},   {U'\u2019', "'", "'"},   {U'\u201A', "'", "'"},
    {U'\u201B', "'", "'"},   {U'\u2032', "'", "'"},
};

const Mapping* FindMapping(char32_t cp) {
  size_t lo = 0, hi = sizeof kMappings / sizeof kMappings[0];
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (kMappings[mid].code_point == cp) return &kMappings[mid];
    if (kMappings[mid].code_point < cp) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return nullptr;
}

// Decodes one code point at `*i`, advancing it; false for invalid UTF-8
// (overlong, surrogate, above U+10FFFF, truncated).
bool NextCodePoint(std::string_view s, size_t* i, char32_t* out) {
  const auto b0 = static_cast<unsigned char>(s[*i]);
  int extra = 0;
  char32_t cp = 0;
  if (b0 < 0x80) {
    cp = b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    extra = 1, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3, cp = b0 & 0x07;
  } else {
    return false;
  }
  if (extra > 0 && *i + extra >= s.size()) return false;
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(s[*i + k]);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  *i += 1 + extra;
  *out = cp;
  return true;
}

std::string Describe(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

}  // namespace

bool IsSepaChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '/': case '-': case '?': case ':': case '(': case ')': case '.': case ',': case '\'': case '+': case ' ':
      return true;
    default:
      return false;
  }
}

bool IsSepaText(std::string_view s) {
  for (char c : s) {
    if (!IsSepaChar(c)) return false;
  }
  return true;
}

Result<std::string> ToSepaText(std::string_view utf8, bool expand) {
  std::string out;
  bool pending_space = false;
  auto append = [&](std::string_view piece) {
    for (char c : piece) {
      if (c == ' ') {
        pending_space = !out.empty();
        continue;
      }
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
  };
  size_t i = 0;
  while (i < utf8.size()) {
    const size_t at = i;
    char32_t cp = 0;
    if (!NextCodePoint(utf8, &i, &cp)) return Status::InvalidArgument("the text is not valid UTF-8");
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      append(" ");
    } else if (cp == '&') {
      append("+");
    } else if (cp == '"' || cp == '`') {
      append("'");
    } else if (cp < 0x80 && IsSepaChar(static_cast<char>(cp))) {
      append(std::string_view(&utf8[at], 1));
    } else if (const Mapping* m = FindMapping(cp)) {
      append(expand ? m->expanded : m->folded);
    } else {
      const std::string shown = cp < 0x80 && cp >= 0x20 ? "'" + std::string(1, static_cast<char>(cp)) + "'"
                                                         : "'" + std::string(utf8.substr(at, i - at)) + "'";
      return Status::InvalidArgument("the character " + shown + " (" + Describe(cp) +
                                     ") is not in the SEPA character set (letters, digits, / - ? : ( ) . , ' + and space)");
    }
  }
  return out;
}

Result<std::string> ToSepaName(std::string_view utf8) {
  Result<std::string> expanded = ToSepaText(utf8, true);
  if (!expanded.ok()) return expanded;
  if (expanded->empty()) return Status::InvalidArgument("the name is empty");
  if (expanded->size() <= kMaxNameLength) return expanded;
  Result<std::string> folded = ToSepaText(utf8, false);
  if (folded.ok() && folded->size() <= kMaxNameLength) return folded;
  return Status::InvalidArgument("the name has more than " + std::to_string(kMaxNameLength) +
                                 " characters, the most a SEPA direct debit can carry");
}

std::string CutSepaText(std::string_view sepa_text, size_t max) {
  std::string out(sepa_text.substr(0, max));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace prefill::sepa
