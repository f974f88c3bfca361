#include "session/session_lifecycle.h"

#include <algorithm>
#include <random>
#include <thread>

namespace prefill {
namespace {

// As SessionService: randomised, short pauses so racing writers do not retry in lockstep.
void BackOff(int attempt) {
  thread_local std::minstd_rand jitter{std::random_device{}()};
  std::uniform_int_distribution<int> pause_us(0, std::min(1000, 20 * (attempt + 1)));
  std::this_thread::sleep_for(std::chrono::microseconds(pause_us(jitter)));
}

Status Refuse(SessionState state) {
  switch (state) {
    case SessionState::kOpen: return Status::Internal("open session refused");
    case SessionState::kProcessing: return Status::Locked("session locked");
    case SessionState::kCompleted: return Status::Processed("session processed");
    case SessionState::kExpired: return Status::Expired("session expired");
  }
  return Status::Internal("unknown session state");
}

}  // namespace

SessionLifecycle::SessionLifecycle(SessionStore* store, NowFunction now) : store_(store), now_(std::move(now)) {}

Result<std::string> SessionLifecycle::FormIdOf(const std::string& hash) {
  Result<SessionRecord> found = store_->Find(hash);
  if (!found.ok()) {
    if (found.status().Is(Status::Code::kNotFound)) return Status::NotFound("session not found");
    return found.status();
  }
  return found->form_id;
}

Result<SessionView> SessionLifecycle::Run(const Form& form, const std::string& hash, const Transition& transition) {
  for (int attempt = 0; attempt < SessionService::kMaxAttempts; ++attempt) {
    Result<SessionRecord> found = store_->Find(hash);
    if (!found.ok()) {
      if (found.status().Is(Status::Code::kNotFound)) return Status::NotFound("session not found");
      return found.status();
    }
    if (found->form_id != form.id) return Status::NotFound("session not found");
    const TimePoint now = now_();
    SessionRecord next = *found;
    next.state = EffectiveState(next, now);
    Result<bool> decided = transition(&next, now);
    if (!decided.ok()) return decided.status();

    if (*decided) {
      next.updated_at = now;
      Status stored = store_->Update(&next);
      if (stored.Is(Status::Code::kConflict)) {
        BackOff(attempt);
        continue;
      }
      if (!stored.ok()) return stored;
    }
    SessionView view;
    view.record = std::move(next);
    view.record.state = EffectiveState(view.record, now);
    view.complete = EvaluateSession(form, view.record, UtcDate(now), {}, &view.errors);
    return view;
  }
  return Status::Unavailable("session too busy, try again");
}

Result<SessionView> SessionLifecycle::Process(const Form& form, const std::string& hash,
                                              std::optional<std::chrono::minutes> extend) {
  if (extend && (*extend < std::chrono::minutes(1) || *extend > kMaxProcessExtension)) {
    return Status::InvalidArgument("expiresIn must be between 1 and 43200 minutes");
  }
  return Run(form, hash, [&](SessionRecord* record, TimePoint now) -> Result<bool> {
    if (record->state != SessionState::kOpen && record->state != SessionState::kProcessing) {
      return Refuse(record->state);
    }
    bool changed = record->state != SessionState::kProcessing;
    record->state = SessionState::kProcessing;
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

Result<SessionView> SessionLifecycle::Confirm(const Form& form, const std::string& hash) {
  return Run(form, hash, [&](SessionRecord* record, TimePoint now) -> Result<bool> {
    if (record->state == SessionState::kCompleted) return false;
    if (record->state == SessionState::kExpired) return Refuse(record->state);
    SessionErrors errors;
    if (!EvaluateSession(form, *record, UtcDate(now), {}, &errors)) {
      return Status::InvalidArgument("session incomplete");
    }
    record->state = SessionState::kCompleted;
    return true;
  });
}

Result<SessionView> SessionLifecycle::Expire(const Form& form, const std::string& hash) {
  return Run(form, hash, [&](SessionRecord* record, TimePoint now) -> Result<bool> {
    if (record->state == SessionState::kExpired) {
      // Effective expiry (past expires_at) is already final; store it so the
      // row says what every reader already sees.
      if (record->expires_at > now) record->expires_at = now;
      return false;
    }
    if (record->state != SessionState::kOpen) return Refuse(record->state);
    record->state = SessionState::kExpired;
    record->expires_at = now;
    return true;
  });
}

Result<SessionView> SessionLifecycle::Patch(const Form& form, const std::string& hash,
                                            const std::vector<FieldInput>& inputs,
                                            const MetadataEdit& edit_metadata) {
  // The merge of the attempt that was written knows which errors belong to this
  // request's fields (current_fields) and which values it rejected.
  MergeResult merged;
  Result<SessionView> view = Run(form, hash, [&](SessionRecord* record, TimePoint now) -> Result<bool> {
    if (record->state != SessionState::kOpen) return Refuse(record->state);
    const auto metadata_before = record->metadata;
    if (edit_metadata) {
      Status edited = edit_metadata(&record->metadata);
      if (!edited.ok()) return edited;
    }
    merged = MergeInputs(form, inputs, Authority::kSecretKey, UtcDate(now), record);
    return merged.changed || record->metadata != metadata_before;
  });
  if (!view.ok() || inputs.empty()) return view;
  view->complete = merged.complete;
  view->errors = std::move(merged.errors);
  return view;
}

}  // namespace prefill
