// Raw TCP helpers for tests that must control the bytes and timing of a
// connection (keep-alive, pipelining, slow clients, connection caps).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace prefill::testing {

// A connected TCP socket to 127.0.0.1:port with a receive timeout; -1 on failure.
int ConnectLocal(uint16_t port, std::chrono::milliseconds receive_timeout = std::chrono::seconds(5));

bool SendAll(int fd, const std::string& data);

// One whole response (headers and Content-Length body) from `fd`, or "" when
// the peer closed or nothing came in time; bytes past it stay in `buffer`.
std::string ReadResponse(int fd, std::string* buffer);

// True when the peer closes `fd` (EOF or reset) within `within`; any bytes
// that still arrive before are appended to `received` when given.
bool WaitForClose(int fd, std::chrono::milliseconds within, std::string* received = nullptr);

}  // namespace prefill::testing
