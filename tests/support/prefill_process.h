// The `prefill` binary as a child process, for tests that kill it: a free
// loopback port, a spawn with a fault point (common/fault_point.h), a bounded
// wait for its exit and for its /healthz. The binary's path is the caller's
// (PREFILL_BINARY, defined for the test executables that depend on it).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace prefill::testing {

// A loopback port that was free a moment ago (bind to port 0, read it, close).
uint16_t FreePort();

// Starts `binary` with `args` (argv[0] is added) and SPDLOG_LEVEL=warn;
// PREFILL_FAULT_POINT=`fault` when `fault` is not empty.
pid_t SpawnPrefill(const std::string& binary, const std::vector<std::string>& args, const std::string& fault = "");

// The exit code of child `pid`, waiting at most `seconds`: 128 when a signal
// ended it, -1 on timeout (it is then killed and reaped).
int WaitExit(pid_t pid, int seconds);

// Kills child `pid` with SIGKILL, as `kill -9` would, and reaps it.
void KillNow(pid_t pid);

// True once GET `path` on `port` answers `status`, polling every 50 ms for at
// most `limit`.
bool WaitForStatus(uint16_t port, const std::string& path, int status, std::chrono::milliseconds limit);

// WaitForStatus(port, "/healthz", 200, `seconds`): the server is up.
bool WaitHealthy(uint16_t port, int seconds);

}  // namespace prefill::testing
