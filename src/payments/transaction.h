// Transaction: the record of one payment attempt of one session (SPEC section 5).
//
// Plain data shared by the payment service, the transaction stores and the
// wire formats. Holds no secret: the IBAN only as a mask of its last four
// characters, the card token never, the donor's IP never. The redirect URLs
// are kept so the return from an approval page (PayPal) knows where to send
// the donor.
//
// Status life cycle (every attempt starts pending, written before the
// processor is called):
//   pending  -> confirmed   money will move; the session is completed
//   pending  -> awaiting    the donor must approve at the provider (PayPal)
//   pending  -> failed      declined, refused, provider unavailable; the session
//                           is open again for correction and retry
//   awaiting -> confirmed | cancelled
//   pending  -> pending_transfer   live bank transfer: the donor was given the
//                                  instructions; the session is completed
//   pending_transfer -> confirmed  the transfer was marked received
//   confirmed -> returned          a SEPA debit came back (docs/sepa.md)
// failed, cancelled and returned are final; confirmed is final but for a return.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "session/session.h"

namespace prefill {

enum class TransactionStatus { kPending, kConfirmed, kAwaiting, kFailed, kCancelled, kPendingTransfer, kReturned };

const char* TransactionStatusName(TransactionStatus s);  // "pending", "confirmed", ...
bool ParseTransactionStatus(const std::string& name, TransactionStatus* out);
bool IsFinal(TransactionStatus s);

// How a donor pays by bank transfer: the charity's account and the reference
// that ties the transfer to this donation.
struct PaymentInstructions {
  std::string account_holder;
  std::string iban;
  std::string bic;
  std::string reference;
};

// What a donor must be told before a SEPA direct debit is collected (SPEC
// 5.2, EPC rulebook 4.5 "pre-notification"): the mandate, the creditor, the
// amount and the due date of the first collection. Typed, for the hosted
// thank-you page and the wire formats.
struct SepaPreNotification {
  std::string mandate_reference;
  std::string creditor_id;
  std::string creditor_name;
  int64_t amount_cents = 0;
  std::string due_date;  // "YYYY-MM-DD"
  int interval_months = 0;  // 0: one-off; else every N months on the same day
};

struct Transaction {
  std::string id;            // opaque (random UUID), never sequential
  std::string session_hash;  // the session paid
  std::string form_id;
  std::string amount;    // canonical decimal, e.g. "12.00"
  std::string currency;  // ISO 4217
  std::string payment_method;
  int interval = 0;  // months between payments; 0: once
  TransactionStatus status = TransactionStatus::kPending;
  bool is_test = false;                       // sandbox: no money moves
  std::optional<std::string> masked_iban;     // "****3000", SEPA only
  std::string provider_reference;             // empty until the processor answered
  std::string failure_reason;                 // donor-readable, failed/cancelled only
  std::optional<PaymentInstructions> instructions;  // bank transfer only
  std::optional<SepaPreNotification> pre_notification;  // live SEPA direct debit only
  std::string success_url;                    // where the donor goes after approval; may be empty
  std::string failure_url;                    // ... after cancellation; may be empty
  TimePoint created_at{};
  TimePoint updated_at{};
};

// A new opaque transaction id: a random (version 4) UUID in its 36-character text form.
std::string NewTransactionId();

// "****" + the last four characters of `iban` (spaces ignored); "" for an IBAN
// shorter than five characters, which a validated IBAN never is.
std::string MaskIban(const std::string& iban);

}  // namespace prefill
