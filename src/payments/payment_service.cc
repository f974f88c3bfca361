#include "payments/payment_service.h"

#include <charconv>
#include <thread>

#include "session/session_transitions.h"
#include "session/session_update.h"

namespace prefill {
namespace {

std::string ValueOf(const SessionRecord& record, const std::string& field) {
  auto it = record.values.find(field);
  return it == record.values.end() ? std::string() : it->second;
}

int IntervalOf(const SessionRecord& record) {
  const std::string text = ValueOf(record, "interval");
  int months = 0;
  std::from_chars(text.data(), text.data() + text.size(), months);  // validated; "" stays 0
  return months;
}

// `from` decided by a provider's confirmed or error `outcome`: confirmed, or
// `unpaid` with the outcome's reason (`fallback` when it gives none).
Transaction Decide(const Transaction& from, const PaymentOutcome& outcome, TransactionStatus unpaid,
                   const char* fallback, TimePoint now) {
  Transaction decided = from;
  decided.updated_at = now;
  if (!outcome.provider_reference.empty()) decided.provider_reference = outcome.provider_reference;
  if (outcome.kind == PaymentOutcome::Kind::kConfirmed) {
    decided.status = TransactionStatus::kConfirmed;
  } else {
    decided.status = unpaid;
    decided.failure_reason = outcome.error.empty() ? fallback : outcome.error;
  }
  return decided;
}

PaymentResult ErrorResult(std::string hash, std::string reason) {
  PaymentResult result;
  result.kind = PaymentResult::Kind::kError;
  result.session_hash = std::move(hash);
  result.errors.globals.push_back(std::move(reason));
  return result;
}

}  // namespace

PaymentService::PaymentService(SessionStore* sessions, TransactionStore* transactions, PaymentProcessor* sandbox,
                               PaymentProcessor* live, NowFunction now, SessionCreatedObserver on_created)
    : session_store_(sessions),
      transactions_(transactions),
      sandbox_(sandbox),
      live_(live),
      now_(std::move(now)),
      sessions_(sessions, now_, std::move(on_created)) {}

Result<PaymentResult> PaymentService::Pay(const Form& form, const std::string& hash,
                                          const PaymentOptions& options) {
  // Step 1: the lock. The record judged complete is exactly the one locked: the
  // compare-and-set fails if anything changed it since, and UpdateSession
  // judges it again.
  std::optional<PaymentResult> not_attempted;
  PaymentProcessor* processor = nullptr;
  Result<SessionWritten> locked = UpdateSession(
      *session_store_, hash, SessionUpdate(form), now_,
      [&](SessionRecord* record, const Form*, TimePoint now) -> Result<bool> {
        not_attempted.reset();
        // Every state but open refuses with the form API's Status (207, 202, 206).
        if (RuleFor(SessionAction::kPay, record->state).verdict != Verdict::kGo) return RefusalFor(record->state);
        SessionErrors errors;
        if (!EvaluateSession(form, *record, UtcDate(now), {}, &errors)) {
          PaymentResult result;
          result.kind = PaymentResult::Kind::kIncomplete;
          result.session_hash = hash;
          result.errors = std::move(errors);
          not_attempted = std::move(result);
          return false;
        }
        processor = ProcessorFor(record->sandbox);
        if (processor == nullptr || !processor->Takes(form.id, ValueOf(*record, "payment_method"))) {
          not_attempted = ErrorResult(hash, kNoLiveProcessorError);
          return false;
        }
        return ApplyTransition(SessionAction::kPay, record);
      });
  if (!locked.ok()) return locked.status();
  if (not_attempted) return std::move(*not_attempted);
  return Charge(form, locked->record, processor, options);
}

Result<PaymentResult> PaymentService::PayNewSession(const Form& form, bool sandbox,
                                                    const std::vector<FieldInput>& inputs,
                                                    const PaymentOptions& options) {
  Result<SessionView> created = sessions_.Create(form, sandbox, inputs, Authority::kForm);
  if (!created.ok()) return created.status();
  if (!created->complete) {
    PaymentResult result;
    result.kind = PaymentResult::Kind::kIncomplete;
    result.session_hash = created->record.hash;
    result.errors = std::move(created->errors);
    return result;
  }
  return Pay(form, created->record.hash, options);
}

Result<PaymentResult> PaymentService::Charge(const Form& form, const SessionRecord& locked,
                                             PaymentProcessor* processor, const PaymentOptions& options) {
  // The attempt is created at the instant of its lock: reconciliation tells a
  // session locked by this attempt (updated_at <= created_at) from one locked
  // again afterwards, e.g. by the REST API's /process (payment_reconciler.h).
  const TimePoint now = locked.updated_at;
  Transaction transaction;
  transaction.id = NewTransactionId();
  transaction.session_hash = locked.hash;
  transaction.form_id = form.id;
  transaction.amount = ValueOf(locked, "amount");
  transaction.currency = form.currency();
  transaction.payment_method = ValueOf(locked, "payment_method");
  transaction.interval = IntervalOf(locked);
  transaction.status = TransactionStatus::kPending;
  transaction.is_test = locked.sandbox;
  if (transaction.payment_method == "sepa_direct_debit") {
    transaction.masked_iban = MaskIban(ValueOf(locked, "bank_iban"));
  }
  transaction.success_url = options.success_url;
  transaction.failure_url = options.failure_url;
  transaction.created_at = now;
  transaction.updated_at = now;

  Status recorded = transactions_->Insert(transaction);
  if (!recorded.ok()) {
    // Nothing was charged: give the session back to the donor. If even that
    // fails it stays processing without a transaction until it expires:
    // reconciliation cannot tell it from a REST API /process lock and leaves
    // it alone (docs/payments.md).
    (void)ReleaseSession(locked.hash, SessionState::kOpen);
    return recorded;
  }

  PaymentRequest request;
  request.transaction_id = transaction.id;
  request.session_hash = transaction.session_hash;
  request.form_id = transaction.form_id;
  request.amount = transaction.amount;
  request.currency = transaction.currency;
  request.payment_method = transaction.payment_method;
  request.interval = transaction.interval;
  request.values = locked.values;
  request.donor_ip = options.donor_ip;
  const PaymentOutcome outcome = processor->Charge(request);
  if (outcome.kind == PaymentOutcome::Kind::kUnknown) {
    // The provider may have taken the money: the attempt stays pending and
    // the session processing (207 to every retry), until a provider webhook
    // or the reconciler's Lookup decides it. Never a second charge.
    PaymentResult unknown = ErrorResult(locked.hash, kOutcomeUnknownError);
    unknown.transaction = transaction;
    return unknown;
  }

  Transaction answered = transaction;
  answered.provider_reference = outcome.provider_reference;
  CopyOutcomeDetails(outcome, &answered);
  answered.updated_at = now_();
  SessionState next_state = SessionState::kOpen;
  PaymentResult result;
  result.session_hash = locked.hash;
  switch (outcome.kind) {
    case PaymentOutcome::Kind::kConfirmed:
      answered.status = ConfirmedStatus(outcome);
      next_state = SessionState::kCompleted;
      result.kind = PaymentResult::Kind::kConfirmed;
      break;
    case PaymentOutcome::Kind::kAwaiting:
      answered.status = TransactionStatus::kAwaiting;
      next_state = SessionState::kProcessing;
      result.kind = PaymentResult::Kind::kAwaiting;
      result.redirect_url = outcome.redirect_url;
      break;
    case PaymentOutcome::Kind::kError:
    case PaymentOutcome::Kind::kUnknown:  // handled above
      answered.status = TransactionStatus::kFailed;
      answered.failure_reason = outcome.error.empty() ? "payment failed" : outcome.error;
      next_state = SessionState::kOpen;
      result.kind = PaymentResult::Kind::kError;
      result.errors.globals.push_back(answered.failure_reason);
      break;
  }

  // The processor has answered: if the outcome cannot be written, the session
  // must stay processing (a retry could charge twice); reconciliation finishes it.
  Status written = transactions_->UpdateIf(answered, TransactionStatus::kPending);
  if (!written.ok()) return written;
  result.transaction = answered;

  if (next_state != SessionState::kProcessing) {
    // A failure here leaves the session processing (207) beside a final
    // transaction; the transaction is the truth and is what the donor is told.
    (void)ReleaseSession(locked.hash, next_state);
  }
  return result;
}

Result<Transaction> PaymentService::ResolveAwaiting(const std::string& transaction_id, bool approved) {
  Result<Transaction> found = transactions_->Find(transaction_id);
  if (!found.ok()) return found.status();
  if (found->status == TransactionStatus::kPending) return AwaitDecision(transaction_id);  // being approved
  if (found->status != TransactionStatus::kAwaiting) return found;
  PaymentProcessor* processor = ProcessorFor(found->is_test);
  if (processor == nullptr) return Status::Internal("no processor for this transaction");

  TransactionStatus expected = TransactionStatus::kAwaiting;
  if (approved) {
    // Approval moves money (a capture): first awaiting -> pending by
    // compare-and-set, so that of two returns at once only one asks the
    // processor; the other waits for its decision. A crash while it runs
    // leaves a pending attempt, which the reconciler looks up.
    Transaction resolving = *found;
    resolving.status = TransactionStatus::kPending;
    resolving.updated_at = now_();
    Status claimed = transactions_->UpdateIf(resolving, TransactionStatus::kAwaiting);
    if (claimed.Is(Status::Code::kConflict)) return AwaitDecision(transaction_id);
    if (!claimed.ok()) return claimed;
    expected = TransactionStatus::kPending;
  }

  const PaymentOutcome outcome = processor->Resolve(*found, approved);
  if (outcome.kind == PaymentOutcome::Kind::kUnknown) {
    // The provider cannot tell now: an approval stays pending (looked up by the
    // reconciler), a cancel leaves the payment awaiting.
    return transactions_->Find(transaction_id);
  }
  const Transaction decided =
      Decide(*found, outcome, approved ? TransactionStatus::kFailed : TransactionStatus::kCancelled,
             "payment cancelled", now_());

  Status written = transactions_->UpdateIf(decided, expected);
  if (written.Is(Status::Code::kConflict)) return AwaitDecision(transaction_id);  // decided elsewhere
  if (!written.ok()) return written;

  Status released = ReleaseSession(
      decided.session_hash,
      decided.status == TransactionStatus::kConfirmed ? SessionState::kCompleted : SessionState::kOpen);
  (void)released;  // the transaction is decided; a session left processing is reconciled
  return decided;
}

Result<Transaction> PaymentService::AwaitDecision(const std::string& transaction_id) {
  const auto deadline = std::chrono::steady_clock::now() + kDecisionWait;
  for (;;) {
    Result<Transaction> found = transactions_->Find(transaction_id);
    if (!found.ok() || found->status != TransactionStatus::kPending || std::chrono::steady_clock::now() > deadline) {
      return found;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

Result<Transaction> PaymentService::Settle(const std::string& transaction_id, const PaymentOutcome& outcome) {
  if (outcome.kind != PaymentOutcome::Kind::kConfirmed && outcome.kind != PaymentOutcome::Kind::kError) {
    return Status::InvalidArgument("only a confirmed or error outcome settles an attempt");
  }
  // A compare-and-set on the transaction's status, retried (the session core's
  // one retry policy) while a concurrent writer moves it.
  return RetryOnConflict([&]() -> Result<Transaction> {
    Result<Transaction> found = transactions_->Find(transaction_id);
    if (!found.ok()) return found.status();
    if (found->status != TransactionStatus::kPending && found->status != TransactionStatus::kAwaiting) {
      return found;  // decided before: a repeated or late event changes nothing
    }
    const Transaction decided = Decide(*found, outcome, TransactionStatus::kFailed, "payment failed", now_());
    Status written = transactions_->UpdateIf(decided, found->status);
    if (!written.ok()) return written;
    // The transaction is decided; a session left processing is reconciled.
    (void)ReleaseSession(decided.session_hash, decided.status == TransactionStatus::kConfirmed
                                                   ? SessionState::kCompleted
                                                   : SessionState::kOpen);
    return decided;
  });
}

Result<Transaction> PaymentService::FindTransaction(const std::string& transaction_id) {
  return transactions_->Find(transaction_id);
}

Result<std::vector<Transaction>> PaymentService::TransactionsOfSession(const std::string& session_hash) {
  return transactions_->ListForSession(session_hash);
}

Status PaymentService::ReleaseSession(const std::string& hash, SessionState to) {
  // Settles what this attempt's lock started, by the stored state: a session no
  // longer processing was decided by someone else and is left as it is.
  const SessionAction settle =
      to == SessionState::kCompleted ? SessionAction::kSettlePaid : SessionAction::kSettleUnpaid;
  SessionUpdate update;
  update.effective_state = false;
  Result<SessionWritten> written = UpdateSession(
      *session_store_, hash, std::move(update), now_,
      [settle](SessionRecord* record, const Form*, TimePoint) { return ApplyTransition(settle, record); });
  return written.status();
}

}  // namespace prefill
