// SessionService: the session core (SPEC sections 3 and 4). No HTTP, no SQL.
//
// Dialects turn wire parameters into FieldInputs (`payment[x]=v` -> {x, v, false},
// `payment[x_fix]=v` -> {x, v, true}) and turn a SessionView back into JSON.
//
// How inputs are merged, validated and locked (`_fix`), and how errors split into
// current_fields / other_fields / globals: see session/session_merge.h.
//
// State and Status mapping (the form API turns these into numbered errors):
//   unknown hash, or a session of another form    -> NotFound  (203)
//   state expired, or open/processing past expiry -> Expired   (206)
//   completed                                     -> Processed (202)
//   processing                                    -> Locked    (207), for reads too:
//       FundraisingBox answers 207 to updateSession while a payment is under way,
//       and the donor must not see a half-processed form. Inspect() is the
//       state-agnostic read for the REST API.
//   Create without inputs (unless without_values) -> InvalidArgument (205)
//   storage problems                              -> passed through (Unavailable -> 900)
//   compare-and-set lost kMaxAttempts times       -> Unavailable
//
// Concurrency: every write is read-merge-compare-and-set through UpdateSession
// (session_update.h), states per session_transitions.h (SessionAction::kEdit);
// each attempt re-validates against the freshly
// read record, so concurrent updates of different fields all take effect and a
// request never overwrites a value it did not send. A request that changes nothing
// (only invalid, extra or unchanged values) does not write.
//
// Time comes from the injected NowFunction: expiry and "today" (UTC) for date
// rules are testable. Thread-safe: holds no mutable state of its own.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "forms/form.h"
#include "session/session.h"
#include "session/session_errors.h"
#include "session/session_merge.h"
#include "session/session_store.h"
#include "session/session_transitions.h"
#include "session/session_update.h"
#include "session/session_view.h"

namespace prefill {

struct CreateOptions {
  std::optional<std::chrono::minutes> ttl;     // default: form.session_ttl_minutes
  std::map<std::string, std::string> metadata;  // REST API metadata, stored as given
  // A session that carries no form values at all (REST commerce sessions,
  // rest/commerce.h: their money and campaigns are stored beside the record):
  // created without inputs instead of refused.
  bool without_values = false;
  // Fields locked (`_fix`) without a value. Through a form (Authority::kForm:
  // form API, hosted page) a locked field can never be filled, so a session
  // with a required field locked empty can never become complete there, nor be
  // paid there. REST commerce sessions lock `amount` so: their money is not a
  // form value and only the shop's checkout takes it.
  std::set<std::string> locked_empty;
};

// Told of every session created (whichever dialect or path: form API, REST,
// hosted page, one-step payment), after it is stored; e.g. for metrics. Must
// be thread-safe and quick; it runs on the request's thread.
using SessionCreatedObserver = std::function<void(const SessionRecord& created)>;

class SessionService {
 public:
  static constexpr int kMaxAttempts = kMaxWriteAttempts;

  // `store` must outlive the service.
  explicit SessionService(SessionStore* store, NowFunction now = SystemNow, SessionCreatedObserver on_created = {});

  // A new open session of `form` with `inputs` merged in; `sandbox` if it was
  // created through the form's sandbox hash. Invalid values and extra fields still
  // create the session (with errors), as FundraisingBox does.
  Result<SessionView> Create(const Form& form, bool sandbox, const std::vector<FieldInput>& inputs,
                             Authority authority, const CreateOptions& options = {});

  // Update, Read and Inspect name the session's form through `form`: the
  // FormLookup of the hash a dialect was given (a session of the other mode -
  // made through the sandbox hash when the live hash was given, or the
  // reverse - is NotFound, as one of another form), or the Form itself (either
  // mode; in-process callers and tests). A scope without one form is Internal.

  // Merges `inputs` into an open session; no inputs: same as Read.
  Result<SessionView> Update(const FormScope& form, const std::string& hash,
                             const std::vector<FieldInput>& inputs, Authority authority);

  // The form API's read: an open session, or the Status of its state.
  Result<SessionView> Read(const FormScope& form, const std::string& hash);

  // Any state, for the REST API's retrieve; NotFound only for a missing session
  // or one of another form (or mode).
  Result<SessionView> Inspect(const FormScope& form, const std::string& hash);

  // Deletes sessions that expired more than `retention` ago; returns how many.
  // Called by the server's background job.
  Result<int64_t> PurgeExpired(std::chrono::seconds retention);

  TimePoint Now() const { return now_(); }

 private:
  SessionStore* const store_;
  const NowFunction now_;
  const SessionCreatedObserver on_created_;
};

}  // namespace prefill
