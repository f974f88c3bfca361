// ConnectionPool: a bounded set of MariaDB connections shared by request threads.
//
// A connection belongs to one thread at a time (a Lease). Connections are
// never auto-reconnected by the driver (that silently loses session state such
// as time_zone); instead a connection idle for a while is validated on
// checkout and replaced if dead, and a connection that failed with a
// client-side error is discarded. Every connection speaks utf8mb4 and UTC.
//
// When the database is down, Acquire fails fast with Unavailable (connect
// errors are immediate on a local socket; a hanging server is bounded by the
// connect/read/write timeouts of DbConfig), and the pool recovers by itself
// as soon as connections succeed again.
//
// Several hosts (a Galera cluster, SPEC §9): a new connection goes to the host
// that answered last, else to the next one in the URL's order that answers
// (and, for a Galera node, is ready). When a connection fails, every idle
// connection is validated before its next use, so a dead host costs the
// requests that were using it at that moment, not one request per connection.
//
// Thread slots (the inline dispatch of http_server.h, whose I/O threads run the
// database work themselves): a thread bound by BindThisThread gets a slot of
// its own. The connection it returns is parked there and is the first one it
// gets back, without waiting behind other threads; a parked connection is still
// the pool's: when no other is idle and no new one may be opened, any thread
// takes it. Every hand-over of a connection, parked or not, happens under the
// pool's lock with one Lease at a time, so a connection still belongs to one
// thread at a time (Connector/C++ connections are not thread-safe).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/db_config.h"

namespace sql {
class Connection;
class PreparedStatement;
class SQLException;
}

namespace prefill {

class ConnectionPool {
 public:
  struct Options {
    size_t size = 8;
    std::chrono::milliseconds acquire_timeout{2000};
    std::chrono::milliseconds validate_after_idle{1000};
  };

  ConnectionPool(DbConfig config, Options options);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    sql::Connection& connection() { return *connection_; }
    // The connection is in an unknown state: close it instead of reusing it.
    void MarkBroken() { broken_ = true; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<sql::Connection> c);
    ConnectionPool* pool_;
    std::unique_ptr<sql::Connection> connection_;
    bool broken_ = false;
  };

  Result<Lease> Acquire();

  // Binds the calling thread to a slot of its own (see the top of this file)
  // until the returned object is destroyed, which must happen on the same
  // thread, before the pool is destroyed: the parked connection goes back to
  // the shared idle list then. A thread is bound to at most one pool.
  std::shared_ptr<void> BindThisThread();

  // Runs `work` on a pooled connection and turns driver exceptions into a
  // Status: duplicate key -> AlreadyExists; lost or unreachable server ->
  // Unavailable (the connection is discarded); anything else -> Internal.
  Status Run(const std::function<Status(sql::Connection&)>& work);

  // A round trip to the server (for /readyz).
  Status Ping();

  // The server-side prepared statement of `sql` on `connection` (leased from
  // this pool, i.e. inside Run), prepared on its first use on that connection
  // and kept until the pool closes it: later calls save the prepare round trip.
  // Owned by the pool. Parameters keep their last binding: set all of them.
  sql::PreparedStatement& Prepared(sql::Connection& connection, const std::string& sql);

  struct Usage {
    size_t size;
    size_t open;
    size_t in_use;
    size_t parked;  // idle in a thread's slot (part of `open`)
  };
  Usage usage() const;

  const DbConfig& config() const { return config_; }

 private:
  struct Idle {
    std::unique_ptr<sql::Connection> connection;
    std::chrono::steady_clock::time_point since;
  };
  Result<std::unique_ptr<sql::Connection>> Connect();
  void Return(std::unique_ptr<sql::Connection> c, bool broken);
  void Unbind(size_t slot);
  // Under mu_: an idle connection for the caller (its own slot's, else the
  // shared list's, else `allow_parked`: another slot's), or none.
  bool TakeIdle(bool allow_parked, Idle* out);
  // A connection failed: idle connections returned before now are validated on checkout.
  void NoteConnectionFailure();
  // Closes `c`'s prepared statements; called before `c` itself is closed.
  void ForgetStatements(const sql::Connection* c);

  using Statements = std::map<std::string, std::unique_ptr<sql::PreparedStatement>>;

  const DbConfig config_;
  const Options options_;
  mutable std::mutex mu_;
  std::condition_variable available_;
  std::vector<Idle> idle_;
  std::vector<Idle> slots_;  // parked connection per thread slot (null: none); guarded by mu_
  std::vector<size_t> free_slots_;
  size_t parked_ = 0;
  size_t open_ = 0;  // idle + leased + being connected
  size_t in_use_ = 0;
  std::chrono::steady_clock::time_point distrust_before_{};  // guarded by mu_
  std::atomic<size_t> current_host_{0};                      // index into config_.Hosts()
  // Per connection; an inner map is used only by the thread leasing its connection.
  std::mutex statements_mu_;
  std::map<const sql::Connection*, Statements> statements_;  // guarded by statements_mu_
};

// A lost race the caller may retry (Run maps it to Status::Conflict): InnoDB
// deadlock or lock wait timeout (1213, 1205), and a Galera certification
// failure at COMMIT (1213 / SQLSTATE 40001).
bool IsLostRace(const sql::SQLException& e);

// Runs `body` on `c` (a leased connection, inside Run) as one transaction:
// START TRANSACTION, then COMMIT when `body` returns OK and ROLLBACK when it
// returns an error, which is then returned. Autocommit stays on, so this costs
// two round trips instead of the four of toggling it. If `body` or COMMIT
// throws, the transaction is left open: Run discards the connection and the
// server rolls back, so nothing half-written commits. A Galera certification
// failure surfaces at COMMIT (1213), which Run maps to Conflict.
Status InTransaction(sql::Connection& c, const std::function<Status()>& body);

// Connects without a default schema and creates `config.database` if missing.
Status EnsureDatabaseExists(const DbConfig& config);

}  // namespace prefill
