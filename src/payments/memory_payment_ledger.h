// MemoryPaymentLedger: the PaymentLedger of payment_ledger.h over any
// SessionStore and TransactionStore, for unit tests on the in-memory stores
// (and test stores that wrap them to fail on purpose).
//
// Atomic with respect to every other Commit of the same ledger (one mutex) and
// all-or-nothing: the parts are applied one by one (session compare-and-set,
// attempt update, attempt insert) and, when one fails, those already applied
// are undone before the answer. A reader of the stores may glimpse a part
// between the steps; nothing survives the process, so crashes are not its
// concern: those are tested on MariaDB. Events are kept in memory with the
// commit that made them. Not for production use. Thread-safe.
#pragma once

#include <mutex>
#include <vector>

#include "payments/payment_ledger.h"
#include "payments/transaction_store.h"
#include "session/session_store.h"

namespace prefill {

class MemoryPaymentLedger : public PaymentLedger {
 public:
  // Both stores must outlive the ledger.
  MemoryPaymentLedger(SessionStore* sessions, TransactionStore* transactions)
      : sessions_(sessions), transactions_(transactions) {}

  Status Commit(PaymentWrite& write) override;

  // The events of every successful Commit, in commit order (the outbox).
  std::vector<DomainEvent> events() const;

 private:
  mutable std::mutex mu_;
  std::vector<DomainEvent> events_;  // guarded by mu_
  SessionStore* const sessions_;
  TransactionStore* const transactions_;
};

}  // namespace prefill
