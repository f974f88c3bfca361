// DbConfig: where and how to reach MariaDB, parsed from a database URL:
//   mysql://user:password@host:port/database
//   mysql://user@localhost/database?socket=/path/to/socket
// Optional query parameters: socket, connect_timeout, read_timeout, write_timeout (seconds).
// User and password may be percent-encoded.
#pragma once

#include <string>

#include "common/status.h"

namespace prefill {

struct DbConfig {
  std::string user = "root";
  std::string password;
  std::string host = "localhost";
  int port = 3306;
  std::string database;
  std::string socket;  // non-empty: connect through this unix socket
  int connect_timeout_seconds = 2;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;

  // The URL again, with the password hidden, for logs.
  std::string Describe() const;
};

Result<DbConfig> ParseDatabaseUrl(const std::string& url);

}  // namespace prefill
