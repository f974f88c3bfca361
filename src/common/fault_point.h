// Test-only crash points: FaultPoint("name") ends the process at once
// (_exit(kFaultPointExitCode), no destructors, no flushing: as a kill -9
// would) when the environment variable PREFILL_FAULT_POINT equals "name".
// Tests use it to kill a server between two steps of a payment (e.g. after
// the provider answered, before the outcome is stored) and prove that
// reconciliation ends with one charge. Unset (always, outside tests), it
// costs one getenv per call. Thread-safe.
#pragma once

namespace prefill {

inline constexpr int kFaultPointExitCode = 86;

void FaultPoint(const char* name);

}  // namespace prefill
