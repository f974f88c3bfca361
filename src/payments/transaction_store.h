// TransactionStore: where payment attempts are recorded. The payment service
// talks only to this interface; storage/mysql_transaction_store.h implements it
// on MariaDB, payments/memory_transaction_store.h in memory for unit tests.
//
// Concurrency contract: UpdateIf is a compare-and-set on `status`. It writes
// the transaction only if the stored status still equals `expected`;
// otherwise it returns Conflict and writes nothing. This is what makes the
// resolution of an awaiting payment (approve vs cancel, or two approvals)
// happen once. Every successful call is durable before it returns.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/status.h"
#include "payments/transaction.h"

namespace prefill {

class TransactionStore {
 public:
  virtual ~TransactionStore() = default;

  // AlreadyExists if the id is taken.
  virtual Status Insert(const Transaction& transaction) = 0;

  // NotFound if no such id. Unavailable if storage cannot be reached.
  virtual Result<Transaction> Find(const std::string& id) = 0;

  // Replaces the stored transaction of transaction.id (every field but id,
  // session_hash and created_at) if its status equals `expected`; Conflict if
  // it does not, NotFound if there is no such id.
  virtual Status UpdateIf(const Transaction& transaction, TransactionStatus expected) = 0;

  // Every attempt of one session, oldest first.
  virtual Result<std::vector<Transaction>> ListForSession(const std::string& session_hash) = 0;

  // The session's most recent attempt (greatest created_at, then id); NotFound
  // if it has none.
  virtual Result<Transaction> LatestForSession(const std::string& session_hash) = 0;

  // Up to `limit` transactions in `status` whose updated_at is before
  // `updated_before`, ordered by (updated_at, id), each after `after` in that
  // order (nullptr starts at the beginning). Walking pages with the last
  // transaction of one as `after` of the next visits each at most once, even
  // while listed ones are being rewritten. For payment reconciliation.
  virtual Result<std::vector<Transaction>> ListStale(TransactionStatus status, TimePoint updated_before,
                                                     const Transaction* after, size_t limit) = 0;
};

}  // namespace prefill
