// MySqlTransactionStore: the TransactionStore of payments/transaction_store.h
// on MariaDB, table `transactions` of sql/002_transactions.sql.
//
// Contract, beyond the interface's:
// - One prepared statement with bound parameters per call (no value is ever
//   spliced into SQL text); UpdateIf's conflict path adds one existence check.
// - Every write autocommits on InnoDB: durable before the call returns. The
//   ...On variants write inside a caller's database transaction instead.
// - UpdateIf is `UPDATE ... WHERE id = ? AND status = ?`: the row lock of that
//   single statement makes compare and set atomic.
// - Values that a column could not hold exactly (too long, invalid UTF-8, an
//   amount that is not a decimal of at most 13+2 digits, a time outside
//   DATETIME's range) are refused with InvalidArgument before anything is
//   written, so a non-strict sql_mode can never truncate silently.
// - Times are stored as UTC DATETIME(6), moved as microseconds since the epoch.
// - LatestForSession walks idx_transactions_session (session_hash, created_at)
//   backwards; ListStale is a keyset page on idx_transactions_status (status,
//   updated_at), whose entries end in the primary key id: one bounded range
//   read per page, whatever the size of the table.
// - A row that cannot be read back (unknown status) is Internal, never a crash.
//
// Errors: storage unreachable -> Unavailable; duplicate id -> AlreadyExists
// (both via ConnectionPool::Run). Thread-safe: holds no mutable state.
#pragma once

#include <string>
#include <vector>

#include "payments/transaction_store.h"
#include "storage/connection_pool.h"

namespace prefill {

class MySqlTransactionStore : public TransactionStore {
 public:
  // `pool` must outlive the store.
  explicit MySqlTransactionStore(ConnectionPool& pool) : pool_(pool) {}

  Status Insert(const Transaction& transaction) override;
  Result<Transaction> Find(const std::string& id) override;
  Status UpdateIf(const Transaction& transaction, TransactionStatus expected) override;
  Result<std::vector<Transaction>> ListForSession(const std::string& session_hash) override;
  Result<Transaction> LatestForSession(const std::string& session_hash) override;
  Result<std::vector<Transaction>> ListStale(TransactionStatus status, TimePoint updated_before,
                                             const Transaction* after, size_t limit) override;

  // Insert's and UpdateIf's statements on `c`, a connection leased from this
  // store's pool (inside ConnectionPool::Run), for a writer that stores the
  // attempt in its own database transaction (mysql_payment_ledger.h). Same
  // answers; driver exceptions propagate to Run.
  Status InsertOn(sql::Connection& c, const Transaction& transaction);
  Status UpdateIfOn(sql::Connection& c, const Transaction& transaction, TransactionStatus expected);
  Result<Transaction> FindOn(sql::Connection& c, const std::string& id);

 private:
  // The one row `where` selects with `key` as its only parameter, or NotFound(`missing`).
  Result<Transaction> FindOne(const char* where, const std::string& key, const char* missing);

  ConnectionPool& pool_;
};

}  // namespace prefill
