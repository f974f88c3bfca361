// MySqlPaymentLedger: the PaymentLedger of payments/payment_ledger.h on
// MariaDB. Each Commit is one database transaction on one pooled connection:
// START TRANSACTION, the session's compare-and-set (MySqlSessionStore::UpdateOn),
// the attempt's compare-and-set and insert (MySqlTransactionStore::...On),
// the events into the outbox (MySqlOutbox::InsertOn), COMMIT; any refusal
// rolls all of it back. InnoDB with
// innodb_flush_log_at_trx_commit=1 (scripts/mariadb.sh) makes the commit
// durable before it is acknowledged.
//
// Errors (through ConnectionPool::Run): a refused part as its store answers
// (Conflict, NotFound, InvalidArgument), after a ROLLBACK; a deadlock, lock
// wait timeout or Galera certification failure (1213 / 1205 / 40001, also at
// COMMIT) -> Conflict, retried by the caller; a lost connection ->
// Unavailable, which at COMMIT may mean committed or not: the caller never
// reports such a write as done (payment_ledger.h).
//
// Fault points: "ledger_before_commit" after every statement, before COMMIT;
// "ledger_before_outcome_commit" the same for a Commit that updates an
// attempt (a payment's commit 2).
// Thread-safe: holds no mutable state.
#pragma once

#include "payments/payment_ledger.h"
#include "storage/connection_pool.h"
#include "storage/mysql_outbox.h"
#include "storage/mysql_session_store.h"
#include "storage/mysql_transaction_store.h"

namespace prefill {

class MySqlPaymentLedger : public PaymentLedger {
 public:
  // All must outlive the ledger; the stores and the outbox must be on `pool`.
  // `outbox` null: events are not stored (tests of the commits alone; the app
  // always gives one).
  MySqlPaymentLedger(ConnectionPool& pool, MySqlSessionStore& sessions, MySqlTransactionStore& transactions,
                     MySqlOutbox* outbox = nullptr)
      : pool_(pool), sessions_(sessions), transactions_(transactions), outbox_(outbox) {}

  Status Commit(PaymentWrite& write) override;

 private:
  ConnectionPool& pool_;
  MySqlSessionStore& sessions_;
  MySqlTransactionStore& transactions_;
  MySqlOutbox* const outbox_;
};

}  // namespace prefill
