// MemoryTransactionStore: a TransactionStore held in process memory.
//
// Implements the exact contract of transaction_store.h (compare-and-set on
// `status`, AlreadyExists on a taken id) behind one mutex, so the payment
// service can be unit-tested without a database. Nothing survives the
// process; not for production use. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "payments/transaction_store.h"

namespace prefill {

class MemoryTransactionStore : public TransactionStore {
 public:
  Status Insert(const Transaction& transaction) override;
  Result<Transaction> Find(const std::string& id) override;
  Status UpdateIf(const Transaction& transaction, TransactionStatus expected) override;
  Result<std::vector<Transaction>> ListForSession(const std::string& session_hash) override;
  Result<Transaction> LatestForSession(const std::string& session_hash) override;
  Result<std::vector<Transaction>> ListStale(TransactionStatus status, TimePoint updated_before,
                                             const Transaction* after, size_t limit) override;

  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, Transaction> transactions_;  // by id; guarded by mu_
  std::vector<std::string> insertion_order_;         // guarded by mu_
};

}  // namespace prefill
