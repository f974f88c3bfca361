#include "payments/memory_transaction_store.h"

#include <algorithm>
#include <tuple>

namespace prefill {

Status MemoryTransactionStore::Insert(const Transaction& transaction) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!transactions_.emplace(transaction.id, transaction).second) {
    return Status::AlreadyExists("transaction id taken");
  }
  insertion_order_.push_back(transaction.id);
  return Status::OK();
}

Result<Transaction> MemoryTransactionStore::Find(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = transactions_.find(id);
  if (it == transactions_.end()) return Status::NotFound("transaction not found");
  return it->second;
}

Status MemoryTransactionStore::UpdateIf(const Transaction& transaction, TransactionStatus expected) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = transactions_.find(transaction.id);
  if (it == transactions_.end()) return Status::NotFound("transaction not found");
  if (it->second.status != expected) return Status::Conflict("transaction changed concurrently");
  Transaction updated = transaction;
  updated.session_hash = it->second.session_hash;
  updated.created_at = it->second.created_at;
  it->second = std::move(updated);
  return Status::OK();
}

Result<std::vector<Transaction>> MemoryTransactionStore::ListForSession(const std::string& session_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Transaction> found;
  for (const std::string& id : insertion_order_) {
    const Transaction& t = transactions_.at(id);
    if (t.session_hash == session_hash) found.push_back(t);
  }
  return found;
}

Result<Transaction> MemoryTransactionStore::LatestForSession(const std::string& session_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  const Transaction* latest = nullptr;
  for (const auto& [id, t] : transactions_) {
    if (t.session_hash != session_hash) continue;
    if (latest == nullptr || std::tie(t.created_at, t.id) > std::tie(latest->created_at, latest->id)) latest = &t;
  }
  if (latest == nullptr) return Status::NotFound("session has no transaction");
  return *latest;
}

Result<std::vector<Transaction>> MemoryTransactionStore::ListStale(TransactionStatus status, TimePoint updated_before,
                                                                   const Transaction* after, size_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Transaction> found;
  for (const auto& [id, t] : transactions_) {
    if (t.status != status || t.updated_at >= updated_before) continue;
    if (after != nullptr && std::tie(t.updated_at, t.id) <= std::tie(after->updated_at, after->id)) continue;
    found.push_back(t);
  }
  std::sort(found.begin(), found.end(),
            [](const Transaction& a, const Transaction& b) { return std::tie(a.updated_at, a.id) < std::tie(b.updated_at, b.id); });
  if (found.size() > limit) found.resize(limit);
  return found;
}

size_t MemoryTransactionStore::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return transactions_.size();
}

}  // namespace prefill
