// Session writes: the one read-decide-compare-and-set loop every writer of a
// session uses (SessionService, SessionLifecycle, PaymentService,
// PaymentReconciler), its one backoff policy, and the one lookup of a session
// through a form. No HTTP, no SQL.
//
// UpdateSession: read the record (FindSession), hand it to `decide`, and if
// `decide` asks for a write, store it with SessionStore::Update (compare-and-set
// on `version`). A lost compare-and-set - Status::kConflict, which storage also
// answers for a Galera certification failure or an InnoDB deadlock - starts
// over from a fresh read after a randomised pause, so `decide` always judges
// the record as it is now, and a concurrent write is never overwritten. Any
// other Status ends the loop at once. After kMaxWriteAttempts lost races the
// answer is Unavailable ("session too busy, try again"; form API 900).
//
// Backoff: a uniformly random pause of 0 .. min(1000, 20 * (attempt + 1)) us.
// Random, so that writers that lost together do not retry in lockstep; short,
// because a compare-and-set round trip is short.
//
// Thread-safe: no state of its own (the jitter source is per thread).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "common/status.h"
#include "forms/form.h"
#include "forms/form_registry.h"
#include "session/session.h"
#include "session/session_store.h"

namespace prefill {

inline constexpr int kMaxWriteAttempts = 100;

// The pause after the `attempt`-th (0-based) lost race.
void BackOffAfterConflict(int attempt);

inline const Status& StatusOf(const Status& status) { return status; }
template <typename T>
const Status& StatusOf(const Result<T>& result) {
  return result.status();
}

// Runs `attempt()` (returning Status or Result<T>) until it returns anything
// but Conflict, at most `max_attempts` times, backing off in between; then
// Unavailable.
template <typename Attempt>
auto RetryOnConflict(Attempt&& attempt, int max_attempts = kMaxWriteAttempts) -> decltype(attempt()) {
  for (int i = 0; i < max_attempts; ++i) {
    auto outcome = attempt();
    if (!StatusOf(outcome).Is(Status::Code::kConflict)) return outcome;
    BackOffAfterConflict(i);
  }
  return Status::Unavailable("session too busy, try again");
}

// Which form a session is read through: one of a form's public hashes (the
// form API and the hosted page name the form by its live `hash` or its
// `sandbox_hash`, a FormLookup: a session of another form, or one made through
// the form's other hash, is NotFound - sandbox and live sessions never answer
// through each other's hash), one given form in either mode (in-process
// callers that hold the Form itself), every form of a registry (the REST API
// names sessions by hash alone: the session's own form), or none (payments
// settling by hash).
class FormScope {
 public:
  FormScope() = default;
  FormScope(const Form& form) : form_(&form) {}              // NOLINT: implicit by design
  FormScope(const Form& form, bool sandbox) : form_(&form), sandbox_(sandbox) {}
  FormScope(const FormLookup& lookup) : form_(lookup.form), sandbox_(lookup.sandbox) {}  // NOLINT
  FormScope(const FormRegistry& forms) : forms_(&forms) {}  // NOLINT

  // The form of `record` in this scope: NotFound ("session not found") for a
  // session of another form or of the other mode than the hash named,
  // Internal when a registry no longer has its form, null for the empty scope.
  Result<const Form*> Resolve(const SessionRecord& record) const;
  bool empty() const { return form_ == nullptr && forms_ == nullptr; }
  // The one form of a form scope; null for a registry or the empty scope.
  const Form* form() const { return form_; }

 private:
  const Form* form_ = nullptr;
  std::optional<bool> sandbox_;  // the mode the form's hash names; nullopt: either
  const FormRegistry* forms_ = nullptr;
};

// The session `hash`, read through `scope`: NotFound ("session not found") when
// there is none or when it belongs to another form - indistinguishable on
// purpose, so hashes cannot be probed across forms. Storage errors pass through.
Result<SessionRecord> FindSession(SessionStore& store, const FormScope& scope, const std::string& hash);

struct SessionUpdate {
  SessionUpdate() = default;
  explicit SessionUpdate(FormScope through) : scope(through) {}

  FormScope scope;  // FindSession's form check; empty: none
  // The state `decide` sees: the effective state (default) or, for payment
  // settlements that finish what a lock started, the stored one.
  bool effective_state = true;
  // A recent read to start from instead of reading (saves a round trip; a
  // stale one only costs a lost race).
  std::optional<SessionRecord> snapshot;
  // How the decided record is stored: null, SessionStore::Update. A writer
  // whose session change must be durable together with other rows (a payment's
  // lock and its attempt, payments/payment_ledger.h) stores it here, with the
  // same contract: compare-and-set on record->version, bumped on success,
  // Conflict (retried like a lost race) when it moved.
  std::function<Status(SessionRecord* record)> write;
};

struct SessionWritten {
  SessionRecord record;  // as decided (and stored, when `written`), version bumped
  const Form* form = nullptr;  // the session's form in the scope (null: empty scope)
  bool written = false;
  TimePoint now{};       // the instant the deciding attempt ran at
};

// Edits `next` (a copy of the stored record, state per SessionUpdate) of
// `form` (its form in the scope; null for the empty scope) for the instant
// `now`; true: store it (updated_at = now), false: nothing to write. A non-OK
// Status ends the update with it (a Conflict from here is retried too).
using SessionDecision = std::function<Result<bool>(SessionRecord* next, const Form* form, TimePoint now)>;

Result<SessionWritten> UpdateSession(SessionStore& store, const std::string& hash, SessionUpdate options,
                                     const NowFunction& now, const SessionDecision& decide);

}  // namespace prefill
