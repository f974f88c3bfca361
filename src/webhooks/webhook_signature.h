// Standard Webhooks signing (SPEC 7.2): the secret of an endpoint and the
// `webhook-signature` header of a delivery.
//
// A secret is "whsec_" followed by the standard base64 of 32 bytes from the
// CSPRNG. The signing key is the base64-decoded part after "whsec_" (not the
// text itself), so receivers using any Standard Webhooks library verify it.
// The signed content is "<webhook-id>.<webhook-timestamp>.<body>", the header
// "v1,<base64 of HMAC-SHA256>". The timestamp is that of the attempt (Unix
// seconds), so a retry carries a fresh timestamp and signature but the same id.
//
// Secrets are never logged; nothing here logs at all. Pure, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace prefill::webhooks {

inline constexpr std::string_view kSecretPrefix = "whsec_";

// "whsec_" + base64 of 32 random bytes.
std::string GenerateSecret();

// The key bytes of `secret`; InvalidArgument if it lacks the prefix or its
// base64 does not decode to at least one byte.
Result<std::string> SecretKey(std::string_view secret);

// "v1,<base64 HMAC-SHA256 of id.timestamp.body>" keyed with SecretKey(secret).
Result<std::string> Sign(std::string_view secret, std::string_view id, int64_t timestamp, std::string_view body);

}  // namespace prefill::webhooks
