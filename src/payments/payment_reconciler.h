// PaymentReconciler: repairs what a crash or a storage failure between the two
// commits of PaymentService::Pay / ResolveAwaiting (payment_ledger.h) left
// behind - a session processing beside a pending attempt whose processor
// answer was never recorded - so that no donation is lost, no session stays
// stuck in processing and nobody is charged twice (docs/payments.md,
// "Reconciliation"). Part of the core: no HTTP, no SQL.
//
// One Run looks at what is older than `older_than` (longer than any processor
// call may take, so nothing still in flight is touched):
//   1. pending transactions (the processor was called, its answer never
//      recorded): the processor is asked with Lookup, never Charge. The answer
//      is recorded with the session's settlement in one commit (RecordOutcome,
//      as the payment's own commit 2), by compare-and-set on status pending (a
//      late writer of the original payment and a concurrent run cannot both
//      win):
//        confirmed -> confirmed; error -> failed;
//        awaiting  -> cancelled: the donor never received the approval link
//                     (the payment answered an error), so the approval is
//                     voided (processor Resolve, not approved) and the donor
//                     may pay again;
//        Unavailable (the processor cannot tell now) -> left pending for the
//                     next run, as is a live transaction without a live processor.
//      On a lost compare-and-set the session is repaired as in 2.
//   2. sessions in state processing beside a final latest attempt (since
//      payments commit the outcome with the session's state, only rows written
//      before that, or by hand): repaired from their latest transaction,
//      by one UpdateSession (session_update.h; re-read and re-decided on
//      conflict), settling as session_transitions.h kSettlePaid / kSettleUnpaid:
//        confirmed           -> completed
//        failed | cancelled  -> open (the donor may correct and pay again)
//        pending             -> left (step 1 decides it once it is stale)
//        awaiting            -> left to the donor's approval page; a session
//                               nobody approves expires as any other
//        none                -> left: a REST API /process lock (a payment's
//                               lock is committed with its attempt, so it
//                               never lacks one)
//      A session is repaired only while its lock is the latest attempt's: its
//      updated_at is not after the attempt's created_at (PaymentService dates
//      the attempt at the instant of the lock). A session written after the
//      attempt (locked again by /process after a declined payment, say) is
//      never touched.
//
// Lists are walked in keyset pages of ReconcileOptions::batch. Every write is a
// compare-and-set, so runs may overlap (two App instances) without harm; the
// worst is a second Lookup. Thread-safe: holds no mutable state.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "payments/payment_backends.h"
#include "payments/payment_ledger.h"
#include "payments/payment_processor.h"
#include "payments/transaction_store.h"
#include "session/session_service.h"
#include "session/session_store.h"
#include "session/session_update.h"

namespace prefill {

// What one Run did. Nothing it could not do is lost: it is still there for
// the next run.
struct ReconcileReport {
  int pending_resolved = 0;    // stale pending transactions given their outcome
  int pending_left = 0;        // ... the processor could not tell (or none configured)
  int sessions_completed = 0;  // processing -> completed
  int sessions_reopened = 0;   // processing -> open
  int failures = 0;            // storage errors; the item is retried next run
  Status first_failure;        // the first of them, for the log

  bool changed_anything() const { return pending_resolved + sessions_completed + sessions_reopened > 0; }
};

struct ReconcileOptions {
  size_t batch = 100;  // rows per listing query
};

// failure_reason of an attempt whose approval link was lost (awaiting -> cancelled).
inline constexpr char kApprovalLostReason[] = "payment interrupted, please pay again";

class PaymentReconciler {
 public:
  static constexpr int kMaxAttempts = kMaxWriteAttempts;  // compare-and-set retries per session

  // The stores, the ledger and the processors must outlive the reconciler;
  // `live` may be null (live transactions are then left pending). `ledger`
  // as PaymentService's (null: a MemoryPaymentLedger, for unit tests).
  PaymentReconciler(SessionStore* sessions, TransactionStore* transactions, PaymentProcessor* sandbox,
                    PaymentProcessor* live, NowFunction now = SystemNow, ReconcileOptions options = ReconcileOptions(),
                    PaymentLedger* ledger = nullptr);

  ReconcileReport Run(std::chrono::seconds older_than);

 private:
  enum class Repair { kCompleted, kReopened, kLeft };

  // Step 1 for one pending transaction.
  void ResolvePending(const Transaction& pending, ReconcileReport* report);
  // Step 2 for session `hash`; `snapshot`, when given, is a recent read of it
  // (saves a round trip; a stale one only costs a compare-and-set conflict).
  Result<Repair> RepairSession(const std::string& hash, std::optional<SessionRecord> snapshot);
  void CountRepair(const Result<Repair>& repair, ReconcileReport* report);

  const PaymentBackends backends_;
  const NowFunction now_;
  const ReconcileOptions options_;
};

}  // namespace prefill
