#include "session/session_lifecycle.h"

namespace prefill {

SessionLifecycle::SessionLifecycle(SessionStore* store, NowFunction now, TransitionWriter write)
    : store_(store), write_(std::move(write)), now_(std::move(now)) {}

Result<std::string> SessionLifecycle::FormIdOf(const std::string& hash) {
  Result<SessionRecord> found = FindSession(*store_, FormScope(), hash);
  if (!found.ok()) return found.status();
  return found->form_id;
}

Result<SessionView> SessionLifecycle::Inspect(const FormScope& scope, const std::string& hash) {
  if (scope.empty()) return Status::Internal("a view needs the session's form");
  Result<SessionRecord> found = FindSession(*store_, scope, hash);
  if (!found.ok()) return found.status();
  Result<const Form*> form = scope.Resolve(*found);
  if (!form.ok()) return form.status();
  return ViewOf(**form, std::move(*found), now_());
}

Result<SessionView> SessionLifecycle::Run(const FormScope& scope, const std::string& hash,
                                          const SessionDecision& decide, bool with_writer) {
  if (scope.empty()) return Status::Internal("a lifecycle transition needs the session's form");
  SessionUpdate update(scope);
  SessionState found = SessionState::kOpen;  // as the deciding attempt found it
  if (write_ && with_writer) update.write = [&](SessionRecord* record) { return write_(record, found); };
  Result<SessionWritten> written =
      UpdateSession(*store_, hash, std::move(update), now_, [&](SessionRecord* record, const Form* form, TimePoint now) {
        found = record->state;
        return decide(record, form, now);
      });
  if (!written.ok()) return written.status();
  return ViewOf(*written->form, std::move(written->record), written->now);
}

Result<SessionView> SessionLifecycle::Process(const FormScope& scope, const std::string& hash,
                                              std::optional<std::chrono::minutes> extend) {
  if (extend && (*extend < kMinProcessExtension || *extend > kMaxProcessExtension)) {
    return Status::InvalidArgument("expiresIn must be between " + std::to_string(kMinProcessExtension.count()) +
                                   " and " + std::to_string(kMaxProcessExtension.count()) + " minutes");
  }
  return Run(scope, hash, [&](SessionRecord* record, const Form*, TimePoint now) -> Result<bool> {
    const SessionState before = record->state;
    Result<bool> moved = ApplyTransition(SessionAction::kProcess, record);
    if (!moved.ok()) return moved.status();
    bool changed = record->state != before;
    if (extend) {
      const TimePoint until = now + std::chrono::duration_cast<std::chrono::microseconds>(*extend);
      if (until > record->expires_at) {
        record->expires_at = until;
        changed = true;
      }
    }
    return changed;
  });
}

Result<SessionView> SessionLifecycle::Confirm(const FormScope& scope, const std::string& hash,
                                              IncompleteSession* incomplete) {
  return Run(scope, hash, [&](SessionRecord* record, const Form* form, TimePoint now) -> Result<bool> {
    if (RuleFor(SessionAction::kConfirm, record->state).verdict == Verdict::kGo) {
      // The reasons of the very record judged, so the caller need not read again.
      SessionErrors errors;
      if (!EvaluateSession(*form, *record, UtcDate(now), {}, &errors)) {
        if (incomplete) *incomplete = IncompleteSession{std::move(errors), form};
        return Status::Incomplete("session incomplete");
      }
    }
    return ApplyTransition(SessionAction::kConfirm, record);
  });
}

Result<SessionView> SessionLifecycle::Expire(const FormScope& scope, const std::string& hash) {
  return Run(scope, hash, [&](SessionRecord* record, const Form*, TimePoint now) -> Result<bool> {
    Result<bool> moved = ApplyTransition(SessionAction::kExpire, record);
    if (moved.ok() && *moved) record->expires_at = now;
    return moved;
  });
}

Result<SessionView> SessionLifecycle::Withdraw(const FormScope& scope, const std::string& hash) {
  return Run(
      scope, hash,
      [&](SessionRecord* record, const Form*, TimePoint now) -> Result<bool> {
        Result<bool> moved = ApplyTransition(SessionAction::kExpire, record);
        if (moved.ok() && *moved) record->expires_at = now;
        return moved;
      },
      /*with_writer=*/false);
}

Result<SessionView> SessionLifecycle::Patch(const FormScope& scope, const std::string& hash,
                                            const std::vector<FieldInput>& inputs,
                                            const MetadataEdit& edit_metadata) {
  // The merge of the attempt that was written knows which errors belong to this
  // request's fields (current_fields) and which values it rejected.
  MergeResult merged;
  Result<SessionView> view = Run(scope, hash, [&](SessionRecord* record, const Form* form, TimePoint now) -> Result<bool> {
    Result<bool> allowed = ApplyTransition(SessionAction::kEdit, record);
    if (!allowed.ok()) return allowed.status();
    const auto metadata_before = record->metadata;
    if (edit_metadata) {
      Status edited = edit_metadata(&record->metadata);
      if (!edited.ok()) return edited;
    }
    merged = MergeInputs(*form, inputs, Authority::kSecretKey, UtcDate(now), record);
    return merged.changed || record->metadata != metadata_before;
  });
  if (!view.ok() || inputs.empty()) return view;
  view->complete = merged.complete;
  view->errors = std::move(merged.errors);
  return view;
}

}  // namespace prefill
