#include "session/session_update.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

namespace prefill {

void BackOffAfterConflict(int attempt) {
  thread_local std::minstd_rand jitter{std::random_device{}()};
  const int ceiling_us = std::min(1000, 20 * (attempt + 1));
  std::uniform_int_distribution<int> pause_us(0, ceiling_us);
  std::this_thread::sleep_for(std::chrono::microseconds(pause_us(jitter)));
}

Result<const Form*> FormScope::Resolve(const SessionRecord& record) const {
  if (form_ != nullptr) {
    if (record.form_id != form_->id) return Status::NotFound("session not found");
    // The same answer as for another form: a live hash cannot probe, read or
    // write sandbox sessions, nor the reverse (the page's banner, the
    // processor and the money follow the session's own mode).
    if (sandbox_ && record.sandbox != *sandbox_) return Status::NotFound("session not found");
    return form_;
  }
  if (forms_ != nullptr) {
    const Form* form = forms_->FindById(record.form_id);
    if (form == nullptr) return Status::Internal("the form of this session is no longer configured: " + record.form_id);
    return form;
  }
  return static_cast<const Form*>(nullptr);
}

namespace {

// The store's answer with one NotFound text, whatever the store says.
Result<SessionRecord> FindByHash(SessionStore& store, const std::string& hash) {
  Result<SessionRecord> found = store.Find(hash);
  if (found.status().Is(Status::Code::kNotFound)) return Status::NotFound("session not found");
  return found;
}

}  // namespace

Result<SessionRecord> FindSession(SessionStore& store, const FormScope& scope, const std::string& hash) {
  Result<SessionRecord> found = FindByHash(store, hash);
  if (!found.ok()) return found;
  Result<const Form*> form = scope.Resolve(*found);
  if (!form.ok()) return form.status();
  return found;
}

Result<SessionWritten> UpdateSession(SessionStore& store, const std::string& hash, SessionUpdate options,
                                     const NowFunction& now, const SessionDecision& decide) {
  return RetryOnConflict([&]() -> Result<SessionWritten> {
    SessionWritten out;
    if (options.snapshot) {
      out.record = std::move(*options.snapshot);
      options.snapshot.reset();
    } else {
      Result<SessionRecord> found = FindByHash(store, hash);
      if (!found.ok()) return found.status();
      out.record = std::move(*found);
    }
    Result<const Form*> form = options.scope.Resolve(out.record);
    if (!form.ok()) return form.status();
    out.form = *form;
    out.now = now();
    if (options.effective_state) out.record.state = EffectiveState(out.record, out.now);
    Result<bool> decided = decide(&out.record, out.form, out.now);
    if (!decided.ok()) return decided.status();
    if (!*decided) return out;
    out.record.updated_at = out.now;
    Status stored = options.write ? options.write(&out.record) : store.Update(&out.record);
    if (!stored.ok()) return stored;
    out.written = true;
    return out;
  });
}

}  // namespace prefill
