// Metadata of REST sessions (SPEC section 7): the caller's own key/value
// strings, stored with the session and returned as given.
//
// Limits: at most 20 keys; a key is 1-50 characters, a value at most 500
// characters (characters = Unicode code points; input is valid UTF-8 already).
// Violations are reported all at once as reasons, for
// donation_session/invalid_metadata.
//
// Updates (PATCH) follow Stripe: the given keys are set, a key given as null or
// "" is removed, keys not given are kept; the limits apply to the result.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace prefill {

inline constexpr size_t kMaxMetadataKeys = 20;
inline constexpr size_t kMaxMetadataKeyLength = 50;
inline constexpr size_t kMaxMetadataValueLength = 500;

using Metadata = std::map<std::string, std::string>;
// nullopt value: remove the key.
using MetadataPatch = std::map<std::string, std::optional<std::string>>;

// Every limit `metadata` breaks, as readable reasons; empty when it fits.
std::vector<std::string> MetadataProblems(const Metadata& metadata);

// `current` with `patch` applied (no limit check).
Metadata ApplyMetadataPatch(Metadata current, const MetadataPatch& patch);

}  // namespace prefill
