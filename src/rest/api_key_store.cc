#include "rest/api_key_store.h"

namespace prefill {

Result<CreatedApiKey> CreateApiKey(ApiKeyStore& store, const std::string& name, const std::set<Scope>& scopes,
                                   TimePoint now) {
  if (!IsValidApiKeyName(name)) {
    return Status::InvalidArgument("a key name is 1-100 printable ASCII characters without surrounding spaces");
  }
  if (scopes.empty()) return Status::InvalidArgument("a key needs at least one scope");
  GeneratedApiKey generated = GenerateApiKey();
  Result<ApiKey> inserted = store.Insert(name, generated, scopes, now);
  if (!inserted.ok()) {
    if (inserted.status().Is(Status::Code::kAlreadyExists)) {
      return Status::AlreadyExists("an active key is already called \"" + name + "\"");
    }
    return inserted.status();
  }
  return CreatedApiKey{std::move(*inserted), std::move(generated.secret)};
}

Result<ApiKey> AuthenticateBearer(ApiKeyStore& store, std::string_view authorization) {
  std::string secret = BearerToken(authorization);
  if (secret.empty()) return Status::NotFound("no bearer credential");
  // A malformed key cannot exist: answer without a database round trip.
  if (!LooksLikeApiKey(secret)) return Status::NotFound("unknown API key");
  Result<ApiKey> key = store.FindActiveByHash(HashApiKey(secret));
  if (!key.ok() && key.status().Is(Status::Code::kNotFound)) return Status::NotFound("unknown API key");
  return key;
}

}  // namespace prefill
