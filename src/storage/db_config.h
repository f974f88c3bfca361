// DbConfig: where and how to reach MariaDB, parsed from a database URL:
//   mysql://user:password@host:port/database
//   mysql://user@localhost/database?socket=/path/to/socket
//   mysql://user:password@h1:3306,h2:3306,h3:3306/database   (several hosts: failover, SPEC §9)
// Optional query parameters: socket, connect_timeout, read_timeout, write_timeout (seconds),
// wsrep_sync_wait (0-15; the causality checks of a Galera cluster, docs/scale-out.md).
// User and password may be percent-encoded.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace prefill {

struct DbHost {
  std::string host;
  int port = 3306;
};

struct DbConfig {
  std::string user = "root";
  std::string password;
  std::string host = "localhost";  // the first host of the URL
  int port = 3306;
  // The URL's further hosts, in order: a connection goes to the first host that
  // answers (see ConnectionPool), so these are the failover candidates.
  std::vector<DbHost> more_hosts;
  std::string database;
  std::string socket;  // non-empty: connect through this unix socket
  int connect_timeout_seconds = 2;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  // wsrep_sync_wait of every connection to a Galera node; -1: the default, 1
  // (reads wait until the node has applied every write committed before them).
  // Ignored on a server that is not a Galera node.
  int wsrep_sync_wait = -1;

  // host:port first, then more_hosts.
  std::vector<DbHost> Hosts() const;

  // The URL again, with the password hidden, for logs.
  std::string Describe() const;
};

Result<DbConfig> ParseDatabaseUrl(const std::string& url);

}  // namespace prefill
