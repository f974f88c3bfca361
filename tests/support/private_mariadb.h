// A MariaDB server of one test's own (scripts/mariadb.sh in a temporary
// folder), for tests that stop or kill the database under a running Prefill
// without disturbing the server the other suites share. The folder is removed
// when the object dies, after the server is stopped.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace prefill::testing {

class PrivateMariaDb {
 public:
  // `name` becomes part of the folder's name (with this process's id).
  explicit PrivateMariaDb(const std::string& name);
  ~PrivateMariaDb();
  PrivateMariaDb(const PrivateMariaDb&) = delete;
  PrivateMariaDb& operator=(const PrivateMariaDb&) = delete;

  // Starts the server (crash recovery first if it was killed); true once it
  // answers. Stop shuts it down cleanly.
  bool Start();
  bool Stop();
  // SIGKILL to the server process, as `kill -9` would (no shutdown, no flush
  // beyond what each commit already made durable); returns once it is gone.
  bool Kill();

  // mysql://root@localhost/<database>?socket=... (root over the socket).
  std::string url(const std::string& database) const;

 private:
  bool Run(const std::string& verb);
  pid_t ServerPid() const;

  std::filesystem::path dir_;
};

}  // namespace prefill::testing
