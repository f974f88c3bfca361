// The payment service on memory stores with the sandbox processor: every
// test value, retry after a decline, PayPal approval and cancellation,
// live sessions without a processor, storage failures between the steps.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "payment_test_support.h"
#include "payments/memory_payment_ledger.h"
#include "payments/memory_transaction_store.h"
#include "payments/payment_reconciler.h"
#include "payments/payment_service.h"
#include "sandbox/sandbox_processor.h"
#include "session/memory_session_store.h"
#include "session/session_service.h"

namespace prefill {
namespace {

using testing_payments::DemoForm;
using testing_payments::Donor;
using testing_payments::In;
using testing_payments::MovableClock;
using testing_payments::ObservedProcessor;
using Kind = PaymentResult::Kind;

class PaymentServiceTest : public ::testing::Test {
 protected:
  PaymentServiceTest()
      : form_(DemoForm()),
        processor_(&sandbox_),
        sessions_(&session_store_, clock_.Function()),
        payments_(&session_store_, &transactions_, &processor_, nullptr, clock_.Function()) {}

  std::string NewSession(const std::vector<FieldInput>& inputs, bool sandbox = true) {
    Result<SessionView> view = sessions_.Create(form_, sandbox, inputs, Authority::kForm);
    EXPECT_TRUE(view.ok()) << view.status().ToString();
    EXPECT_TRUE(view->complete);
    return view->record.hash;
  }

  PaymentResult PayOk(const std::string& hash) {
    Result<PaymentResult> result = payments_.Pay(form_, hash, PaymentOptions{"203.0.113.7", "", ""});
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? result.value() : PaymentResult{};
  }

  SessionState StoredState(const std::string& hash) {
    Result<SessionRecord> record = session_store_.Find(hash);
    EXPECT_TRUE(record.ok());
    return record.ok() ? record->state : SessionState::kExpired;
  }

  void ExpectDeclined(const PaymentResult& result, const std::string& hash, const std::string& reason) {
    EXPECT_EQ(result.kind, Kind::kError);
    EXPECT_EQ(result.errors.globals, std::vector<std::string>{reason});
    ASSERT_TRUE(result.transaction.has_value());
    EXPECT_EQ(result.transaction->status, TransactionStatus::kFailed);
    EXPECT_EQ(result.transaction->failure_reason, reason);
    EXPECT_EQ(StoredState(hash), SessionState::kOpen);
    // The session is readable and writable again.
    EXPECT_TRUE(sessions_.Read(form_, hash).ok());
  }

  Form form_;
  MovableClock clock_;
  MemorySessionStore session_store_;
  MemoryTransactionStore transactions_;
  SandboxProcessor sandbox_;
  ObservedProcessor processor_;
  SessionService sessions_;
  PaymentService payments_;
};

TEST_F(PaymentServiceTest, SepaWithTheStandardTestIbanIsConfirmedAndCompletesTheSession) {
  const std::string hash = NewSession(Donor("sepa_direct_debit"));
  PaymentResult result = PayOk(hash);
  ASSERT_EQ(result.kind, Kind::kConfirmed);
  EXPECT_TRUE(result.errors.empty());
  EXPECT_TRUE(result.redirect_url.empty());
  ASSERT_TRUE(result.transaction.has_value());
  const Transaction& t = *result.transaction;
  EXPECT_EQ(t.status, TransactionStatus::kConfirmed);
  EXPECT_EQ(t.amount, "12.50");
  EXPECT_EQ(t.currency, "EUR");
  EXPECT_EQ(t.payment_method, "sepa_direct_debit");
  EXPECT_TRUE(t.is_test);
  EXPECT_EQ(t.masked_iban, std::optional<std::string>("****3000"));
  EXPECT_EQ(t.session_hash, hash);
  EXPECT_EQ(t.form_id, "demo");
  EXPECT_EQ(t.provider_reference.rfind("sbx_sepa_", 0), 0u) << t.provider_reference;
  EXPECT_EQ(StoredState(hash), SessionState::kCompleted);

  // The stored transaction is the one answered.
  Result<Transaction> stored = transactions_.Find(t.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->status, TransactionStatus::kConfirmed);
  EXPECT_EQ(stored->provider_reference, t.provider_reference);

  // The processor got the donor's IP and the canonical values.
  EXPECT_EQ(processor_.last_request.donor_ip, "203.0.113.7");
  EXPECT_EQ(processor_.last_request.values.at("bank_iban"), "DE89370400440532013000");
  EXPECT_EQ(processor_.last_request.transaction_id, t.id);
}

TEST_F(PaymentServiceTest, AnyOtherValidIbanIsConfirmed) {
  const std::string hash = NewSession(Donor("sepa_direct_debit", "GB82 WEST 1234 5698 7654 32"));
  PaymentResult result = PayOk(hash);
  EXPECT_EQ(result.kind, Kind::kConfirmed);
  ASSERT_TRUE(result.transaction.has_value());
  EXPECT_EQ(result.transaction->masked_iban, std::optional<std::string>("****5432"));
}

TEST_F(PaymentServiceTest, MandateRefusedLeavesTheSessionOpenAndACorrectedIbanPays) {
  const std::string hash = NewSession(Donor("sepa_direct_debit", "DE02120300000000202051"));
  PaymentResult refused = PayOk(hash);
  ExpectDeclined(refused, hash, "mandate refused");

  Result<SessionView> corrected =
      sessions_.Update(form_, hash, {In("bank_iban", "DE89370400440532013000")}, Authority::kForm);
  ASSERT_TRUE(corrected.ok());
  ASSERT_TRUE(corrected->complete);
  PaymentResult paid = PayOk(hash);
  EXPECT_EQ(paid.kind, Kind::kConfirmed);
  ASSERT_TRUE(paid.transaction.has_value());
  EXPECT_NE(paid.transaction->id, refused.transaction->id);

  Result<std::vector<Transaction>> attempts = payments_.TransactionsOfSession(hash);
  ASSERT_TRUE(attempts.ok());
  ASSERT_EQ(attempts->size(), 2u);
  EXPECT_EQ((*attempts)[0].status, TransactionStatus::kFailed);
  EXPECT_EQ((*attempts)[1].status, TransactionStatus::kConfirmed);
}

TEST_F(PaymentServiceTest, CardTokenOkIsConfirmedWithoutAMaskedIban) {
  const std::string hash = NewSession(Donor("credit_card", "tok_sandbox_ok"));
  PaymentResult result = PayOk(hash);
  EXPECT_EQ(result.kind, Kind::kConfirmed);
  ASSERT_TRUE(result.transaction.has_value());
  EXPECT_FALSE(result.transaction->masked_iban.has_value());
  EXPECT_EQ(result.transaction->payment_method, "credit_card");
  EXPECT_EQ(StoredState(hash), SessionState::kCompleted);
}

TEST_F(PaymentServiceTest, DeclinedCardLeavesTheSessionOpenAndAnotherCardPays) {
  const std::string hash = NewSession(Donor("credit_card", "tok_sandbox_declined"));
  ExpectDeclined(PayOk(hash), hash, "card declined");
  ASSERT_TRUE(sessions_.Update(form_, hash, {In("credit_card_token", "tok_sandbox_ok")}, Authority::kForm).ok());
  EXPECT_EQ(PayOk(hash).kind, Kind::kConfirmed);
  EXPECT_EQ(processor_.charges.load(), 2);
}

TEST_F(PaymentServiceTest, UnavailableProviderIsATransientErrorAndARetrySucceedsOnceItAnswers) {
  const std::string hash = NewSession(Donor("credit_card", "tok_sandbox_unavailable"));
  ExpectDeclined(PayOk(hash), hash, "provider unavailable, try again");
  ExpectDeclined(PayOk(hash), hash, "provider unavailable, try again");
  ASSERT_TRUE(sessions_.Update(form_, hash, {In("credit_card_token", "tok_sandbox_ok")}, Authority::kForm).ok());
  EXPECT_EQ(PayOk(hash).kind, Kind::kConfirmed);
  EXPECT_EQ(transactions_.size(), 3u);
}

TEST_F(PaymentServiceTest, BankTransferIsConfirmedWithTheCharitysInstructions) {
  const std::string hash = NewSession(Donor("bank_transfer"));
  PaymentResult result = PayOk(hash);
  ASSERT_EQ(result.kind, Kind::kConfirmed);
  ASSERT_TRUE(result.transaction.has_value());
  ASSERT_TRUE(result.transaction->instructions.has_value());
  const PaymentInstructions& how = *result.transaction->instructions;
  EXPECT_EQ(how.iban, SandboxProcessor::kCharityIban);
  EXPECT_EQ(how.bic, SandboxProcessor::kCharityBic);
  EXPECT_EQ(how.account_holder, SandboxProcessor::kCharityAccountHolder);
  EXPECT_EQ(how.reference.rfind("PREFILL ", 0), 0u) << how.reference;
  EXPECT_EQ(transactions_.Find(result.transaction->id)->instructions->reference, how.reference);
}

TEST_F(PaymentServiceTest, PaypalAwaitsApprovalAndTheSessionStaysLockedUntilThen) {
  const std::string hash = NewSession(Donor("paypal"));
  PaymentResult result = PayOk(hash);
  ASSERT_EQ(result.kind, Kind::kAwaiting);
  ASSERT_TRUE(result.transaction.has_value());
  EXPECT_EQ(result.transaction->status, TransactionStatus::kAwaiting);
  EXPECT_EQ(result.redirect_url, "/sandbox/paypal/" + result.transaction->id);
  EXPECT_EQ(StoredState(hash), SessionState::kProcessing);
  EXPECT_TRUE(sessions_.Read(form_, hash).status().Is(Status::Code::kLocked));
  EXPECT_TRUE(payments_.Pay(form_, hash, {}).status().Is(Status::Code::kLocked));
  EXPECT_EQ(processor_.charges.load(), 1);
}

TEST_F(PaymentServiceTest, PaypalApprovalConfirmsAndCompletesOnce) {
  const std::string hash = NewSession(Donor("paypal"));
  const std::string id = PayOk(hash).transaction->id;
  Result<Transaction> approved = payments_.ResolveAwaiting(id, true);
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->status, TransactionStatus::kConfirmed);
  EXPECT_EQ(StoredState(hash), SessionState::kCompleted);
  EXPECT_TRUE(sessions_.Read(form_, hash).status().Is(Status::Code::kProcessed));

  // A repeated approval or a late cancel changes nothing.
  EXPECT_EQ(payments_.ResolveAwaiting(id, true)->status, TransactionStatus::kConfirmed);
  EXPECT_EQ(payments_.ResolveAwaiting(id, false)->status, TransactionStatus::kConfirmed);
  EXPECT_EQ(processor_.resolves.load(), 1);
  EXPECT_EQ(StoredState(hash), SessionState::kCompleted);
}

TEST_F(PaymentServiceTest, PaypalCancelReopensTheSessionForAnotherAttempt) {
  const std::string hash = NewSession(Donor("paypal"));
  const std::string id = PayOk(hash).transaction->id;
  Result<Transaction> cancelled = payments_.ResolveAwaiting(id, false);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->status, TransactionStatus::kCancelled);
  EXPECT_EQ(cancelled->failure_reason, "cancelled by donor");
  EXPECT_EQ(StoredState(hash), SessionState::kOpen);
  EXPECT_TRUE(sessions_.Read(form_, hash).ok());
  // An approval after the cancel is too late.
  EXPECT_EQ(payments_.ResolveAwaiting(id, true)->status, TransactionStatus::kCancelled);
  EXPECT_EQ(StoredState(hash), SessionState::kOpen);

  PaymentResult again = PayOk(hash);
  EXPECT_EQ(again.kind, Kind::kAwaiting);
  EXPECT_NE(again.transaction->id, id);
}

TEST_F(PaymentServiceTest, ResolvingAnUnknownTransactionIsNotFound) {
  EXPECT_TRUE(payments_.ResolveAwaiting("no-such-transaction", true).status().Is(Status::Code::kNotFound));
}

TEST_F(PaymentServiceTest, ACompletedSessionIsProcessedAndIsNotChargedAgain) {
  const std::string hash = NewSession(Donor("credit_card"));
  EXPECT_EQ(PayOk(hash).kind, Kind::kConfirmed);
  EXPECT_TRUE(payments_.Pay(form_, hash, {}).status().Is(Status::Code::kProcessed));
  EXPECT_EQ(processor_.charges.load(), 1);
  EXPECT_EQ(transactions_.size(), 1u);
}

TEST_F(PaymentServiceTest, AnIncompleteSessionIsNotAttempted) {
  Result<SessionView> view = sessions_.Create(form_, true, {In("amount", "10"), In("payment_method", "credit_card")},
                                              Authority::kForm);
  ASSERT_TRUE(view.ok());
  ASSERT_FALSE(view->complete);
  Result<PaymentResult> result = payments_.Pay(form_, view->record.hash, {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->kind, Kind::kIncomplete);
  EXPECT_FALSE(result->transaction.has_value());
  EXPECT_TRUE(result->errors.other_fields.count("last_name") || result->errors.current_fields.count("last_name"));
  EXPECT_TRUE(result->errors.other_fields.count("credit_card_token") ||
              result->errors.current_fields.count("credit_card_token"));
  EXPECT_EQ(StoredState(view->record.hash), SessionState::kOpen);
  EXPECT_EQ(processor_.charges.load(), 0);
  EXPECT_EQ(transactions_.size(), 0u);
}

TEST_F(PaymentServiceTest, UnknownExpiredAndForeignSessionsAreRefused) {
  EXPECT_TRUE(payments_.Pay(form_, "nosuchsession", {}).status().Is(Status::Code::kNotFound));

  const std::string hash = NewSession(Donor("credit_card"));
  Form other = form_;
  other.id = "other";
  EXPECT_TRUE(payments_.Pay(other, hash, {}).status().Is(Status::Code::kNotFound));

  clock_.offset_minutes = form_.session_ttl_minutes + 1;
  EXPECT_TRUE(payments_.Pay(form_, hash, {}).status().Is(Status::Code::kExpired));
  EXPECT_EQ(processor_.charges.load(), 0);
}

TEST_F(PaymentServiceTest, ALiveSessionWithoutALiveProcessorIsAnErrorAndStaysOpen) {
  const std::string hash = NewSession(Donor("credit_card"), /*sandbox=*/false);
  PaymentResult result = PayOk(hash);
  EXPECT_EQ(result.kind, Kind::kError);
  EXPECT_EQ(result.errors.globals, std::vector<std::string>{kNoLiveProcessorError});
  EXPECT_FALSE(result.transaction.has_value());
  EXPECT_EQ(StoredState(hash), SessionState::kOpen);
  EXPECT_EQ(processor_.charges.load(), 0);
  EXPECT_EQ(transactions_.size(), 0u);
}

TEST_F(PaymentServiceTest, LiveAndSandboxSessionsGoToTheirOwnProcessor) {
  SandboxProcessor live_inner;
  ObservedProcessor live(&live_inner);
  PaymentService payments(&session_store_, &transactions_, &processor_, &live, clock_.Function());
  const std::string live_hash = NewSession(Donor("credit_card"), false);
  const std::string test_hash = NewSession(Donor("credit_card"), true);

  Result<PaymentResult> live_paid = payments.Pay(form_, live_hash, {});
  ASSERT_TRUE(live_paid.ok());
  EXPECT_FALSE(live_paid->transaction->is_test);
  EXPECT_EQ(live.charges.load(), 1);
  EXPECT_EQ(processor_.charges.load(), 0);

  Result<PaymentResult> test_paid = payments.Pay(form_, test_hash, {});
  ASSERT_TRUE(test_paid.ok());
  EXPECT_TRUE(test_paid->transaction->is_test);
  EXPECT_EQ(live.charges.load(), 1);
  EXPECT_EQ(processor_.charges.load(), 1);
}

TEST_F(PaymentServiceTest, OneStepModeCreatesAndPaysACompleteSession) {
  Result<PaymentResult> result = payments_.PayNewSession(form_, true, Donor("credit_card"), {"198.51.100.1", "", ""});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->kind, Kind::kConfirmed);
  ASSERT_FALSE(result->session_hash.empty());
  EXPECT_EQ(StoredState(result->session_hash), SessionState::kCompleted);
  EXPECT_EQ(result->transaction->session_hash, result->session_hash);
}

TEST_F(PaymentServiceTest, OneStepModeWithInvalidValuesReportsThemAndChargesNothing) {
  std::vector<FieldInput> donor = Donor("credit_card");
  donor.push_back(In("email", "not-an-address"));
  Result<PaymentResult> result = payments_.PayNewSession(form_, true, donor, {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->kind, Kind::kIncomplete);
  EXPECT_EQ(result->errors.current_fields.count("email"), 1u);
  EXPECT_EQ(processor_.charges.load(), 0);
  EXPECT_EQ(StoredState(result->session_hash), SessionState::kOpen);

  EXPECT_TRUE(payments_.PayNewSession(form_, true, {}, {}).status().Is(Status::Code::kInvalidArgument));
}

TEST_F(PaymentServiceTest, RedirectUrlsAreKeptOnTheTransaction) {
  const std::string hash = NewSession(Donor("paypal"));
  Result<PaymentResult> result =
      payments_.Pay(form_, hash, {"192.0.2.1", "https://shop.example/thanks", "https://shop.example/sorry"});
  ASSERT_TRUE(result.ok());
  Result<Transaction> stored = transactions_.Find(result->transaction->id);
  EXPECT_EQ(stored->success_url, "https://shop.example/thanks");
  EXPECT_EQ(stored->failure_url, "https://shop.example/sorry");
}

// A TransactionStore whose writes a test can make fail.
class FailingTransactionStore : public TransactionStore {
 public:
  Status insert_status = Status::OK();
  Status update_status = Status::OK();
  Status Insert(const Transaction& t) override { return insert_status.ok() ? inner.Insert(t) : insert_status; }
  Result<Transaction> Find(const std::string& id) override { return inner.Find(id); }
  Status UpdateIf(const Transaction& t, TransactionStatus expected) override {
    return update_status.ok() ? inner.UpdateIf(t, expected) : update_status;
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

TEST_F(PaymentServiceTest, WhenTheAttemptCannotBeRecordedNothingIsChargedAndTheSessionReopens) {
  FailingTransactionStore failing;
  failing.insert_status = Status::Unavailable("database down");
  PaymentService payments(&session_store_, &failing, &processor_, nullptr, clock_.Function());
  const std::string hash = NewSession(Donor("credit_card"));
  EXPECT_TRUE(payments.Pay(form_, hash, {}).status().Is(Status::Code::kUnavailable));
  EXPECT_EQ(processor_.charges.load(), 0);
  EXPECT_EQ(StoredState(hash), SessionState::kOpen);

  failing.insert_status = Status::OK();
  EXPECT_EQ(payments.Pay(form_, hash, {})->kind, Kind::kConfirmed);
}

TEST_F(PaymentServiceTest, WhenTheOutcomeCannotBeRecordedTheSessionStaysLockedSoNobodyPaysTwice) {
  FailingTransactionStore failing;
  failing.update_status = Status::Unavailable("database down");
  PaymentService payments(&session_store_, &failing, &processor_, nullptr, clock_.Function());
  const std::string hash = NewSession(Donor("credit_card"));
  EXPECT_TRUE(payments.Pay(form_, hash, {}).status().Is(Status::Code::kUnavailable));
  EXPECT_EQ(processor_.charges.load(), 1);
  EXPECT_EQ(StoredState(hash), SessionState::kProcessing);
  // The pending attempt is on record for reconciliation.
  Result<std::vector<Transaction>> attempts = failing.inner.ListForSession(hash);
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ((*attempts)[0].status, TransactionStatus::kPending);

  failing.update_status = Status::OK();
  EXPECT_TRUE(payments.Pay(form_, hash, {}).status().Is(Status::Code::kLocked));
  EXPECT_EQ(processor_.charges.load(), 1);
}

// A MemoryPaymentLedger whose outcome commits (commit 2: an attempt update)
// fail while `fail_outcomes` is set, as a commit refused or lost by the database.
class FailingOutcomeLedger : public PaymentLedger {
 public:
  FailingOutcomeLedger(SessionStore* sessions, TransactionStore* transactions) : inner(sessions, transactions) {}
  Status Commit(PaymentWrite& write) override {
    if (write.update && fail_outcomes) return Status::Unavailable("database connection lost at COMMIT");
    ++commits;
    return inner.Commit(write);
  }
  bool fail_outcomes = true;
  int commits = 0;
  MemoryPaymentLedger inner;
};

TEST_F(PaymentServiceTest, AConfirmedPaymentWhoseOutcomeCommitFailsIsNotAnsweredConfirmed) {
  FailingOutcomeLedger ledger(&session_store_, &transactions_);
  PaymentService payments(&session_store_, &transactions_, &processor_, nullptr, clock_.Function(), {}, &ledger);
  const std::string hash = NewSession(Donor("credit_card"));
  Result<PaymentResult> paid = payments.Pay(form_, hash, PaymentOptions{"203.0.113.7", "", ""});
  // The processor said confirmed, but nothing of it is durable: the answer
  // is the storage error (form API 900), not "confirmed".
  ASSERT_FALSE(paid.ok());
  EXPECT_TRUE(paid.status().Is(Status::Code::kUnavailable)) << paid.status().ToString();
  EXPECT_EQ(processor_.charges.load(), 1);
  EXPECT_EQ(StoredState(hash), SessionState::kProcessing);
  Result<std::vector<Transaction>> attempts = transactions_.ListForSession(hash);
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ((*attempts)[0].status, TransactionStatus::kPending);
  EXPECT_TRUE(payments.Pay(form_, hash, {"203.0.113.7", "", ""}).status().Is(Status::Code::kLocked));

  // The reconciler settles it with the outcome and the session in one commit.
  ledger.fail_outcomes = false;
  PaymentReconciler reconciler(&session_store_, &transactions_, &processor_, nullptr, clock_.Function(),
                               ReconcileOptions(), &ledger);
  clock_.offset_minutes = 10;
  const ReconcileReport report = reconciler.Run(std::chrono::minutes(5));
  EXPECT_EQ(report.pending_resolved, 1);
  EXPECT_EQ(report.sessions_completed, 1);
  EXPECT_EQ(StoredState(hash), SessionState::kCompleted);
  EXPECT_EQ(transactions_.ListForSession(hash)->at(0).status, TransactionStatus::kConfirmed);
  EXPECT_EQ(processor_.charges.load(), 1);  // looked up, never charged again
}

TEST_F(PaymentServiceTest, ThePaymentIsTwoCommitsTheLockWithItsAttemptAndTheOutcomeWithTheSession) {
  FailingOutcomeLedger ledger(&session_store_, &transactions_);
  ledger.fail_outcomes = false;
  PaymentService payments(&session_store_, &transactions_, &processor_, nullptr, clock_.Function(), {}, &ledger);
  const std::string hash = NewSession(Donor("credit_card"));
  Result<PaymentResult> paid = payments.Pay(form_, hash, PaymentOptions{"203.0.113.7", "", ""});
  ASSERT_TRUE(paid.ok()) << paid.status().ToString();
  EXPECT_EQ(paid->kind, Kind::kConfirmed);
  EXPECT_EQ(ledger.commits, 2);
  EXPECT_EQ(StoredState(hash), SessionState::kCompleted);
}

TEST_F(PaymentServiceTest, OutcomesCarryTheirEventsInTheirCommit) {
  MemoryPaymentLedger ledger(&session_store_, &transactions_);
  PaymentService payments(&session_store_, &transactions_, &processor_, nullptr, clock_.Function(), {}, &ledger);
  const std::string paid = NewSession(Donor("credit_card"));
  ASSERT_EQ(payments.Pay(form_, paid, {"203.0.113.7", "", ""})->kind, Kind::kConfirmed);
  std::vector<FieldInput> declined = Donor("credit_card");
  declined.push_back(In("credit_card_token", "tok_sandbox_declined"));
  const std::string refused = NewSession(declined);
  ASSERT_EQ(payments.Pay(form_, refused, {"203.0.113.7", "", ""})->kind, Kind::kError);
  const std::string awaiting = NewSession(Donor("paypal"));
  ASSERT_EQ(payments.Pay(form_, awaiting, {"203.0.113.7", "", ""})->kind, Kind::kAwaiting);

  std::vector<std::string> seen;
  for (const DomainEvent& e : ledger.events()) {
    seen.push_back(std::string(EventTypeName(e.type)) + ":" +
                   (e.session ? e.session->hash : e.transaction->session_hash));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"transaction.confirmed:" + paid, "donation_session.completed:" + paid,
                                             "transaction.failed:" + refused}));
}

}  // namespace
}  // namespace prefill
