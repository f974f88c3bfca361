// SessionLifecycle: the REST API's state transitions of a session (SPEC
// sections 4 and 7), beside SessionService's create/update/read. No HTTP, no SQL.
//
//   Process: open -> processing. Locks customer interaction: the form API
//            answers 207 while a session is processing. May move expires_at
//            later, to at most now + 43,200 minutes (30 days); never earlier.
//            Repeating it on a processing session succeeds (and may extend).
//   Confirm: open | processing -> completed, only for a complete session
//            (Incomplete "session incomplete" otherwise, with the errors that
//            keep it from being complete in *incomplete, when given: a typed
//            refusal, so no caller reads the session again to learn why). Repeating
//            it on a completed session returns the session unchanged (idempotent).
//   Expire:  open -> expired, expires_at = now. Repeating it on an expired
//            session returns it unchanged.
//   Patch:   values (Authority::kSecretKey: may change or unlock fixed fields)
//            and metadata of an open session in one compare-and-set.
//
// Refusals: missing session or one of another form -> NotFound; the state
// changes and refusals are the rows kProcess, kConfirm, kExpire and kEdit (Patch)
// of session_transitions.h: Expired (expired, for Process, Confirm, Patch),
// Processed (completed, for Process, Expire, Patch), Locked (processing, for
// Expire, Patch). Effective state counts: an open session past expires_at is
// expired.
//
// Concurrency: every transition is one UpdateSession (session_update.h): read,
// decide, compare-and-set on `version`, retry on Conflict, so a transition
// never overwrites a concurrent write and two racing transitions serialise:
// e.g. Confirm racing Expire ends in exactly one of the two.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "forms/form.h"
#include "session/session_merge.h"
#include "session/session_service.h"
#include "session/session_store.h"
#include "session/session_transitions.h"
#include "session/session_update.h"

namespace prefill {

// Confirm's refusal of a session that is not complete: what keeps it from being
// complete, judged on the very record Confirm read, and its form (for the
// language the errors are rendered in).
struct IncompleteSession {
  SessionErrors errors;
  const Form* form = nullptr;
};

class SessionLifecycle {
 public:
  // How far Process may move a session's expiry (SPEC 7: up to 30 days).
  static constexpr std::chrono::minutes kMinProcessExtension{1};
  static constexpr std::chrono::minutes kMaxProcessExtension{43200};

  // Edits the metadata of the record being patched; a non-OK Status aborts
  // the patch with that Status. Runs once per compare-and-set attempt.
  using MetadataEdit = std::function<Status(std::map<std::string, std::string>* metadata)>;

  // How a transition's record is stored, told the state the transition found
  // (SessionUpdate::write's contract). The app stores it together with the
  // event the change reports (payments/payment_ledger.h
  // SessionTransitionWriter); null: SessionStore::Update.
  using TransitionWriter = std::function<Status(SessionRecord* record, SessionState found)>;

  // `store` must outlive the lifecycle.
  explicit SessionLifecycle(SessionStore* store, NowFunction now = SystemNow, TransitionWriter write = {});

  // The form id of session `hash`; NotFound if there is no such session.
  Result<std::string> FormIdOf(const std::string& hash);

  // Every call names the session through a FormScope (session_update.h): a
  // Form (a session of another form is NotFound) or, for the REST API, which
  // names sessions by hash alone, the FormRegistry (the session's own form,
  // found in the same single read). The view's form is then
  // forms.FindById(view.record.form_id).

  // Any state: the REST API's retrieve.
  Result<SessionView> Inspect(const FormScope& scope, const std::string& hash);
  // `extend`: expires_at becomes at least now + extend; InvalidArgument unless
  // kMinProcessExtension <= extend <= kMaxProcessExtension.
  Result<SessionView> Process(const FormScope& scope, const std::string& hash,
                              std::optional<std::chrono::minutes> extend);
  Result<SessionView> Confirm(const FormScope& scope, const std::string& hash,
                              IncompleteSession* incomplete = nullptr);
  // Expire for a session its creator never handed out (a create that failed
  // half-way): stored with SessionStore::Update, not the transition writer,
  // so no event reports a session nobody was told of.
  Result<SessionView> Withdraw(const FormScope& scope, const std::string& hash);
  Result<SessionView> Expire(const FormScope& scope, const std::string& hash);
  Result<SessionView> Patch(const FormScope& scope, const std::string& hash, const std::vector<FieldInput>& inputs,
                            const MetadataEdit& edit_metadata);

 private:
  // One UpdateSession through `scope`, answered with the view of the result.
  Result<SessionView> Run(const FormScope& scope, const std::string& hash, const SessionDecision& decide,
                          bool with_writer = true);

  SessionStore* const store_;
  const TransitionWriter write_;
  const NowFunction now_;
};

}  // namespace prefill
