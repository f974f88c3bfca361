#include "payments/payment_processor.h"

namespace prefill {

TransactionStatus ConfirmedStatus(const PaymentOutcome& outcome) {
  return outcome.awaiting_transfer ? TransactionStatus::kPendingTransfer : TransactionStatus::kConfirmed;
}

void CopyOutcomeDetails(const PaymentOutcome& outcome, Transaction* t) {
  if (!outcome.provider_reference.empty()) t->provider_reference = outcome.provider_reference;
  t->instructions = outcome.instructions;
  t->pre_notification = outcome.pre_notification;
}

}  // namespace prefill
