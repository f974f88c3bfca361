#include "payments/payment_processor.h"

namespace prefill {

PaymentRequest PaymentRequestFor(const Transaction& attempt) {
  PaymentRequest request;
  request.transaction_id = attempt.id;
  request.session_hash = attempt.session_hash;
  request.form_id = attempt.form_id;
  request.amount = attempt.amount;
  request.currency = attempt.currency;
  request.payment_method = attempt.payment_method;
  request.interval = attempt.interval;
  return request;
}

TransactionStatus ConfirmedStatus(const PaymentOutcome& outcome) {
  return outcome.awaiting_transfer ? TransactionStatus::kPendingTransfer : TransactionStatus::kConfirmed;
}

void CopyOutcomeDetails(const PaymentOutcome& outcome, Transaction* t) {
  if (!outcome.provider_reference.empty()) t->provider_reference = outcome.provider_reference;
  t->instructions = outcome.instructions;
  t->pre_notification = outcome.pre_notification;
}

}  // namespace prefill
