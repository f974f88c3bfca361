// NewSessionHash: the unguessable identifier of a session (fbSessionHash, SPEC section 4).
//
// 64 lowercase hex characters, the 32 bytes of two version-4 UUIDs drawn from
// Boost.Uuid's random_generator, which reads the operating system's CSPRNG
// (getrandom / /dev/urandom). Each v4 UUID carries 122 random bits (6 bits are
// fixed version/variant markers), so a hash carries 244 random bits. Never
// sequential, never derived from time. URL-safe as is. Thread-safe.
#pragma once

#include <string>

namespace prefill {

inline constexpr size_t kSessionHashLength = 64;

std::string NewSessionHash();

// True if `s` has the shape of a hash made by NewSessionHash (length and charset).
// Cheap pre-check before touching storage; says nothing about existence.
bool LooksLikeSessionHash(const std::string& s);

}  // namespace prefill
