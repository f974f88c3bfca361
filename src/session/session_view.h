// SessionView: what every session operation returns to a dialect - the record
// in its effective state, whether it is complete, and its errors - and the one
// place that builds it from a stored record. Pure: no storage. Thread-safe.
#pragma once

#include "forms/form.h"
#include "session/session.h"
#include "session/session_errors.h"
#include "validators/validation.h"

namespace prefill {

struct SessionView {
  SessionRecord record;  // record.state is the effective state (expired once past expires_at)
  bool complete = false;
  SessionErrors errors;
};

// The UTC calendar date of `t`: "today" for date rules (birthday, card expiry).
validators::CivilDate UtcDate(TimePoint t);

// The view of `record` at `now` for a read: effective state applied, every
// outstanding error in other_fields (session_merge.h EvaluateSession).
SessionView ViewOf(const Form& form, SessionRecord record, TimePoint now);

}  // namespace prefill
