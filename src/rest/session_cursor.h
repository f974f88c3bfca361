// SessionCursor: the opaque `cursor` of GET /v1/donation-sessions.
//
// A cursor names a position between two sessions of a listing: "the sessions
// after row id N" (the next page) or "before row id N" (the previous page),
// in the listing's direction, which the cursor carries so a cursor cannot be
// replayed against the opposite order by mistake. Text form: base64url of
// "v1.<a|d>.<n|p>.<id>". Cursors are opaque to clients but not secret: a
// hand-made one only selects another position in a listing the key may read
// anyway. Filters are not part of the cursor; the _links repeat them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "rest/session_query.h"

namespace prefill {

struct SessionCursor {
  ListOrder direction = ListOrder::kDescending;  // order of the listing
  bool before = false;  // true: the page before row_id (prev link); false: after (next link)
  int64_t row_id = 0;
};

std::string EncodeSessionCursor(const SessionCursor& cursor);
// InvalidArgument for anything EncodeSessionCursor did not make.
Result<SessionCursor> DecodeSessionCursor(std::string_view text);

}  // namespace prefill
