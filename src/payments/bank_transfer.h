// Live bank transfer (SPEC 5.4): the donor is given the charity's account and
// a unique reference to type into their banking app; the transaction is
// `pending_transfer` until someone marks the transfer received.
//
// BankTransferStore records each reference once (storage/mysql_bank_transfer_store.h,
// table bank_transfers: the reference is the primary key, one per attempt).
// BankTransferProcessor:
//   - Takes `bank_transfer` for forms with a `bank_transfer` account;
//   - Charge refuses a recurring interval (a transfer is a one-off gift; only
//     SEPA direct debit can be recurring), else records a new reference
//     (references.h: no 0/O, 1/I/L; a collision is retried) and answers
//     confirmed with the instructions, awaiting_transfer set;
//   - Lookup answers what Charge recorded for the transaction id, or "payment
//     interrupted" when nothing was.
// MarkTransferReceived: pending_transfer -> confirmed by compare-and-set;
// repeating it returns the confirmed transaction unchanged.
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/status.h"
#include "forms/form.h"
#include "payments/payment_ledger.h"
#include "payments/payment_processor.h"
#include "payments/transaction_store.h"

namespace prefill {

struct BankTransfer {
  std::string reference;  // "PF-XXXX-XXXX-C"
  std::string transaction_id;
  std::string form_id;
  int64_t amount_cents = 0;
  std::string currency;
  TimePoint created_at{};
};

class BankTransferStore {
 public:
  virtual ~BankTransferStore() = default;
  // AlreadyExists when the reference or the transaction id is taken.
  virtual Status Insert(const BankTransfer& transfer) = 0;
  virtual Result<BankTransfer> FindByTransaction(const std::string& transaction_id) = 0;
};

class BankTransferProcessor : public PaymentProcessor {
 public:
  using FormById = std::function<const Form*(const std::string& form_id)>;
  BankTransferProcessor(BankTransferStore* store, FormById forms, std::function<TimePoint()> now);

  bool Takes(const std::string& form_id, const std::string& payment_method) const override;
  PaymentOutcome Charge(const PaymentRequest& request) override;
  PaymentOutcome Resolve(const Transaction& awaiting, bool approved) override;
  Result<PaymentOutcome> Lookup(const PaymentRequest& attempt) override;

 private:
  PaymentOutcome Instructions(const std::string& form_id, const std::string& reference) const;

  BankTransferStore* const store_;
  const FormById forms_;
  const std::function<TimePoint()> now_;
};

// The global error of a recurring gift by bank transfer.
inline constexpr char kRecurringTransferError[] =
    "a bank transfer is a one-off gift; please choose SEPA direct debit for a recurring gift";

// pending_transfer -> confirmed, with its transaction.received event in the
// same commit of `ledger` (null: through `transactions`, without an event;
// tests only). NotFound for an unknown id; InvalidArgument for a transaction
// that is neither pending_transfer nor (already) a confirmed live bank transfer.
Result<Transaction> MarkTransferReceived(TransactionStore& transactions, PaymentLedger* ledger,
                                         const std::string& transaction_id, TimePoint now);

}  // namespace prefill
