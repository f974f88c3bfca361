#include "session/session_service.h"

#include <algorithm>
#include <random>
#include <thread>

#include "session/session_hash.h"

namespace prefill {
namespace {

// A hash collision among 244 random bits means a broken entropy source; a few
// attempts only guard against a store that reports AlreadyExists spuriously.
constexpr int kMaxHashAttempts = 3;

// Lets the other writers of a contended session go first. Randomised so that
// threads that lost together do not retry in lockstep; short, because a CAS
// round trip is short.
void BackOff(int attempt) {
  thread_local std::minstd_rand jitter{std::random_device{}()};
  const int ceiling_us = std::min(1000, 20 * (attempt + 1));
  std::uniform_int_distribution<int> pause_us(0, ceiling_us);
  std::this_thread::sleep_for(std::chrono::microseconds(pause_us(jitter)));
}

// The Status with which the form API refuses a session that is not open.
Status RefusalForState(SessionState state) {
  switch (state) {
    case SessionState::kOpen: return Status::OK();
    case SessionState::kProcessing: return Status::Locked("session locked");
    case SessionState::kCompleted: return Status::Processed("session processed");
    case SessionState::kExpired: return Status::Expired("session expired");
  }
  return Status::Internal("unknown session state");
}

SessionView Evaluated(const Form& form, SessionRecord record, TimePoint now) {
  SessionView view;
  view.record = std::move(record);
  view.record.state = EffectiveState(view.record, now);
  view.complete = EvaluateSession(form, view.record, UtcDate(now), {}, &view.errors);
  return view;
}

}  // namespace

TimePoint SystemNow() { return std::chrono::time_point_cast<std::chrono::microseconds>(Clock::now()); }

validators::CivilDate UtcDate(TimePoint t) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
  return validators::CivilDate{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                               static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

SessionState EffectiveState(const SessionRecord& record, TimePoint now) {
  const bool running = record.state == SessionState::kOpen || record.state == SessionState::kProcessing;
  if (running && record.expires_at <= now) return SessionState::kExpired;
  return record.state;
}

SessionService::SessionService(SessionStore* store, NowFunction now) : store_(store), now_(std::move(now)) {}

Result<SessionView> SessionService::Create(const Form& form, bool sandbox, const std::vector<FieldInput>& inputs,
                                           Authority authority, const CreateOptions& options) {
  if (inputs.empty()) return Status::InvalidArgument("new session requires values");
  const std::chrono::minutes ttl = options.ttl.value_or(std::chrono::minutes(form.session_ttl_minutes));
  if (ttl <= std::chrono::minutes(0)) return Status::InvalidArgument("session lifetime must be positive");

  const TimePoint now = now_();
  SessionRecord record;
  record.form_id = form.id;
  record.sandbox = sandbox;
  record.state = SessionState::kOpen;
  record.metadata = options.metadata;
  record.created_at = now;
  record.updated_at = now;
  record.expires_at = now + ttl;
  MergeResult merged = MergeInputs(form, inputs, authority, UtcDate(now), &record);

  for (int attempt = 0; attempt < kMaxHashAttempts; ++attempt) {
    record.hash = NewSessionHash();
    Status inserted = store_->Insert(record);
    if (inserted.ok()) return SessionView{std::move(record), merged.complete, std::move(merged.errors)};
    if (!inserted.Is(Status::Code::kAlreadyExists)) return inserted;
  }
  return Status::Internal("could not allocate a unique session hash");
}

Result<SessionView> SessionService::Update(const Form& form, const std::string& hash,
                                           const std::vector<FieldInput>& inputs, Authority authority) {
  if (inputs.empty()) return Read(form, hash);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    Result<SessionRecord> found = Load(form, hash);
    if (!found.ok()) return found.status();
    const TimePoint now = now_();
    Status refusal = RefusalForState(EffectiveState(*found, now));
    if (!refusal.ok()) return refusal;

    SessionRecord next = *found;
    MergeResult merged = MergeInputs(form, inputs, authority, UtcDate(now), &next);
    if (!merged.changed) return SessionView{std::move(next), merged.complete, std::move(merged.errors)};

    next.updated_at = now;
    Status written = store_->Update(&next);
    if (written.ok()) return SessionView{std::move(next), merged.complete, std::move(merged.errors)};
    if (!written.Is(Status::Code::kConflict)) return written;
    BackOff(attempt);
  }
  return Status::Unavailable("session too busy, try again");
}

Result<SessionView> SessionService::Read(const Form& form, const std::string& hash) {
  Result<SessionRecord> found = Load(form, hash);
  if (!found.ok()) return found.status();
  const TimePoint now = now_();
  Status refusal = RefusalForState(EffectiveState(*found, now));
  if (!refusal.ok()) return refusal;
  return Evaluated(form, std::move(*found), now);
}

Result<SessionView> SessionService::Inspect(const Form& form, const std::string& hash) {
  Result<SessionRecord> found = Load(form, hash);
  if (!found.ok()) return found.status();
  return Evaluated(form, std::move(*found), now_());
}

Result<int64_t> SessionService::PurgeExpired(std::chrono::seconds retention) {
  return store_->PurgeExpiredBefore(now_() - retention);
}

Result<SessionRecord> SessionService::Load(const Form& form, const std::string& hash) {
  Result<SessionRecord> found = store_->Find(hash);
  if (!found.ok()) {
    if (found.status().Is(Status::Code::kNotFound)) return Status::NotFound("session not found");
    return found.status();
  }
  // A session is never visible through another form's hash: indistinguishable
  // from a missing one, so hashes cannot be probed across forms.
  if (found->form_id != form.id) return Status::NotFound("session not found");
  return found;
}

}  // namespace prefill
