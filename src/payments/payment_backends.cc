#include "payments/payment_backends.h"

#include <utility>

#include "payments/memory_payment_ledger.h"

namespace prefill {

PaymentBackends::PaymentBackends(SessionStore* sessions, TransactionStore* transactions, PaymentProcessor* sandbox,
                                 PaymentProcessor* live, PaymentLedger* ledger)
    : sessions_(sessions),
      transactions_(transactions),
      own_ledger_(ledger == nullptr ? std::make_unique<MemoryPaymentLedger>(sessions, transactions) : nullptr),
      ledger_(ledger == nullptr ? own_ledger_.get() : ledger),
      sandbox_(sandbox),
      live_(live) {}

Status PaymentBackends::RecordOutcome(const Transaction& decided, TransactionStatus expected, const NowFunction& now,
                                      std::optional<SessionRecord> snapshot, bool* settled) const {
  return prefill::RecordOutcome(*ledger_, *sessions_, *transactions_, decided, expected, now, std::move(snapshot),
                                settled);
}

}  // namespace prefill
