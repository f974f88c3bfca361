// PaymentProcessor: the module a complete session is handed to (SPEC section 5).
//
// The payment service calls Charge once per attempt, after the session is
// locked (processing) and the attempt is recorded as a pending transaction,
// so a processor never sees the same attempt twice from one service call.
// A processor answers with an outcome, never a Status: "the provider is
// unreachable" is an outcome the donor must see (error, retry later), not a
// failure of Prefill.
//
// Data a processor gets: the session's canonical values (it needs the IBAN or
// card token to charge), the amount, currency and method, the donor's IP (for
// the provider's fraud checks) and the transaction id (the idempotency key a
// real provider should be given). It must not log tokens or IBANs.
//
// Lookup is how payment reconciliation (payments/payment_reconciler.h) learns
// the outcome of an attempt whose answer was lost: it must never charge.
//
// Implementations must be thread-safe: many payments run at once.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/status.h"
#include "payments/transaction.h"

namespace prefill {

struct PaymentRequest {
  std::string transaction_id;
  std::string session_hash;  // the session paid (a live provider keeps it as metadata)
  std::string form_id;       // the form: its processor account, SEPA creditor, transfer account
  std::string amount;    // canonical decimal, e.g. "12.00"
  std::string currency;  // ISO 4217
  std::string payment_method;
  int interval = 0;
  std::map<std::string, std::string> values;  // the session's canonical values
  std::string donor_ip;
};

// The request that charges (or looks up) the attempt `attempt`: its ids,
// amount, currency, method and interval; `values` and `donor_ip` are the
// caller's to fill (the session's values, the donor's address when known).
PaymentRequest PaymentRequestFor(const Transaction& attempt);

struct PaymentOutcome {
  // kUnknown: the provider may or may not have taken the payment (timeout,
  // 5xx, 429, an answer that cannot be read): nothing may be concluded. The
  // attempt stays as it is (pending, or awaiting for Resolve) and is decided
  // later by Lookup or a provider webhook; never by charging again.
  enum class Kind { kConfirmed, kAwaiting, kError, kUnknown };
  Kind kind = Kind::kError;
  std::string provider_reference;                   // the provider's id of the payment
  std::string redirect_url;                         // kAwaiting: where the donor approves;
                                                    // a path ("/...") is on this server
  std::string error;                                // kError: donor-readable reason
  std::optional<PaymentInstructions> instructions;  // bank transfer
  std::optional<SepaPreNotification> pre_notification;  // live SEPA direct debit
  bool awaiting_transfer = false;  // kConfirmed of a live bank transfer: the
                                   // transaction is pending_transfer until received

  static PaymentOutcome Confirmed(std::string reference) {
    PaymentOutcome o;
    o.kind = Kind::kConfirmed;
    o.provider_reference = std::move(reference);
    return o;
  }
  static PaymentOutcome Awaiting(std::string reference, std::string redirect_url) {
    PaymentOutcome o;
    o.kind = Kind::kAwaiting;
    o.provider_reference = std::move(reference);
    o.redirect_url = std::move(redirect_url);
    return o;
  }
  static PaymentOutcome Unknown(std::string why, std::string reference = "") {
    PaymentOutcome o;
    o.kind = Kind::kUnknown;
    o.error = std::move(why);  // for logs, not for donors
    o.provider_reference = std::move(reference);
    return o;
  }
  static PaymentOutcome Error(std::string reason, std::string reference = "") {
    PaymentOutcome o;
    o.kind = Kind::kError;
    o.error = std::move(reason);
    o.provider_reference = std::move(reference);
    return o;
  }
};

// The transaction status a confirmed or error outcome records, and the
// outcome's details copied onto the transaction (reference, instructions,
// pre-notification): one rule for the payment service and the reconciler.
TransactionStatus ConfirmedStatus(const PaymentOutcome& outcome);
void CopyOutcomeDetails(const PaymentOutcome& outcome, Transaction* transaction);

class PaymentProcessor {
 public:
  virtual ~PaymentProcessor() = default;


  // Charges one attempt: confirmed, awaiting (the donor must approve at
  // outcome.redirect_url) or error (with a donor-readable reason).
  virtual PaymentOutcome Charge(const PaymentRequest& request) = 0;

  // The provider's answer to an awaiting payment the donor approved
  // (`approved`) or cancelled at the provider: confirmed or error. When
  // decisions race it may be called more than once for one transaction and
  // only the first recorded answer counts, so it must be idempotent per
  // transaction id (for a real provider: the capture, keyed by that id).
  virtual PaymentOutcome Resolve(const Transaction& awaiting, bool approved) = 0;

  // The outcome of an earlier Charge whose answer was lost (a crash, or the
  // answer could not be recorded), found by attempt.transaction_id, the
  // idempotency key Charge was given: confirmed, awaiting or error, as the
  // provider decided it. "No such payment" means Charge never reached the
  // provider, so nothing was charged: an error outcome. Must not charge, not
  // even an attempt that never arrived: a live processor asks the provider's
  // payment-status (or idempotent replay) API for that key. Unavailable when
  // the provider cannot tell now; the caller asks again later.
  //
  // `attempt` is the Charge request rebuilt from the transaction and its
  // session's values (which cannot change while the session is processing);
  // donor_ip is empty (never stored), and values are empty when the session
  // no longer exists.
  virtual Result<PaymentOutcome> Lookup(const PaymentRequest& attempt) = 0;

  // Whether this processor takes payments of `method` for form `form_id`.
  // When it does not, the payment service refuses the payment before
  // recording anything (kNoLiveProcessorError), as when there is no processor
  // at all. A live router answers by the form's routes (providers/live_processors.h).
  virtual bool Takes(const std::string& form_id, const std::string& method) const { return true; }
};

}  // namespace prefill
