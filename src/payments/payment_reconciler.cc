#include "payments/payment_reconciler.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "session/session_transitions.h"
#include "session/session_update.h"

namespace prefill {
namespace {

void Fail(const Status& status, ReconcileReport* report) {
  if (report->failures++ == 0) report->first_failure = status;
}

}  // namespace

PaymentReconciler::PaymentReconciler(SessionStore* sessions, TransactionStore* transactions, PaymentProcessor* sandbox,
                                     PaymentProcessor* live, NowFunction now, ReconcileOptions options,
                                     PaymentLedger* ledger)
    : backends_(sessions, transactions, sandbox, live, ledger),
      now_(std::move(now)),
      options_(options) {}

ReconcileReport PaymentReconciler::Run(std::chrono::seconds older_than) {
  ReconcileReport report;
  const TimePoint cutoff = now_() - older_than;
  const size_t batch = std::max<size_t>(1, options_.batch);

  // 1. Attempts whose processor answer was never recorded.
  std::optional<Transaction> after;
  for (;;) {
    Result<std::vector<Transaction>> page =
        backends_.transactions().ListStale(TransactionStatus::kPending, cutoff, after ? &*after : nullptr, batch);
    if (!page.ok()) {
      Fail(page.status(), &report);
      break;
    }
    for (const Transaction& pending : *page) ResolvePending(pending, &report);
    if (page->size() < batch) break;
    after = page->back();
  }

  // 2. Sessions left processing beside a final attempt.
  std::string after_hash;
  for (;;) {
    Result<std::vector<SessionRecord>> page = backends_.sessions().ListProcessing(cutoff, after_hash, batch);
    if (!page.ok()) {
      Fail(page.status(), &report);
      break;
    }
    for (const SessionRecord& session : *page) CountRepair(RepairSession(session.hash, session), &report);
    if (page->size() < batch) break;
    after_hash = page->back().hash;
  }
  return report;
}

void PaymentReconciler::ResolvePending(const Transaction& pending, ReconcileReport* report) {
  PaymentProcessor* processor = backends_.ProcessorFor(pending.is_test);
  if (processor == nullptr) {
    ++report->pending_left;
    return;
  }
  std::optional<SessionRecord> session;
  Result<SessionRecord> found = backends_.sessions().Find(pending.session_hash);
  if (found.ok()) {
    session = std::move(found.value());
  } else if (!found.status().Is(Status::Code::kNotFound)) {
    Fail(found.status(), report);
    return;
  }

  PaymentRequest attempt = PaymentRequestFor(pending);
  if (session) attempt.values = session->values;
  Result<PaymentOutcome> outcome = processor->Lookup(attempt);
  if (outcome.ok() && outcome->kind == PaymentOutcome::Kind::kUnknown) outcome = Status::Unavailable(outcome->error);
  if (!outcome.ok()) {
    if (outcome.status().Is(Status::Code::kUnavailable)) {
      ++report->pending_left;
    } else {
      Fail(outcome.status(), report);
    }
    return;
  }

  Transaction decided = pending;
  decided.updated_at = now_();
  CopyOutcomeDetails(*outcome, &decided);
  switch (outcome->kind) {
    case PaymentOutcome::Kind::kConfirmed:
      decided.status = ConfirmedStatus(*outcome);
      break;
    case PaymentOutcome::Kind::kError:
    case PaymentOutcome::Kind::kUnknown:  // made Unavailable above
      decided.status = TransactionStatus::kFailed;
      decided.failure_reason = outcome->error.empty() ? "payment failed" : outcome->error;
      break;
    case PaymentOutcome::Kind::kAwaiting:
      decided.status = TransactionStatus::kCancelled;
      decided.failure_reason = kApprovalLostReason;
      break;
  }

  // The outcome and the session's settlement in one commit, as a payment's own.
  bool settled = false;
  Status written = backends_.RecordOutcome(decided, TransactionStatus::kPending, now_,
                                 std::move(session), &settled);
  if (written.ok()) {
    ++report->pending_resolved;
    if (settled) {
      if (SettlementFor(decided.status) == SessionAction::kSettlePaid) ++report->sessions_completed;
      if (SettlementFor(decided.status) == SessionAction::kSettleUnpaid) ++report->sessions_reopened;
    }
    if (outcome->kind == PaymentOutcome::Kind::kAwaiting) {
      // Recorded as cancelled first, so no approval can be captured any more;
      // voiding it at the provider is then only tidying up.
      Transaction voided = decided;
      voided.status = TransactionStatus::kAwaiting;
      voided.failure_reason.clear();
      processor->Resolve(voided, /*approved=*/false);
    }
    return;
  }
  if (!written.Is(Status::Code::kConflict)) {
    Fail(written, report);
    return;
  }
  // On Conflict the original payment recorded its answer late, with its
  // session's state; a session still processing follows what is recorded now.
  CountRepair(RepairSession(pending.session_hash, std::nullopt), report);
}

Result<PaymentReconciler::Repair> PaymentReconciler::RepairSession(const std::string& hash,
                                                                   std::optional<SessionRecord> snapshot) {
  Repair repair = Repair::kLeft;
  SessionUpdate update;
  update.effective_state = false;  // settles what a payment lock started, even past expiry
  update.snapshot = std::move(snapshot);
  Result<SessionWritten> written = UpdateSession(
      backends_.sessions(), hash, std::move(update), now_, [&](SessionRecord* record, const Form*, TimePoint) -> Result<bool> {
        repair = Repair::kLeft;
        if (record->state != SessionState::kProcessing) return false;
        Result<Transaction> latest = backends_.transactions().LatestForSession(hash);
        if (latest.status().Is(Status::Code::kNotFound)) return false;  // never touch a /process lock
        if (!latest.ok()) return latest.status();
        if (record->updated_at > latest->created_at) return false;  // locked again after the attempt
        const std::optional<SessionAction> settle = SettlementFor(latest->status);
        if (!settle) return false;  // pending or awaiting: not decided yet
        repair = *settle == SessionAction::kSettlePaid ? Repair::kCompleted : Repair::kReopened;
        return ApplyTransition(*settle, record);
      });
  if (written.status().Is(Status::Code::kNotFound)) return Repair::kLeft;
  if (!written.ok()) return written.status();  // retried next run
  return written->written ? repair : Repair::kLeft;
}

void PaymentReconciler::CountRepair(const Result<Repair>& repair, ReconcileReport* report) {
  if (!repair.ok()) {
    Fail(repair.status(), report);
    return;
  }
  if (repair.value() == Repair::kCompleted) ++report->sessions_completed;
  if (repair.value() == Repair::kReopened) ++report->sessions_reopened;
}

}  // namespace prefill
