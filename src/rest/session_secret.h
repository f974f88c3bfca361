// Session secrets of interactive commerce sessions (SPEC section 7.1): a
// bearer token the shop may hand to the buyer's browser, good only for reading
// its own session (without metadata) and choosing its campaign.
//
// A secret is "pf_ss_" followed by 43 base64url characters (32 bytes from the
// CSPRNG, 256 bits), distinct in shape from an API key ("pf_sk_"), so the
// REST API can tell at once which kind of credential it holds. It is shown
// once, in the create answer; only its SHA-256 (hex) is stored. A presented
// secret is checked against the stored hash of the session it names, compared
// in constant time (the session id is public, so the comparison is the only
// thing between a guess and the session).
#pragma once

#include <string>
#include <string_view>

namespace prefill {

inline constexpr std::string_view kSessionSecretMarker = "pf_ss_";
inline constexpr size_t kSessionSecretLength = 6 + 43;

struct GeneratedSessionSecret {
  std::string secret;  // give it to the shop, never store it
  std::string hash;    // SessionSecretHash(secret)
};

GeneratedSessionSecret GenerateSessionSecret();
std::string SessionSecretHash(std::string_view secret);

// True if `s` has the marker of a session secret (whatever the rest): such a
// credential is never looked up as an API key.
bool IsSessionSecretCredential(std::string_view s);

// Whether `presented` is the secret whose hash is `stored_hash` (constant time
// in the compared hashes; false for an empty stored hash).
bool SessionSecretMatches(std::string_view presented, std::string_view stored_hash);

}  // namespace prefill
