#include "payments/bank_transfer.h"

#include "payments/payment_service.h"
#include "payments/sepa/references.h"
#include "validators/amount.h"

namespace prefill {
namespace {

constexpr char kMethod[] = "bank_transfer";
constexpr int kMaxReferenceAttempts = 5;

}  // namespace

BankTransferProcessor::BankTransferProcessor(BankTransferStore* store, FormById forms, std::function<TimePoint()> now)
    : store_(store), forms_(std::move(forms)), now_(std::move(now)) {}

bool BankTransferProcessor::Takes(const std::string& form_id, const std::string& payment_method) const {
  if (payment_method != kMethod) return false;
  const Form* form = forms_(form_id);
  return form != nullptr && form->bank_transfer.has_value();
}

PaymentOutcome BankTransferProcessor::Instructions(const std::string& form_id, const std::string& reference) const {
  PaymentOutcome outcome = PaymentOutcome::Confirmed(reference);
  outcome.awaiting_transfer = true;
  const Form* form = forms_(form_id);
  if (form != nullptr && form->bank_transfer) {
    const BankTransferAccount& account = *form->bank_transfer;
    outcome.instructions = PaymentInstructions{account.account_holder, account.iban, account.bic, reference};
  }
  return outcome;
}

PaymentOutcome BankTransferProcessor::Charge(const PaymentRequest& request) {
  if (!Takes(request.form_id, request.payment_method)) return PaymentOutcome::Error(kNoLiveProcessorError);
  if (request.interval != 0) return PaymentOutcome::Error(kRecurringTransferError);
  BankTransfer transfer;
  transfer.transaction_id = request.transaction_id;
  transfer.form_id = request.form_id;
  transfer.amount_cents = validators::ParseAmount(request.amount).value_or(0);
  transfer.currency = request.currency;
  transfer.created_at = now_();
  for (int attempt = 0; attempt < kMaxReferenceAttempts; ++attempt) {
    transfer.reference = sepa::NewTransferReference();
    Status written = store_->Insert(transfer);
    if (written.ok()) return Instructions(request.form_id, transfer.reference);
    if (!written.Is(Status::Code::kAlreadyExists)) {
      return PaymentOutcome::Error("the transfer could not be recorded, please try again");
    }
    Result<BankTransfer> existing = store_->FindByTransaction(request.transaction_id);
    if (existing.ok()) return Instructions(request.form_id, existing->reference);
  }
  return PaymentOutcome::Error("the transfer could not be recorded, please try again");
}

PaymentOutcome BankTransferProcessor::Resolve(const Transaction& awaiting, bool approved) {
  return PaymentOutcome::Error("a bank transfer is never awaiting approval");
}

Result<PaymentOutcome> BankTransferProcessor::Lookup(const PaymentRequest& attempt) {
  Result<BankTransfer> found = store_->FindByTransaction(attempt.transaction_id);
  if (found.status().Is(Status::Code::kNotFound)) return PaymentOutcome::Error("payment interrupted, please pay again");
  if (!found.ok()) return Status::Unavailable("bank transfer store: " + found.status().message());
  return Instructions(found->form_id, found->reference);
}

Result<Transaction> MarkTransferReceived(TransactionStore& transactions, PaymentLedger* ledger, const std::string& id,
                                         TimePoint now) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    Result<Transaction> found = transactions.Find(id);
    if (!found.ok()) return found;
    if (found->status == TransactionStatus::kConfirmed && found->payment_method == kMethod && !found->is_test) {
      return found;  // marked before
    }
    if (found->status != TransactionStatus::kPendingTransfer) {
      return Status::InvalidArgument(std::string("the transaction is ") + TransactionStatusName(found->status) +
                              ", not awaiting a bank transfer");
    }
    Transaction received = *found;
    received.status = TransactionStatus::kConfirmed;
    received.updated_at = now;
    Status written;
    if (ledger != nullptr) {
      // transaction.received in the same commit as the change.
      PaymentWrite write;
      write.update = received;
      write.expected = TransactionStatus::kPendingTransfer;
      write.events = EventsOfOutcome(received, TransactionStatus::kPendingTransfer);
      written = ledger->Commit(write);
    } else {
      written = transactions.UpdateIf(received, TransactionStatus::kPendingTransfer);
    }
    if (written.ok()) return received;
    if (!written.Is(Status::Code::kConflict)) return written;
  }
  return Status::Unavailable("transaction too busy, try again");
}

}  // namespace prefill
