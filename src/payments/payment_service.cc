#include "payments/payment_service.h"


#include <charconv>
#include <thread>

#include "common/fault_point.h"
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
                               PaymentProcessor* live, NowFunction now, SessionCreatedObserver on_created,
                               PaymentLedger* ledger)
    : backends_(sessions, transactions, sandbox, live, ledger),
      now_(std::move(now)),
      sessions_(sessions, now_, std::move(on_created)) {}

Result<PaymentResult> PaymentService::Pay(const FormScope& through, const std::string& hash,
                                          const PaymentOptions& options) {
  if (through.form() == nullptr) return Status::Internal("a payment of the form API needs one form");
  const Form& form = *through.form();
  // Commit 1: the lock and the attempt, together. The record judged complete
  // is exactly the one locked: the compare-and-set fails if anything changed
  // it since, and UpdateSession judges it again.
  std::optional<PaymentResult> not_attempted;
  std::optional<Transaction> attempt;
  PaymentProcessor* processor = nullptr;
  SessionUpdate update(through);
  update.write = [&](SessionRecord* record) -> Status {
    PaymentWrite write;
    write.session = record;
    write.insert = NewAttempt(form, *record, options);
    Status committed = backends_.ledger().Commit(write);
    if (committed.ok()) attempt = std::move(write.insert);
    return committed;
  };
  Result<SessionWritten> locked = UpdateSession(
      backends_.sessions(), hash, std::move(update), now_,
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
        processor = backends_.ProcessorFor(record->sandbox);
        if (processor == nullptr || !processor->Takes(form.id, ValueOf(*record, "payment_method"))) {
          not_attempted = ErrorResult(hash, kNoLiveProcessorError);
          return false;
        }
        return ApplyTransition(SessionAction::kPay, record);
      });
  if (!locked.ok()) return locked.status();
  if (not_attempted) return std::move(*not_attempted);
  if (!attempt) return Status::Internal("payment lock written without its attempt");
  FaultPoint("payment_locked");
  return Charge(locked->record, *attempt, processor, options);
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
  return Pay(FormScope(form, sandbox), created->record.hash, options);
}

Transaction PaymentService::NewAttempt(const Form& form, const SessionRecord& locked,
                                       const PaymentOptions& options) const {
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
  return transaction;
}

Result<PaymentResult> PaymentService::Charge(const SessionRecord& locked, const Transaction& transaction,
                                             PaymentProcessor* processor, const PaymentOptions& options) {
  PaymentRequest request = PaymentRequestFor(transaction);
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
  PaymentResult result;
  result.session_hash = locked.hash;
  switch (outcome.kind) {
    case PaymentOutcome::Kind::kConfirmed:
      answered.status = ConfirmedStatus(outcome);
      result.kind = PaymentResult::Kind::kConfirmed;
      break;
    case PaymentOutcome::Kind::kAwaiting:
      answered.status = TransactionStatus::kAwaiting;
      result.kind = PaymentResult::Kind::kAwaiting;
      result.redirect_url = outcome.redirect_url;
      break;
    case PaymentOutcome::Kind::kError:
    case PaymentOutcome::Kind::kUnknown:  // handled above
      answered.status = TransactionStatus::kFailed;
      answered.failure_reason = outcome.error.empty() ? "payment failed" : outcome.error;
      result.kind = PaymentResult::Kind::kError;
      result.errors.globals.push_back(answered.failure_reason);
      break;
  }

  // Commit 2: the outcome and the session's final state, together. If it
  // cannot be written the session stays processing (a retry could charge
  // twice) beside the pending attempt, and the answer says so instead of what
  // the processor said: only what is durable is answered. Reconciliation
  // finishes it (payment_reconciler.h).
  Status written =
      backends_.RecordOutcome(answered, TransactionStatus::kPending, now_, locked);
  if (!written.ok()) return written;
  result.transaction = answered;
  return result;
}

Result<Transaction> PaymentService::ResolveAwaiting(const std::string& transaction_id, bool approved) {
  Result<Transaction> found = backends_.transactions().Find(transaction_id);
  if (!found.ok()) return found.status();
  if (found->status == TransactionStatus::kPending) return AwaitDecision(transaction_id);  // being approved
  if (found->status != TransactionStatus::kAwaiting) return found;
  PaymentProcessor* processor = backends_.ProcessorFor(found->is_test);
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
    Status claimed = backends_.transactions().UpdateIf(resolving, TransactionStatus::kAwaiting);
    if (claimed.Is(Status::Code::kConflict)) return AwaitDecision(transaction_id);
    if (!claimed.ok()) return claimed;
    expected = TransactionStatus::kPending;
  }

  const PaymentOutcome outcome = processor->Resolve(*found, approved);
  if (outcome.kind == PaymentOutcome::Kind::kUnknown) {
    // The provider cannot tell now: an approval stays pending (looked up by the
    // reconciler), a cancel leaves the payment awaiting.
    return backends_.transactions().Find(transaction_id);
  }
  const Transaction decided =
      Decide(*found, outcome, approved ? TransactionStatus::kFailed : TransactionStatus::kCancelled,
             "payment cancelled", now_());

  // The decision and the session's state in one commit.
  Status written = backends_.RecordOutcome(decided, expected, now_);
  if (written.Is(Status::Code::kConflict)) return AwaitDecision(transaction_id);  // decided elsewhere
  if (!written.ok()) return written;
  return decided;
}

Result<Transaction> PaymentService::AwaitDecision(const std::string& transaction_id) {
  const auto deadline = std::chrono::steady_clock::now() + kDecisionWait;
  for (;;) {
    Result<Transaction> found = backends_.transactions().Find(transaction_id);
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
    Result<Transaction> found = backends_.transactions().Find(transaction_id);
    if (!found.ok()) return found.status();
    if (found->status != TransactionStatus::kPending && found->status != TransactionStatus::kAwaiting) {
      return found;  // decided before: a repeated or late event changes nothing
    }
    const Transaction decided = Decide(*found, outcome, TransactionStatus::kFailed, "payment failed", now_());
    // The decision and the session's state in one commit; a Conflict (decided
    // concurrently) re-reads and returns what was decided.
    Status written = backends_.RecordOutcome(decided, found->status, now_);
    if (!written.ok()) return written;
    return decided;
  });
}

Result<Transaction> PaymentService::FindTransaction(const std::string& transaction_id) {
  return backends_.transactions().Find(transaction_id);
}

Result<std::vector<Transaction>> PaymentService::TransactionsOfSession(const std::string& session_hash) {
  return backends_.transactions().ListForSession(session_hash);
}

}  // namespace prefill
