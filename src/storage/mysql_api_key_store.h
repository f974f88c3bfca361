// MySqlApiKeyStore: the ApiKeyStore of rest/api_key_store.h on MariaDB, table
// `api_keys` of sql/003_api_keys.sql. Prepared statements only; every write
// autocommits. Names are unique among active keys (a generated column with a
// unique index), so concurrent creates of one name end in one AlreadyExists.
// Timestamps travel as microseconds since the epoch and are converted by
// TIMESTAMPADD/TIMESTAMPDIFF in SQL, exact and independent of the time zone.
// Thread-safe: holds no mutable state.
#pragma once

#include "rest/api_key_store.h"
#include "storage/connection_pool.h"

namespace prefill {

class MySqlApiKeyStore : public ApiKeyStore {
 public:
  // `pool` must outlive the store.
  explicit MySqlApiKeyStore(ConnectionPool& pool) : pool_(pool) {}

  Result<ApiKey> Insert(const std::string& name, const GeneratedApiKey& key, const std::set<Scope>& scopes,
                        TimePoint now) override;
  Result<ApiKey> FindActiveByHash(const std::string& key_hash) override;
  Result<std::vector<ApiKey>> List() override;
  Status Revoke(const std::string& name, TimePoint now) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace prefill
