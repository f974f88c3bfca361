// ApiKeyStore: where API keys live (storage/mysql_api_key_store.h on MariaDB).
// Stores only hashes (see rest/api_key.h). Thread-safe implementations only.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "rest/api_key.h"

namespace prefill {

class ApiKeyStore {
 public:
  virtual ~ApiKeyStore() = default;

  // AlreadyExists if a key that is not revoked has this name.
  virtual Result<ApiKey> Insert(const std::string& name, const GeneratedApiKey& key, const std::set<Scope>& scopes,
                                TimePoint now) = 0;

  // The key whose hash is `key_hash` and that is not revoked; NotFound otherwise.
  virtual Result<ApiKey> FindActiveByHash(const std::string& key_hash) = 0;

  // Every key, revoked ones included, oldest first.
  virtual Result<std::vector<ApiKey>> List() = 0;

  // Revokes the active key called `name`; NotFound if there is none.
  virtual Status Revoke(const std::string& name, TimePoint now) = 0;
};

// Creates a key called `name` with `scopes`; returns it with its secret, which
// exists nowhere else afterwards. InvalidArgument for a bad name.
struct CreatedApiKey {
  ApiKey key;
  std::string secret;
};
Result<CreatedApiKey> CreateApiKey(ApiKeyStore& store, const std::string& name, const std::set<Scope>& scopes,
                                   TimePoint now);

// The active key sent as "Authorization: Bearer <key>": Unauthenticated cases
// (no header, not a Bearer credential, unknown or revoked key) are NotFound;
// storage problems pass through.
Result<ApiKey> AuthenticateBearer(ApiKeyStore& store, std::string_view authorization);

}  // namespace prefill
