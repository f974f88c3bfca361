// PaymentBackends: what every settler of payments works through - the session
// and transaction stores, the ledger that writes both in one commit, and the
// sandbox and live processors. PaymentService (the donor's payment) and
// PaymentReconciler (the repair of unfinished ones) each hold one, so the
// choice of processor by mode and the default ledger are decided once.
//
// The stores, the ledger and the processors are not owned (they must outlive
// this) except the default ledger: with `ledger` null, a MemoryPaymentLedger
// over the two stores, for unit tests only (production passes
// storage/mysql_payment_ledger.h). `live` may be null: ProcessorFor(false) is
// then null and callers refuse live payments.
//
// Thread safety: immutable after construction; as safe as the parts it points to.
#pragma once

#include <memory>
#include <optional>

#include "common/status.h"
#include "payments/payment_ledger.h"
#include "payments/payment_processor.h"
#include "payments/transaction.h"
#include "payments/transaction_store.h"
#include "session/session_store.h"

namespace prefill {

class PaymentBackends {
 public:
  PaymentBackends(SessionStore* sessions, TransactionStore* transactions, PaymentProcessor* sandbox,
                  PaymentProcessor* live, PaymentLedger* ledger);
  PaymentBackends(const PaymentBackends&) = delete;
  PaymentBackends& operator=(const PaymentBackends&) = delete;

  SessionStore& sessions() const { return *sessions_; }
  TransactionStore& transactions() const { return *transactions_; }
  PaymentLedger& ledger() const { return *ledger_; }

  // The processor of sandbox (`sandbox` true) or live sessions and attempts.
  PaymentProcessor* ProcessorFor(bool sandbox) const { return sandbox ? sandbox_ : live_; }

  // RecordOutcome (payment_ledger.h) over these stores and this ledger.
  Status RecordOutcome(const Transaction& decided, TransactionStatus expected, const NowFunction& now,
                       std::optional<SessionRecord> snapshot = std::nullopt, bool* settled = nullptr) const;

 private:
  SessionStore* const sessions_;
  TransactionStore* const transactions_;
  const std::unique_ptr<PaymentLedger> own_ledger_;  // when none was given
  PaymentLedger* const ledger_;
  PaymentProcessor* const sandbox_;
  PaymentProcessor* const live_;
};

}  // namespace prefill
