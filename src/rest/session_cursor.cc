#include "rest/session_cursor.h"

#include <charconv>

#include "rest/encoding.h"

namespace prefill {

std::string EncodeSessionCursor(const SessionCursor& cursor) {
  std::string plain = "v1.";
  plain += cursor.direction == ListOrder::kAscending ? 'a' : 'd';
  plain += '.';
  plain += cursor.before ? 'p' : 'n';
  plain += '.';
  plain += std::to_string(cursor.row_id);
  return Base64UrlEncode(plain);
}

Result<SessionCursor> DecodeSessionCursor(std::string_view text) {
  const Status invalid = Status::InvalidArgument("invalid cursor");
  if (text.empty() || text.size() > 64) return invalid;
  auto plain = Base64UrlDecode(text);
  if (!plain || plain->size() < 8 || plain->compare(0, 3, "v1.") != 0) return invalid;
  const std::string& p = *plain;
  SessionCursor cursor;
  if (p[3] == 'a') {
    cursor.direction = ListOrder::kAscending;
  } else if (p[3] == 'd') {
    cursor.direction = ListOrder::kDescending;
  } else {
    return invalid;
  }
  if (p[4] != '.' || (p[5] != 'n' && p[5] != 'p') || p[6] != '.') return invalid;
  cursor.before = p[5] == 'p';
  std::string_view digits(p.data() + 7, p.size() - 7);
  if (digits.empty() || digits.size() > 19 || (digits.size() > 1 && digits[0] == '0')) return invalid;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cursor.row_id);
  if (ec != std::errc() || end != digits.data() + digits.size() || cursor.row_id < 0) return invalid;
  return cursor;
}

}  // namespace prefill
