// Instants as text for the wire formats and the CLI: ISO 8601 / RFC 3339 in UTC,
// whole seconds ("2026-12-02T05:04:00Z"), the one way every API writes a time.
//
// Pure, thread-safe (gmtime_r).
#pragma once

#include <chrono>
#include <string>

namespace prefill {

// Sub-second parts are dropped (truncated toward the past).
std::string Iso8601(std::chrono::system_clock::time_point t);

}  // namespace prefill
