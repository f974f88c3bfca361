// SessionLifecycle: the REST API's state transitions of a session (SPEC
// sections 4 and 7), beside SessionService's create/update/read. No HTTP, no SQL.
//
//   Process: open -> processing. Locks customer interaction: the form API
//            answers 207 while a session is processing. May move expires_at
//            later, to at most now + 43,200 minutes (30 days); never earlier.
//            Repeating it on a processing session succeeds (and may extend).
//   Confirm: open | processing -> completed, only for a complete session
//            (InvalidArgument "session incomplete" otherwise). Repeating it on a
//            completed session returns the session unchanged (idempotent).
//   Expire:  open -> expired, expires_at = now. Repeating it on an expired
//            session returns it unchanged.
//   Patch:   values (Authority::kSecretKey: may change or unlock fixed fields)
//            and metadata of an open session in one compare-and-set.
//
// Refusals: missing session or one of another form -> NotFound; a session in a
// state the transition does not start from -> Expired (expired, for Process,
// Confirm, Patch), Processed (completed, for Process, Expire, Patch), Locked
// (processing, for Expire, Patch). Effective state counts: an open session past
// expires_at is expired.
//
// Concurrency: read, decide, compare-and-set on `version`, retry on Conflict
// (the discipline of SessionService), so a transition never overwrites a
// concurrent write and two racing transitions serialise: e.g. Confirm racing
// Expire ends in exactly one of the two.
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

namespace prefill {

class SessionLifecycle {
 public:
  static constexpr std::chrono::minutes kMaxProcessExtension{43200};

  // Edits the metadata of the record being patched; a non-OK Status aborts
  // the patch with that Status. Runs once per compare-and-set attempt.
  using MetadataEdit = std::function<Status(std::map<std::string, std::string>* metadata)>;

  // `store` must outlive the lifecycle.
  explicit SessionLifecycle(SessionStore* store, NowFunction now = SystemNow);

  // The form id of session `hash` (the REST API names sessions by hash alone);
  // NotFound if there is no such session.
  Result<std::string> FormIdOf(const std::string& hash);

  // `extend`: expires_at becomes at least now + extend; InvalidArgument unless
  // 1 <= extend <= kMaxProcessExtension.
  Result<SessionView> Process(const Form& form, const std::string& hash, std::optional<std::chrono::minutes> extend);
  Result<SessionView> Confirm(const Form& form, const std::string& hash);
  Result<SessionView> Expire(const Form& form, const std::string& hash);
  Result<SessionView> Patch(const Form& form, const std::string& hash, const std::vector<FieldInput>& inputs,
                            const MetadataEdit& edit_metadata);

 private:
  // Decides the next record from the current one (effective state applied);
  // returns false when nothing needs writing, or a refusal.
  using Transition = std::function<Result<bool>(SessionRecord* record, TimePoint now)>;
  Result<SessionView> Run(const Form& form, const std::string& hash, const Transition& transition);

  SessionStore* const store_;
  const NowFunction now_;
};

}  // namespace prefill
