// Byte-level text codecs every layer needs: hexadecimal and percent-encoding
// (RFC 3986). One home, so a URL written by the hosted page, the REST links and
// the provider calls escapes the same way, and a %XX read by the request decoder
// and the database URL parser decodes the same way.
//
// Pure functions: no allocation beyond the result, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace prefill {

// 0..15 for '0'-'9', 'a'-'f', 'A'-'F'; -1 for anything else.
int HexDigitValue(char c);

// Each byte as two lowercase hex digits ("\x01\xab" -> "01ab").
std::string HexLower(std::string_view bytes);

// Every byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~) as %XX with
// uppercase digits, so the result is safe in a path segment and in a query value.
std::string PercentEncode(std::string_view text);

// Undoes %XX escapes into `out` (cleared first); with `plus_is_space` (the query
// string and application/x-www-form-urlencoded) '+' is a space. False on a '%'
// not followed by two hex digits; `out` is then unspecified.
bool PercentDecode(std::string_view in, std::string* out, bool plus_is_space);

}  // namespace prefill
