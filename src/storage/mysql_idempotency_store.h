// MySqlIdempotencyStore: the IdempotencyStore of rest/idempotency.h on MariaDB,
// table `idempotency_keys` of sql/004_idempotency.sql. Claim is a plain INSERT:
// the primary key (api key id, idempotency key) lets exactly one of several
// concurrent claims succeed (the others get AlreadyExists). Prepared
// statements only; every write autocommits. Thread-safe.
#pragma once

#include "rest/idempotency.h"
#include "storage/connection_pool.h"

namespace prefill {

class MySqlIdempotencyStore : public IdempotencyStore {
 public:
  // `pool` must outlive the store.
  explicit MySqlIdempotencyStore(ConnectionPool& pool) : pool_(pool) {}

  Status Claim(int64_t api_key_id, const std::string& key, const std::string& fingerprint, TimePoint now) override;
  Result<IdempotencyEntry> Find(int64_t api_key_id, const std::string& key) override;
  Status Complete(int64_t api_key_id, const std::string& key, const StoredAnswer& answer) override;
  Status Remove(int64_t api_key_id, const std::string& key, TimePoint created_at) override;
  Result<int64_t> PurgeBefore(TimePoint cutoff) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace prefill
