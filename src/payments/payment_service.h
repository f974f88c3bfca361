// PaymentService: hands complete sessions to a payment processor, exactly once
// (SPEC sections 4 and 5). Part of the core: no HTTP, no SQL.
//
// Pay, for an open and complete session, in two durable commits
// (payments/payment_ledger.h):
//   1. open -> processing (session_transitions.h kPay) by one UpdateSession
//      (session_update.h): compare-and-set on the session's version, stored
//      in one Commit together with the pending attempt. Of any number of
//      concurrent calls exactly one wins; the others re-read and see
//      processing (Locked, 207) or, once the winner is done, completed
//      (Processed, 202) or open again (they retry). Only then is the processor
//      called, so no charge is ever made that is not recorded, and no session
//      is ever locked by a payment without its attempt.
//   2. The outcome (compare-and-set on pending) and the session's settlement
//      (kSettlePaid / kSettleUnpaid, by the stored state) in one Commit
//      (RecordOutcome): confirmed -> completed; awaiting -> stays processing
//      until ResolveAwaiting; error (declined, refused, unavailable) -> open,
//      so the donor can correct the session and pay again (a new attempt, a
//      new transaction).
// The session must be complete (Kind::kIncomplete with its errors otherwise)
// and its processor must exist: sandbox sessions go to the sandbox processor,
// live sessions to the live one; without one the answer is kError "no live
// payment processor configured", nothing is recorded and the session stays open.
//
// Crashes and storage failures never lead to a second charge, and the answer
// says only what is durable:
//   - commit 1 fails: nothing was written, the session is as it was (open);
//     nothing was charged;
//   - the processor answered but commit 2 fails (or its acknowledgement is
//     lost): the answer is that Status (Unavailable -> 900), never confirmed;
//     the session stays processing (207 to everyone) beside its pending
//     attempt, and is reconciled (docs/payments.md): the reconciler looks the
//     attempt up with the provider and records the outcome in one commit.
// Fault point (common/fault_point.h) "payment_locked": after commit 1, before
// the processor is called (storage/mysql_payment_ledger.h has those inside
// the commits).
//
// Status mapping, as SessionService: NotFound (203), Expired (206), Processed
// (202), Locked (207), storage problems passed through (Unavailable -> 900),
// compare-and-set lost kMaxAttempts times -> Unavailable.
//
// Thread-safe: holds no mutable state of its own.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "forms/form.h"
#include "payments/payment_backends.h"
#include "payments/payment_ledger.h"
#include "payments/payment_processor.h"
#include "payments/transaction.h"
#include "payments/transaction_store.h"
#include "session/session_errors.h"
#include "session/session_merge.h"
#include "session/session_service.h"
#include "session/session_store.h"
#include "session/session_update.h"

namespace prefill {

struct PaymentOptions {
  std::string donor_ip;     // required by the form API; passed to the processor
  std::string success_url;  // validated by the caller; kept on the transaction
  std::string failure_url;
};

struct PaymentResult {
  enum class Kind {
    kConfirmed,   // paid; the session is completed
    kAwaiting,    // the donor must approve at redirect_url; the session is processing
    kError,       // not paid; reason in errors.globals; the session is open (if it exists)
    kIncomplete,  // not attempted: the session is not complete; its errors in `errors`
  };
  Kind kind = Kind::kError;
  std::string session_hash;
  std::optional<Transaction> transaction;  // the attempt, when one was made
  std::string redirect_url;                // kAwaiting: as the processor gave it
  SessionErrors errors;
};

// The global error of a live session while no live processor is configured.
inline constexpr char kNoLiveProcessorError[] = "no live payment processor configured";
// The global error of a payment whose outcome the provider has not told yet
// (timeout, 5xx): the attempt stays pending and the session processing.
inline constexpr char kOutcomeUnknownError[] =
    "the payment is being confirmed with the provider; please do not pay again";

class PaymentService {
 public:
  static constexpr int kMaxAttempts = kMaxWriteAttempts;
  static constexpr std::chrono::seconds kDecisionWait{30};

  // `sessions`, `transactions` and `ledger` must outlive the service; so must
  // the processors. `live` may be null: live sessions then cannot be paid.
  // `on_created` is told of every session PayNewSession creates (as
  // SessionService's observer). `ledger` writes the two commits over the same
  // stores (storage/mysql_payment_ledger.h in production); null: a
  // MemoryPaymentLedger over the two stores, for unit tests only.
  PaymentService(SessionStore* sessions, TransactionStore* transactions, PaymentProcessor* sandbox,
                 PaymentProcessor* live, NowFunction now = SystemNow, SessionCreatedObserver on_created = {},
                 PaymentLedger* ledger = nullptr);

  // Session mode: pays the session `hash` of `form` (see above). `form` as in
  // SessionService::Update: the FormLookup of the hash the donor came through
  // (a session of the other mode is NotFound, 203) or the Form itself.
  Result<PaymentResult> Pay(const FormScope& form, const std::string& hash, const PaymentOptions& options);

  // One-step mode: creates a session of `form` from `inputs` (as
  // SessionService::Create, through the public form hash) and pays it at once
  // if it is complete; kIncomplete with the creation's errors otherwise.
  // InvalidArgument (205) without inputs.
  Result<PaymentResult> PayNewSession(const Form& form, bool sandbox, const std::vector<FieldInput>& inputs,
                                      const PaymentOptions& options);

  // The donor's decision on an awaiting payment (the approval page's return):
  // approved -> the processor resolves it (confirmed: the session is completed;
  // error: failed, the session is open again); cancelled -> cancelled, the
  // session is open again. Happens once: a transaction that is no longer
  // awaiting (decided before, concurrently or by a repeat of this call) is
  // returned as it is, unchanged. NotFound for an unknown id.
  // An approval first moves the transaction awaiting -> pending (compare-and-
  // set), so that of concurrent approvals only one calls the processor (one
  // capture); the others wait up to kDecisionWait for its decision. When the
  // processor cannot tell (kUnknown) an approval stays pending, for the
  // reconciler's Lookup.
  Result<Transaction> ResolveAwaiting(const std::string& transaction_id, bool approved);

  // A provider's own report (a verified webhook) of the outcome of an attempt
  // still pending or awaiting: confirmed -> confirmed, the session completed;
  // error -> failed, the session open again. By compare-and-set on the
  // status: an attempt decided before (by the payment, a return, the
  // reconciler or the same event delivered twice) is returned unchanged.
  Result<Transaction> Settle(const std::string& transaction_id, const PaymentOutcome& outcome);

  Result<Transaction> FindTransaction(const std::string& transaction_id);
  Result<std::vector<Transaction>> TransactionsOfSession(const std::string& session_hash);

 private:
  // The pending attempt of `locked` (the record as commit 1 stores it).
  Transaction NewAttempt(const Form& form, const SessionRecord& locked, const PaymentOptions& options) const;

  // The processor call and commit 2 for the session `locked` that commit 1
  // has just moved to processing with `transaction`.
  Result<PaymentResult> Charge(const SessionRecord& locked, const Transaction& transaction,
                               PaymentProcessor* processor, const PaymentOptions& options);

  // The transaction after a concurrent approval decided it (or kDecisionWait).
  Result<Transaction> AwaitDecision(const std::string& transaction_id);

  const PaymentBackends backends_;
  const NowFunction now_;
  SessionService sessions_;
};

}  // namespace prefill
