// PaymentReconciler on memory stores with the sandbox processor: every rule of
// payment_reconciler.h, from crash states made by the real payment flow (a
// store that fails at the right step) or written directly; the REST API's
// /process lock is never touched; a lost answer is looked up, never charged
// again; Unavailable waits for the next run; a run repeated changes nothing.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "payment_test_support.h"
#include "payments/memory_transaction_store.h"
#include "payments/payment_reconciler.h"
#include "payments/payment_service.h"
#include "sandbox/sandbox_processor.h"
#include "session/memory_session_store.h"
#include "session/session_lifecycle.h"
#include "session/session_service.h"

namespace prefill {
namespace {

using namespace std::chrono_literals;
using testing_payments::DemoForm;
using testing_payments::Donor;
using testing_payments::In;
using testing_payments::MovableClock;
using testing_payments::ObservedProcessor;
using Kind = PaymentResult::Kind;

// A MemoryTransactionStore whose outcome writes (UpdateIf) fail while
// `fail_updates` is set: Pay then leaves the crash state "processor called,
// answer not recorded" (session processing, transaction pending).
class FlakyTransactionStore : public TransactionStore {
 public:
  bool fail_updates = false;
  // Runs inside UpdateIf before the write, to race the writer.
  std::function<void(const Transaction&)> before_update;

  Status Insert(const Transaction& t) override { return inner.Insert(t); }
  Result<Transaction> Find(const std::string& id) override { return inner.Find(id); }
  Status UpdateIf(const Transaction& t, TransactionStatus expected) override {
    if (fail_updates) return Status::Unavailable("database down");
    if (before_update) before_update(t);
    return inner.UpdateIf(t, expected);
  }
  Result<std::vector<Transaction>> ListForSession(const std::string& hash) override {
    return inner.ListForSession(hash);
  }
  Result<Transaction> LatestForSession(const std::string& hash) override { return inner.LatestForSession(hash); }
  Result<std::vector<Transaction>> ListStale(TransactionStatus status, TimePoint before, const Transaction* after,
                                             size_t limit) override {
    return inner.ListStale(status, before, after, limit);
  }
  MemoryTransactionStore inner;
};

class PaymentReconcilerTest : public ::testing::Test {
 protected:
  PaymentReconcilerTest()
      : form_(DemoForm()),
        processor_(&sandbox_),
        sessions_(&session_store_, clock_.Function()),
        lifecycle_(&session_store_, clock_.Function()),
        payments_(&session_store_, &transactions_, &processor_, nullptr, clock_.Function()),
        reconciler_(&session_store_, &transactions_, &processor_, nullptr, clock_.Function()) {}

  std::string NewSession(const std::vector<FieldInput>& inputs, bool sandbox = true) {
    Result<SessionView> view = sessions_.Create(form_, sandbox, inputs, Authority::kForm);
    EXPECT_TRUE(view.ok()) << view.status().ToString();
    EXPECT_TRUE(view->complete);
    return view->record.hash;
  }

  // Pays `hash` while outcome writes fail: the processor is charged once, its
  // answer is lost. Returns the pending transaction.
  Transaction PayAndLoseTheAnswer(const std::string& hash) {
    transactions_.fail_updates = true;
    Result<PaymentResult> lost = payments_.Pay(form_, hash, PaymentOptions{"203.0.113.7", "", ""});
    transactions_.fail_updates = false;
    EXPECT_TRUE(lost.status().Is(Status::Code::kUnavailable)) << lost.status().ToString();
    EXPECT_EQ(StoredState(hash), SessionState::kProcessing);
    Result<Transaction> pending = transactions_.LatestForSession(hash);
    EXPECT_TRUE(pending.ok());
    EXPECT_EQ(pending->status, TransactionStatus::kPending);
    return pending.ok() ? pending.value() : Transaction{};
  }

  // Writes directly the state a crash after the outcome leaves: the session
  // locked (processing) by an attempt already in `status`.
  Transaction LockWithAttempt(const std::string& hash, TransactionStatus status) {
    Result<SessionRecord> found = session_store_.Find(hash);
    EXPECT_TRUE(found.ok());
    SessionRecord locked = found.value();
    locked.state = SessionState::kProcessing;
    locked.updated_at = clock_.Now();
    EXPECT_TRUE(session_store_.Update(&locked).ok());
    Transaction t;
    t.id = NewTransactionId();
    t.session_hash = hash;
    t.form_id = form_.id;
    t.amount = "12.50";
    t.currency = "EUR";
    t.payment_method = locked.values["payment_method"];
    t.status = status;
    t.is_test = locked.sandbox;
    t.provider_reference = "sbx_card_0123456789ab";
    if (status == TransactionStatus::kFailed || status == TransactionStatus::kCancelled) t.failure_reason = "declined";
    t.created_at = locked.updated_at;
    t.updated_at = locked.updated_at;
    EXPECT_TRUE(transactions_.inner.Insert(t).ok());
    return t;
  }

  ReconcileReport RunLater() {
    clock_.offset_minutes += 10;
    return reconciler_.Run(5min);
  }

  SessionRecord Stored(const std::string& hash) {
    Result<SessionRecord> record = session_store_.Find(hash);
    EXPECT_TRUE(record.ok());
    return record.ok() ? record.value() : SessionRecord{};
  }
  SessionState StoredState(const std::string& hash) { return Stored(hash).state; }
  Transaction StoredTransaction(const std::string& id) {
    Result<Transaction> t = transactions_.Find(id);
    EXPECT_TRUE(t.ok());
    return t.ok() ? t.value() : Transaction{};
  }
  Result<PaymentResult> Pay(const std::string& hash) {
    return payments_.Pay(form_, hash, PaymentOptions{"203.0.113.7", "", ""});
  }

  static void ExpectNothingDone(const ReconcileReport& r) {
    EXPECT_EQ(r.pending_resolved, 0);
    EXPECT_EQ(r.sessions_completed, 0);
    EXPECT_EQ(r.sessions_reopened, 0);
    EXPECT_EQ(r.failures, 0) << r.first_failure.ToString();
    EXPECT_FALSE(r.changed_anything());
  }

  Form form_;
  MovableClock clock_;
  MemorySessionStore session_store_;
  FlakyTransactionStore transactions_;
  SandboxProcessor sandbox_;
  ObservedProcessor processor_;
  SessionService sessions_;
  SessionLifecycle lifecycle_;
  PaymentService payments_;
  PaymentReconciler reconciler_;
};

// ---- pending: the processor's answer was lost -----------------------------------

TEST_F(PaymentReconcilerTest, LostConfirmationIsLookedUpNotChargedAgainAndCompletesTheSession) {
  const std::string hash = NewSession(Donor("credit_card"));
  const Transaction pending = PayAndLoseTheAnswer(hash);
  ASSERT_EQ(processor_.charges.load(), 1);

  const ReconcileReport report = RunLater();
  EXPECT_EQ(report.pending_resolved, 1);
  EXPECT_EQ(report.sessions_completed, 1);
  EXPECT_EQ(report.failures, 0) << report.first_failure.ToString();
  EXPECT_EQ(processor_.charges.load(), 1);  // looked up, never charged twice
  EXPECT_EQ(processor_.lookups.load(), 1);
  // The lookup is the original request, by the same idempotency key.
  EXPECT_EQ(processor_.last_lookup.transaction_id, pending.id);
  EXPECT_EQ(processor_.last_lookup.amount, "12.50");
  EXPECT_EQ(processor_.last_lookup.payment_method, "credit_card");
  EXPECT_EQ(processor_.last_lookup.values.at("credit_card_token"), "tok_sandbox_ok");

  const Transaction decided = StoredTransaction(pending.id);
  EXPECT_EQ(decided.status, TransactionStatus::kConfirmed);
  EXPECT_EQ(decided.provider_reference, "sbx_card_" + pending.id.substr(0, 8) + pending.id.substr(9, 4));
  EXPECT_EQ(decided.created_at, pending.created_at);
  EXPECT_GT(decided.updated_at, pending.updated_at);
  EXPECT_EQ(StoredState(hash), SessionState::kCompleted);
  // Paid: a second payment is refused as completed (202), still no charge.
  EXPECT_TRUE(Pay(hash).status().Is(Status::Code::kProcessed));
  EXPECT_EQ(processor_.charges.load(), 1);
}

TEST_F(PaymentReconcilerTest, LostDeclineBecomesFailedAndTheDonorCanCorrectAndPay) {
  const std::string hash = NewSession(Donor("credit_card", SandboxProcessor::kTokenDeclined));
  const Transaction pending = PayAndLoseTheAnswer(hash);

  const ReconcileReport report = RunLater();
  EXPECT_EQ(report.pending_resolved, 1);
  EXPECT_EQ(report.sessions_reopened, 1);
  const Transaction failed = StoredTransaction(pending.id);
  EXPECT_EQ(failed.status, TransactionStatus::kFailed);
  EXPECT_EQ(failed.failure_reason, SandboxProcessor::kCardDeclined);
  EXPECT_EQ(StoredState(hash), SessionState::kOpen);

  ASSERT_TRUE(sessions_.Update(form_, hash, {In("credit_card_token", "tok_sandbox_ok")}, Authority::kForm).ok());
  Result<PaymentResult> retry = Pay(hash);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_EQ(retry->kind, Kind::kConfirmed);
  EXPECT_NE(retry->transaction->id, pending.id);
  EXPECT_EQ(processor_.charges.load(), 2);
}

TEST_F(PaymentReconcilerTest, LostBankTransferKeepsItsInstructions) {
  const std::string hash = NewSession(Donor("bank_transfer"));
  const Transaction pending = PayAndLoseTheAnswer(hash);
  RunLater();
  const Transaction confirmed = StoredTransaction(pending.id);
  EXPECT_EQ(confirmed.status, TransactionStatus::kConfirmed);
  ASSERT_TRUE(confirmed.instructions.has_value());
  EXPECT_EQ(confirmed.instructions->iban, SandboxProcessor::kCharityIban);
  EXPECT_EQ(StoredState(hash), SessionState::kCompleted);
}

TEST_F(PaymentReconcilerTest, LostPaypalApprovalLinkIsCancelledAndVoidedSoTheDonorCanPayAgain) {
  const std::string hash = NewSession(Donor("paypal"));
  const Transaction pending = PayAndLoseTheAnswer(hash);

  const ReconcileReport report = RunLater();
  EXPECT_EQ(report.pending_resolved, 1);
  EXPECT_EQ(report.sessions_reopened, 1);
  const Transaction cancelled = StoredTransaction(pending.id);
  EXPECT_EQ(cancelled.status, TransactionStatus::kCancelled);
  EXPECT_EQ(cancelled.failure_reason, kApprovalLostReason);
  EXPECT_EQ(processor_.resolves.load(), 1);  // voided at the provider
  EXPECT_EQ(StoredState(hash), SessionState::kOpen);
  // The approval page can no longer confirm it.
  Result<Transaction> late = payments_.ResolveAwaiting(pending.id, true);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->status, TransactionStatus::kCancelled);

  Result<PaymentResult> again = Pay(hash);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->kind, Kind::kAwaiting);
}

TEST_F(PaymentReconcilerTest, UnavailableProcessorLeavesEverythingForTheNextRun) {
  const std::string hash = NewSession(Donor("sepa_direct_debit"));
  const Transaction pending = PayAndLoseTheAnswer(hash);
  processor_.lookup_status = Status::Unavailable("provider down");

  ReconcileReport report = RunLater();
  EXPECT_EQ(report.pending_left, 1);
  ExpectNothingDone(report);
  EXPECT_EQ(StoredTransaction(pending.id).status, TransactionStatus::kPending);
  EXPECT_EQ(StoredTransaction(pending.id).updated_at, pending.updated_at);
  EXPECT_EQ(StoredState(hash), SessionState::kProcessing);

  processor_.lookup_status = Status::OK();
  report = RunLater();
  EXPECT_EQ(report.pending_resolved, 1);
  EXPECT_EQ(report.sessions_completed, 1);
  EXPECT_EQ(processor_.charges.load(), 1);
}

TEST_F(PaymentReconcilerTest, AnotherLookupErrorIsAFailureAndLeavesThePendingAttempt) {
  const std::string hash = NewSession(Donor("sepa_direct_debit"));
  const Transaction pending = PayAndLoseTheAnswer(hash);
  processor_.lookup_status = Status::Internal("provider answered garbage");
  const ReconcileReport report = RunLater();
  EXPECT_EQ(report.failures, 1);
  EXPECT_TRUE(report.first_failure.Is(Status::Code::kInternal));
  EXPECT_EQ(StoredTransaction(pending.id).status, TransactionStatus::kPending);
  EXPECT_EQ(StoredState(hash), SessionState::kProcessing);
}

TEST_F(PaymentReconcilerTest, AttemptsYoungerThanTheThresholdAreInFlightAndUntouched) {
  const std::string hash = NewSession(Donor("credit_card"));
  const Transaction pending = PayAndLoseTheAnswer(hash);
  clock_.offset_minutes += 4;
  ExpectNothingDone(reconciler_.Run(5min));
  EXPECT_EQ(processor_.lookups.load(), 0);
  EXPECT_EQ(StoredTransaction(pending.id).status, TransactionStatus::kPending);
  EXPECT_EQ(StoredState(hash), SessionState::kProcessing);
}

TEST_F(PaymentReconcilerTest, LiveAttemptWithoutALiveProcessorStaysPending) {
  const std::string hash = NewSession(Donor("credit_card"));
  Transaction live = LockWithAttempt(hash, TransactionStatus::kPending);
  live.is_test = false;
  ASSERT_TRUE(transactions_.inner.UpdateIf(live, TransactionStatus::kPending).ok());
  const ReconcileReport report = RunLater();
  EXPECT_EQ(report.pending_left, 1);
  ExpectNothingDone(report);
  EXPECT_EQ(processor_.lookups.load(), 0);  // never sent to the sandbox
  EXPECT_EQ(StoredTransaction(live.id).status, TransactionStatus::kPending);
}

TEST_F(PaymentReconcilerTest, PendingAttemptOfAVanishedSessionFailsWithoutAGuess) {
  Transaction orphan;
  orphan.id = NewTransactionId();
  orphan.session_hash = "purged_session";
  orphan.form_id = form_.id;
  orphan.amount = "5.00";
  orphan.currency = "EUR";
  orphan.payment_method = "credit_card";
  orphan.is_test = true;
  orphan.created_at = orphan.updated_at = clock_.Now();
  ASSERT_TRUE(transactions_.inner.Insert(orphan).ok());
  const ReconcileReport report = RunLater();
  EXPECT_EQ(report.pending_resolved, 1);
  EXPECT_EQ(report.failures, 0) << report.first_failure.ToString();
  const Transaction failed = StoredTransaction(orphan.id);
  EXPECT_EQ(failed.status, TransactionStatus::kFailed);
  EXPECT_EQ(failed.failure_reason, SandboxProcessor::kAttemptUnknown);
}

TEST_F(PaymentReconcilerTest, AnswerRecordedLateByTheOriginalPaymentWinsOverTheLookup) {
  const std::string hash = NewSession(Donor("credit_card"));
  const Transaction pending = PayAndLoseTheAnswer(hash);
  // The original payment records a decline just before the reconciler writes.
  transactions_.before_update = [&](const Transaction&) {
    transactions_.before_update = nullptr;
    Transaction late = pending;
    late.status = TransactionStatus::kFailed;
    late.failure_reason = "card declined";
    ASSERT_TRUE(transactions_.inner.UpdateIf(late, TransactionStatus::kPending).ok());
  };
  const ReconcileReport report = RunLater();
  EXPECT_EQ(report.pending_resolved, 0);  // lost the compare-and-set
  EXPECT_EQ(report.sessions_reopened, 1);  // the session follows what is recorded
  EXPECT_EQ(StoredTransaction(pending.id).status, TransactionStatus::kFailed);
  EXPECT_EQ(StoredState(hash), SessionState::kOpen);
}

// ---- processing beside a final attempt: the session write was lost ---------------

TEST_F(PaymentReconcilerTest, ConfirmedAttemptCompletesItsSession) {
  const std::string hash = NewSession(Donor("credit_card"));
  const Transaction confirmed = LockWithAttempt(hash, TransactionStatus::kConfirmed);
  const ReconcileReport report = RunLater();
  EXPECT_EQ(report.sessions_completed, 1);
  EXPECT_EQ(report.pending_resolved, 0);
  EXPECT_EQ(StoredState(hash), SessionState::kCompleted);
  EXPECT_EQ(StoredTransaction(confirmed.id).updated_at, confirmed.updated_at);  // the record is not rewritten
  EXPECT_TRUE(Pay(hash).status().Is(Status::Code::kProcessed));
  EXPECT_EQ(processor_.charges.load(), 0);
  EXPECT_EQ(processor_.lookups.load(), 0);
}

TEST_F(PaymentReconcilerTest, FailedOrCancelledAttemptReopensItsSession) {
  for (TransactionStatus status : {TransactionStatus::kFailed, TransactionStatus::kCancelled}) {
    SCOPED_TRACE(TransactionStatusName(status));
    const std::string hash = NewSession(Donor("credit_card"));
    LockWithAttempt(hash, status);
    const ReconcileReport report = RunLater();
    EXPECT_EQ(report.sessions_reopened, 1);
    EXPECT_EQ(StoredState(hash), SessionState::kOpen);
    Result<PaymentResult> retry = Pay(hash);
    ASSERT_TRUE(retry.ok()) << retry.status().ToString();
    EXPECT_EQ(retry->kind, Kind::kConfirmed);
  }
}

TEST_F(PaymentReconcilerTest, TheLatestAttemptDecidesNotAnEarlierOne) {
  const std::string hash = NewSession(Donor("credit_card"));
  ASSERT_TRUE(payments_.Pay(form_, hash, {}).ok());  // confirmed...
  // ...then (say, a REST confirm undone by hand) locked by a later failed attempt.
  SessionRecord record = Stored(hash);
  record.state = SessionState::kOpen;
  ASSERT_TRUE(session_store_.Update(&record).ok());
  clock_.offset_minutes += 1;
  LockWithAttempt(hash, TransactionStatus::kFailed);
  RunLater();
  EXPECT_EQ(StoredState(hash), SessionState::kOpen);
}

TEST_F(PaymentReconcilerTest, AwaitingPaypalIsLeftToTheDonor) {
  const std::string hash = NewSession(Donor("paypal"));
  Result<PaymentResult> awaiting = Pay(hash);
  ASSERT_TRUE(awaiting.ok());
  ASSERT_EQ(awaiting->kind, Kind::kAwaiting);
  const int64_t version = Stored(hash).version;

  ExpectNothingDone(RunLater());
  EXPECT_EQ(StoredTransaction(awaiting->transaction->id).status, TransactionStatus::kAwaiting);
  EXPECT_EQ(Stored(hash).version, version);
  EXPECT_EQ(processor_.lookups.load(), 0);
  EXPECT_EQ(processor_.resolves.load(), 0);
  // The approval page still decides it.
  ASSERT_TRUE(payments_.ResolveAwaiting(awaiting->transaction->id, true).ok());
  EXPECT_EQ(StoredState(hash), SessionState::kCompleted);
}

// ---- the REST API's /process lock -------------------------------------------------

TEST_F(PaymentReconcilerTest, RestProcessLockWithoutATransactionIsNeverTouched) {
  const std::string hash = NewSession(Donor("credit_card"));
  ASSERT_TRUE(lifecycle_.Process(form_, hash, std::nullopt).ok());
  const SessionRecord locked = Stored(hash);
  ASSERT_EQ(locked.state, SessionState::kProcessing);

  ExpectNothingDone(RunLater());
  ExpectNothingDone(RunLater());
  EXPECT_EQ(Stored(hash).state, SessionState::kProcessing);
  EXPECT_EQ(Stored(hash).version, locked.version);
  EXPECT_EQ(processor_.lookups.load(), 0);
}

TEST_F(PaymentReconcilerTest, RestProcessLockAfterADeclinedPaymentIsNeverTouched) {
  const std::string hash = NewSession(Donor("credit_card", SandboxProcessor::kTokenDeclined));
  Result<PaymentResult> declined = Pay(hash);
  ASSERT_TRUE(declined.ok());
  ASSERT_EQ(declined->kind, Kind::kError);
  clock_.offset_minutes += 1;
  ASSERT_TRUE(lifecycle_.Process(form_, hash, std::nullopt).ok());
  const int64_t version = Stored(hash).version;

  ExpectNothingDone(RunLater());
  EXPECT_EQ(StoredState(hash), SessionState::kProcessing);
  EXPECT_EQ(Stored(hash).version, version);
}

// ---- runs ------------------------------------------------------------------------

TEST_F(PaymentReconcilerTest, ASecondRunChangesNothing) {
  const std::string paid = NewSession(Donor("credit_card"));
  PayAndLoseTheAnswer(paid);
  const std::string declined = NewSession(Donor("sepa_direct_debit", SandboxProcessor::kMandateRefusedIban));
  PayAndLoseTheAnswer(declined);
  const std::string stuck = NewSession(Donor("bank_transfer"));
  LockWithAttempt(stuck, TransactionStatus::kConfirmed);

  const ReconcileReport first = RunLater();
  EXPECT_EQ(first.pending_resolved, 2);
  EXPECT_EQ(first.sessions_completed, 2);
  EXPECT_EQ(first.sessions_reopened, 1);
  const int64_t versions = Stored(paid).version + Stored(declined).version + Stored(stuck).version;

  ExpectNothingDone(RunLater());
  EXPECT_EQ(Stored(paid).version + Stored(declined).version + Stored(stuck).version, versions);
  EXPECT_EQ(processor_.lookups.load(), 2);
  EXPECT_EQ(processor_.charges.load(), 2);
}

TEST_F(PaymentReconcilerTest, WalksEveryPageAndAsksAboutEachAttemptOncePerRun) {
  PaymentReconciler small(&session_store_, &transactions_, &processor_, nullptr, clock_.Function(),
                          ReconcileOptions{2});
  std::vector<std::string> hashes;
  for (int i = 0; i < 5; ++i) {
    hashes.push_back(NewSession(Donor("credit_card")));
    PayAndLoseTheAnswer(hashes.back());
  }
  for (int i = 0; i < 3; ++i) {
    hashes.push_back(NewSession(Donor("credit_card")));
    LockWithAttempt(hashes.back(), TransactionStatus::kFailed);
  }
  // Unresolvable attempts stay in the listing: the keyset still moves on.
  processor_.lookup_status = Status::Unavailable("provider down");
  clock_.offset_minutes += 10;
  ReconcileReport report = small.Run(5min);
  EXPECT_EQ(processor_.lookups.load(), 5);
  EXPECT_EQ(report.pending_left, 5);
  EXPECT_EQ(report.sessions_reopened, 3);

  processor_.lookup_status = Status::OK();
  report = small.Run(5min);
  EXPECT_EQ(report.pending_resolved, 5);
  EXPECT_EQ(report.sessions_completed, 5);
  for (const std::string& hash : hashes) EXPECT_NE(StoredState(hash), SessionState::kProcessing);
}

// ---- the listings the reconciler relies on -------------------------------------------

TEST(MemoryReconcileListingsTest, ListStalePagesByUpdatedAtThenId) {
  MemoryTransactionStore store;
  const TimePoint t0 = SystemNow();
  auto add = [&](const std::string& id, TransactionStatus status, TimePoint updated) {
    Transaction t;
    t.id = id;
    t.session_hash = "s_" + id;
    t.status = status;
    t.created_at = t.updated_at = updated;
    ASSERT_TRUE(store.Insert(t).ok());
  };
  add("c", TransactionStatus::kPending, t0);
  add("a", TransactionStatus::kPending, t0 + 1s);
  add("b", TransactionStatus::kPending, t0);
  add("d", TransactionStatus::kConfirmed, t0);
  add("e", TransactionStatus::kPending, t0 + 5s);  // not before the cutoff

  auto first = store.ListStale(TransactionStatus::kPending, t0 + 5s, nullptr, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].id, "b");
  EXPECT_EQ((*first)[1].id, "c");
  auto second = store.ListStale(TransactionStatus::kPending, t0 + 5s, &first->back(), 2);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].id, "a");
  EXPECT_TRUE(store.ListStale(TransactionStatus::kPending, t0 + 5s, &second->back(), 2)->empty());
  EXPECT_EQ(store.ListStale(TransactionStatus::kConfirmed, t0 + 1s, nullptr, 10)->size(), 1u);
  EXPECT_TRUE(store.ListStale(TransactionStatus::kPending, t0, nullptr, 10)->empty());  // strictly before
}

TEST(MemoryReconcileListingsTest, LatestForSessionIsTheNewestAttempt) {
  MemoryTransactionStore store;
  EXPECT_TRUE(store.LatestForSession("s").status().Is(Status::Code::kNotFound));
  const TimePoint t0 = SystemNow();
  for (auto [id, offset] : {std::pair{"x", 2s}, std::pair{"y", 1s}, std::pair{"z", 0s}}) {
    Transaction t;
    t.id = id;
    t.session_hash = "s";
    t.created_at = t.updated_at = t0 + offset;
    ASSERT_TRUE(store.Insert(t).ok());
  }
  EXPECT_EQ(store.LatestForSession("s")->id, "x");
  EXPECT_TRUE(store.LatestForSession("other").status().Is(Status::Code::kNotFound));
}

TEST(MemoryReconcileListingsTest, ListProcessingPagesByHashAndSkipsOtherStatesAndRecentWrites) {
  MemorySessionStore store;
  const TimePoint t0 = SystemNow();
  auto add = [&](const std::string& hash, SessionState state, TimePoint updated) {
    SessionRecord r;
    r.hash = hash;
    r.state = state;
    r.created_at = r.updated_at = updated;
    r.expires_at = updated + 24h;
    ASSERT_TRUE(store.Insert(r).ok());
  };
  add("h3", SessionState::kProcessing, t0);
  add("h1", SessionState::kProcessing, t0);
  add("h2", SessionState::kOpen, t0);
  add("h4", SessionState::kProcessing, t0 + 10s);
  add("h5", SessionState::kProcessing, t0);
  add("h6", SessionState::kCompleted, t0);

  auto first = store.ListProcessing(t0 + 1s, "", 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].hash, "h1");
  EXPECT_EQ((*first)[1].hash, "h3");
  auto second = store.ListProcessing(t0 + 1s, "h3", 2);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].hash, "h5");
  EXPECT_TRUE(store.ListProcessing(t0 + 1s, "h5", 2)->empty());
}

}  // namespace
}  // namespace prefill
