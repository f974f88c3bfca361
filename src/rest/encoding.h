// Small encodings the REST API needs: SHA-256 (hex) for stored key hashes and
// request fingerprints, base64url (RFC 4648 section 5, no padding) for API keys
// and cursors, and random bytes from the operating system's CSPRNG.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace prefill {

// 64 lowercase hex characters.
std::string Sha256Hex(std::string_view data);

// HMAC-SHA256 of `data` keyed with `key`, as 64 lowercase hex characters
// (webhook signatures: Stripe-Signature v1, Standard Webhooks).
std::string HmacSha256Hex(std::string_view key, std::string_view data);
// The same HMAC as its 32 raw bytes (Standard Webhooks signs with base64 of these).
std::string HmacSha256(std::string_view key, std::string_view data);

// Whether a and b are equal, in time that depends only on their lengths
// (comparing a secret-derived signature must not leak where it differs).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Standard base64 with padding (RFC 4648 section 4), e.g. for HTTP Basic auth.
std::string Base64Encode(std::string_view bytes);
// Its inverse; padding optional (Standard Webhooks secrets come either way).
// nullopt for a character outside the alphabet, misplaced padding, an
// impossible length or non-zero leftover bits.
std::optional<std::string> Base64Decode(std::string_view text);

std::string Base64UrlEncode(std::string_view bytes);
// nullopt for any character outside the alphabet, padding, or an impossible length.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// `n` bytes from OpenSSL's CSPRNG (seeded by the operating system). Aborts if
// the generator cannot deliver: a secret must never be made from weak bytes.
std::string RandomBytes(size_t n);

}  // namespace prefill
