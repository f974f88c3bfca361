#include "session/session_service.h"

#include "session/session_hash.h"

namespace prefill {
namespace {

// A hash collision among 244 random bits means a broken entropy source; a few
// attempts only guard against a store that reports AlreadyExists spuriously.
constexpr int kMaxHashAttempts = 3;

}  // namespace

SessionService::SessionService(SessionStore* store, NowFunction now, SessionCreatedObserver on_created)
    : store_(store), now_(std::move(now)), on_created_(std::move(on_created)) {}

Result<SessionView> SessionService::Create(const Form& form, bool sandbox, const std::vector<FieldInput>& inputs,
                                           Authority authority, const CreateOptions& options) {
  if (inputs.empty() && !options.without_values) return Status::InvalidArgument("new session requires values");
  const std::chrono::minutes ttl = options.ttl.value_or(std::chrono::minutes(form.session_ttl_minutes));
  if (ttl <= std::chrono::minutes(0)) return Status::InvalidArgument("session lifetime must be positive");

  const TimePoint now = now_();
  SessionRecord record;
  record.form_id = form.id;
  record.sandbox = sandbox;
  record.state = SessionState::kOpen;
  record.metadata = options.metadata;
  record.fixed = options.locked_empty;
  record.created_at = now;
  record.updated_at = now;
  record.expires_at = now + ttl;
  MergeResult merged = MergeInputs(form, inputs, authority, UtcDate(now), &record);

  for (int attempt = 0; attempt < kMaxHashAttempts; ++attempt) {
    record.hash = NewSessionHash();
    Status inserted = store_->Insert(record);
    if (inserted.ok()) {
      if (on_created_) on_created_(record);
      return SessionView{std::move(record), merged.complete, std::move(merged.errors)};
    }
    if (!inserted.Is(Status::Code::kAlreadyExists)) return inserted;
  }
  return Status::Internal("could not allocate a unique session hash");
}

namespace {

Result<const Form*> OneForm(const FormScope& scope) {
  if (scope.form() == nullptr) return Status::Internal("a session of the form API needs one form");
  return scope.form();
}

}  // namespace

Result<SessionView> SessionService::Update(const FormScope& through, const std::string& hash,
                                           const std::vector<FieldInput>& inputs, Authority authority) {
  if (inputs.empty()) return Read(through, hash);
  Result<const Form*> one = OneForm(through);
  if (!one.ok()) return one.status();
  const Form& form = **one;
  // The merge of the attempt that decided knows this request's errors.
  MergeResult merged;
  Result<SessionWritten> written = UpdateSession(
      *store_, hash, SessionUpdate(through), now_, [&](SessionRecord* next, const Form*, TimePoint now) -> Result<bool> {
        Result<bool> allowed = ApplyTransition(SessionAction::kEdit, next);
        if (!allowed.ok()) return allowed.status();
        merged = MergeInputs(form, inputs, authority, UtcDate(now), next);
        return merged.changed;
      });
  if (!written.ok()) return written.status();
  return SessionView{std::move(written->record), merged.complete, std::move(merged.errors)};
}

Result<SessionView> SessionService::Read(const FormScope& through, const std::string& hash) {
  Result<const Form*> one = OneForm(through);
  if (!one.ok()) return one.status();
  Result<SessionRecord> found = FindSession(*store_, through, hash);
  if (!found.ok()) return found.status();
  const TimePoint now = now_();
  SessionView view = ViewOf(**one, std::move(*found), now);
  if (RuleFor(SessionAction::kEdit, view.record.state).verdict != Verdict::kGo) {
    return RefusalFor(view.record.state);
  }
  return view;
}

Result<SessionView> SessionService::Inspect(const FormScope& through, const std::string& hash) {
  Result<const Form*> one = OneForm(through);
  if (!one.ok()) return one.status();
  Result<SessionRecord> found = FindSession(*store_, through, hash);
  if (!found.ok()) return found.status();
  return ViewOf(**one, std::move(*found), now_());
}

Result<int64_t> SessionService::PurgeExpired(std::chrono::seconds retention) {
  // A session's expiry instant is its expires_at (session.h); it is purged once
  // that instant lies more than `retention` in the past.
  return store_->PurgeExpiredBefore(now_() - retention);
}

}  // namespace prefill
