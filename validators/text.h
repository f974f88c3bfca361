// Text hygiene shared by every field: UTF-8 validity, control characters, trimming,
// lengths in code points, ASCII case helpers.
//
// Policy (SPEC 2, "Text"): values must be valid UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF); control characters (C0, DEL, C1) are refused except newline
// and tab in fields that allow multi-line text (`message`, hidden fields), where a CR
// directly before LF is accepted too and normalised away (browsers send textareas as
// CRLF). Trimming removes ASCII whitespace at both ends.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace prefill::validators {

bool IsValidUtf8(std::string_view s);

// True when `s` holds a control character that is not allowed. With
// `allow_multiline`, '\n', '\t' and "\r\n" are allowed. `s` must be valid UTF-8.
bool HasForbiddenControl(std::string_view s, bool allow_multiline);

// Replaces every "\r\n" by "\n" (only meaningful for multi-line fields).
std::string NormaliseNewlines(std::string_view s);

// Strips ASCII whitespace (space, \t, \n, \r, \f, \v) from both ends.
std::string_view TrimAscii(std::string_view s);

// Number of code points in valid UTF-8 `s`.
size_t CodePointCount(std::string_view s);

std::string AsciiUpper(std::string_view s);
std::string AsciiLower(std::string_view s);
bool AllAsciiDigits(std::string_view s);

// A language tag as forms and the REST API take it (BCP 47 shape, canonical case
// for the primary subtag): 2-3 lowercase letters, then any number of "-" and 2-8
// letters or digits ("de", "de-DE", "en-GB", "zh-Hant-TW"). "EN", "en_GB" are not.
bool IsLanguageTag(std::string_view s);
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAsciiAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
inline bool IsAsciiAlnum(char c) { return IsAsciiDigit(c) || IsAsciiAlpha(c); }

}  // namespace prefill::validators
