// PaymentLedger: the unit of work of a payment (SPEC sections 4, 5 and 8).
// Part of the core: no HTTP, no SQL; storage/mysql_payment_ledger.h implements
// it on MariaDB (one database transaction per Commit), MemoryPaymentLedger
// (payments/memory_payment_ledger.h) over the in-memory stores for unit tests.
//
// A payment is two durable commits, each one Commit:
//   1. the lock: the session open -> processing (compare-and-set on its
//      version) together with the insert of the pending attempt. A crash can
//      no longer leave a session locked without an attempt.
//   2. the outcome: the attempt's new status (compare-and-set on the status it
//      had) together with the session's final state (compare-and-set on its
//      version) when the outcome settles it.
// Either all of a Commit is durable or none of it. What a Commit answered OK is
// durable; any other answer says nothing was written, except Unavailable,
// which may also mean "the commit's acknowledgement was lost": the caller must
// then treat the write as unknown (never answer it as done; reconciliation
// and a re-read tell).
//
// A Commit's `events` are stored in the same transaction (the outbox).
//
// Errors: Conflict (the one retryable code, session_update.h) when the
// session's version moved, the attempt's status was not `expected`, or the
// database reports a deadlock or certification failure (1213 / 40001);
// NotFound when the session or the attempt does not exist; AlreadyExists for a
// taken transaction id; Unavailable when storage cannot be reached.
// Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "common/status.h"
#include "payments/domain_event.h"
#include "payments/transaction.h"
#include "payments/transaction_store.h"
#include "session/session.h"
#include "session/session_store.h"
#include "session/session_transitions.h"

namespace prefill {

struct PaymentWrite {
  // Compare-and-set on session->version, written as it is (updated_at set by
  // the caller); the version is bumped on success. Null: no session write.
  SessionRecord* session = nullptr;
  // A new attempt.
  std::optional<Transaction> insert;
  // An attempt's new content, written only while its stored status is
  // `expected` (TransactionStore::UpdateIf's contract).
  std::optional<Transaction> update;
  TransactionStatus expected = TransactionStatus::kPending;
  // What the write reports (domain_event.h), stored in the same commit.
  std::vector<DomainEvent> events;
};

class PaymentLedger {
 public:
  virtual ~PaymentLedger() = default;
  virtual Status Commit(PaymentWrite& write) = 0;
};

// How an attempt in `status` settles its session (session_transitions.h):
// confirmed, pending_transfer and returned complete it (kSettlePaid), failed
// and cancelled give it back to the donor (kSettleUnpaid), pending and
// awaiting leave it processing (nullopt). The one rule for every writer of an
// outcome (PaymentService, PaymentReconciler).
std::optional<SessionAction> SettlementFor(TransactionStatus status);

// Commit 2 of a payment, for every writer of an outcome: writes `decided`
// (compare-and-set on `expected`) and, in the same Commit, settles its session
// by the stored state as SettlementFor says, while the session's lock is this
// attempt's (its updated_at is not after the attempt's created_at: commit 1
// dates both alike). A session no longer processing, or written after the
// attempt, was decided by someone else and is left as it is; a purged one is
// not needed. A lost race on the session is retried (RetryOnConflict) from a
// fresh read; `snapshot`, when given, is a recent read of the session to start
// from. Conflict: the attempt's status was no longer `expected` (decided
// elsewhere; nothing written). Other errors as Commit. `settled`, when given,
// tells whether the session was settled by this commit. The commit carries
// the outcome's events (EventsOfOutcome) and, when it completes the session,
// donation_session.completed.
Status RecordOutcome(PaymentLedger& ledger, SessionStore& sessions, TransactionStore& transactions,
                     const Transaction& decided, TransactionStatus expected, const NowFunction& now,
                     std::optional<SessionRecord> snapshot = std::nullopt, bool* settled = nullptr);

// A session writer (SessionUpdate::write / SessionLifecycle::TransitionWriter)
// that stores the record through `ledger` together with the events of its
// state change from `found` (EventsOfTransition): the REST API's confirm and
// expire. `ledger` must outlive it.
std::function<Status(SessionRecord* record, SessionState found)> SessionTransitionWriter(PaymentLedger& ledger);

}  // namespace prefill
