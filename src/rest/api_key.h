// Secret API keys of the REST API (SPEC section 7).
//
// A key is "pf_sk_" followed by 43 base64url characters (32 bytes from the
// CSPRNG, 256 bits). It is shown once, when created; only its SHA-256 (hex) is
// stored, so a leaked database does not leak usable keys. Lookup is by that
// hash (an indexed equality on a value the attacker cannot choose the
// preimage of), so no comparison of secrets happens in application code.
// The first 12 characters ("pf_sk_" + 6) are kept as the key's `prefix` so an
// operator can tell keys apart in `prefill keys list`.
//
// Scopes: sessions:read (GET), sessions:write (POST, PATCH). A key holds at
// least one scope.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "session/session.h"

namespace prefill {

// sepa:export: SPEC 5.2; webhooks:write: SPEC 7.2 (webhook endpoints and their deliveries).
enum class Scope { kSessionsRead, kSessionsWrite, kSepaExport, kWebhooksWrite };

const char* ScopeName(Scope scope);  // "sessions:read", "sessions:write"

// "sessions:read,sessions:write" -> both. Spaces around names are ignored;
// InvalidArgument for an unknown name or an empty list.
Result<std::set<Scope>> ParseScopes(std::string_view list);
std::string FormatScopes(const std::set<Scope>& scopes);  // comma-separated, in enum order

struct ApiKey {
  int64_t id = 0;
  std::string name;
  std::string prefix;
  std::set<Scope> scopes;
  TimePoint created_at{};
  std::optional<TimePoint> revoked_at;

  bool has(Scope scope) const { return scopes.count(scope) > 0; }
};

inline constexpr std::string_view kApiKeyMarker = "pf_sk_";
inline constexpr size_t kApiKeyLength = 6 + 43;
inline constexpr size_t kApiKeyPrefixLength = 12;

struct GeneratedApiKey {
  std::string secret;  // the key itself: give it to the user, never store it
  std::string hash;    // HashApiKey(secret)
  std::string prefix;  // secret's first kApiKeyPrefixLength characters
};

GeneratedApiKey GenerateApiKey();
std::string HashApiKey(std::string_view secret);

// True if `s` has the shape of a generated key (marker, length, alphabet).
bool LooksLikeApiKey(std::string_view s);

// A key name: 1-100 characters, printable ASCII, no leading/trailing space.
bool IsValidApiKeyName(std::string_view name);

// The key of an "Authorization: Bearer <key>" header value, or "" when the
// header is missing or not a Bearer credential.
std::string BearerToken(std::string_view authorization);

}  // namespace prefill
