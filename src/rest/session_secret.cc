#include "rest/session_secret.h"

#include "rest/encoding.h"

namespace prefill {

GeneratedSessionSecret GenerateSessionSecret() {
  GeneratedSessionSecret s;
  s.secret = std::string(kSessionSecretMarker) + Base64UrlEncode(RandomBytes(32));
  s.hash = SessionSecretHash(s.secret);
  return s;
}

std::string SessionSecretHash(std::string_view secret) { return Sha256Hex(secret); }

bool IsSessionSecretCredential(std::string_view s) { return s.substr(0, kSessionSecretMarker.size()) == kSessionSecretMarker; }

bool SessionSecretMatches(std::string_view presented, std::string_view stored_hash) {
  if (stored_hash.empty() || presented.size() != kSessionSecretLength || !IsSessionSecretCredential(presented)) {
    return false;
  }
  return ConstantTimeEquals(SessionSecretHash(presented), stored_hash);
}

}  // namespace prefill
