#include "storage/connection_pool.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>

#include <spdlog/spdlog.h>

namespace prefill {
namespace {

// get_driver_instance() is not safe to race; call it exactly once.
sql::Driver* Driver() {
  static sql::Driver* driver = get_driver_instance();
  return driver;
}

// The C client keeps per-thread state; initialise it once per thread that uses the pool.
void EnsureThreadInit() {
  struct ThreadGuard {
    ThreadGuard() { Driver()->threadInit(); }
    ~ThreadGuard() { Driver()->threadEnd(); }
  };
  thread_local ThreadGuard guard;
}

// The pool and slot the calling thread is bound to (ConnectionPool::BindThisThread).
struct ThreadBinding {
  const void* pool = nullptr;
  size_t slot = 0;
};
thread_local ThreadBinding binding;

bool BoundTo(const void* pool) { return binding.pool == pool; }

// Client-side error codes (CR_*, 2000-2999) mean the connection itself is unusable.
// 1047 (ER_UNKNOWN_COM_ERROR) is what a Galera node answers while it is not part
// of the primary component (joining, partitioned): that server is of no use
// either, so the connection is dropped and the next one goes to another host.
bool IsConnectionError(const sql::SQLException& e) {
  return (e.getErrorCode() >= 2000 && e.getErrorCode() < 3000) || e.getErrorCode() == 1047;
}

// On a Galera node (wsrep_on): refuses a node that is not ready for clients, and
// sets the session's wsrep_sync_wait so that its reads see every write committed
// anywhere in the cluster before them (read-your-writes across Prefill nodes).
// On a plain server: nothing.
void PrepareForCluster(sql::Connection& c, const DbConfig& config) {
  std::unique_ptr<sql::Statement> st(c.createStatement());
  bool galera = false;
  {
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT @@wsrep_on"));
    galera = rs->next() && rs->getInt(1) == 1;
    while (rs->next()) {
    }
  }
  if (!galera) return;
  {
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SHOW STATUS LIKE 'wsrep_ready'"));
    bool ready = rs->next() && rs->getString(2) == "ON";
    while (rs->next()) {
    }
    if (!ready) throw sql::SQLException("Galera node not ready (wsrep_ready OFF)", "08S01", 1047);
  }
  const int sync_wait = config.wsrep_sync_wait < 0 ? 1 : config.wsrep_sync_wait;
  st->execute("SET SESSION wsrep_sync_wait = " + std::to_string(sync_wait));  // an integer 0-15
}

Result<std::unique_ptr<sql::Connection>> OpenConnection(const DbConfig& config, const DbHost& host,
                                                        bool with_schema) {
  EnsureThreadInit();
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString(config.socket.empty() ? "tcp://" + host.host : "localhost");
  if (config.socket.empty()) options["port"] = host.port;
  if (!config.socket.empty()) options["socket"] = sql::SQLString(config.socket);
  options["userName"] = sql::SQLString(config.user);
  options["password"] = sql::SQLString(config.password);
  if (with_schema && !config.database.empty()) options["schema"] = sql::SQLString(config.database);
  options["OPT_CONNECT_TIMEOUT"] = config.connect_timeout_seconds;
  options["OPT_READ_TIMEOUT"] = config.read_timeout_seconds;
  options["OPT_WRITE_TIMEOUT"] = config.write_timeout_seconds;
  options["OPT_RECONNECT"] = false;
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  try {
    std::unique_ptr<sql::Connection> c(Driver()->connect(options));
    std::unique_ptr<sql::Statement> st(c->createStatement());
    st->execute("SET time_zone = '+00:00'");
    st->execute("SET NAMES utf8mb4 COLLATE utf8mb4_bin");
    PrepareForCluster(*c, config);
    return c;
  } catch (const sql::SQLException& e) {
    return Status::Unavailable("database " + host.host + ":" + std::to_string(host.port) + " unreachable: " + e.what());
  }
}

// The first host, from `first` on in the URL's order (wrapping), that accepts a
// connection; `*used` is set to its index.
Result<std::unique_ptr<sql::Connection>> OpenFirstAnswering(const DbConfig& config, size_t first, bool with_schema,
                                                            size_t* used) {
  const std::vector<DbHost> hosts = config.Hosts();
  Status last = Status::Unavailable("database unreachable");
  for (size_t i = 0; i < hosts.size(); ++i) {
    const size_t index = (first + i) % hosts.size();
    auto c = OpenConnection(config, hosts[index], with_schema);
    if (c.ok()) {
      *used = index;
      return c;
    }
    last = c.status();
  }
  return last;
}

}  // namespace

bool IsLostRace(const sql::SQLException& e) {
  return e.getErrorCode() == 1213 || e.getErrorCode() == 1205 || e.getSQLState() == "40001";
}

ConnectionPool::ConnectionPool(DbConfig config, Options options)
    : config_(std::move(config)), options_(options) {}

ConnectionPool::~ConnectionPool() {
  std::lock_guard<std::mutex> lock(mu_);
  {
    std::lock_guard<std::mutex> statements_lock(statements_mu_);
    statements_.clear();  // before the connections they were prepared on
  }
  idle_.clear();
  slots_.clear();
}

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<sql::Connection> c)
    : pool_(pool), connection_(std::move(c)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)), broken_(other.broken_) {
  other.pool_ = nullptr;
}

ConnectionPool::Lease::~Lease() {
  if (pool_ && connection_) pool_->Return(std::move(connection_), broken_);
}

Result<std::unique_ptr<sql::Connection>> ConnectionPool::Connect() {
  // Stay on the host that answered last; move on only when it fails (failover).
  const size_t preferred = current_host_.load();
  size_t used = preferred;
  auto c = OpenFirstAnswering(config_, preferred, true, &used);
  if (c.ok() && used != preferred) {
    size_t expected = preferred;
    if (current_host_.compare_exchange_strong(expected, used)) {
      const DbHost h = config_.Hosts()[used];
      spdlog::warn("database: connections now go to {}:{} (previous host failed)", h.host, h.port);
    }
  }
  return c;
}

void ConnectionPool::NoteConnectionFailure() {
  std::lock_guard<std::mutex> lock(mu_);
  distrust_before_ = std::chrono::steady_clock::now();
}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  bool got_slot = available_.wait_for(lock, options_.acquire_timeout,
                                      [&] { return !idle_.empty() || parked_ > 0 || open_ < options_.size; });
  if (!got_slot) return Status::Unavailable("database connection pool exhausted");

  ++in_use_;
  Idle idle;
  // Another thread's parked connection only when no new one may be opened:
  // the slots stay with their threads as long as the pool has room.
  if (TakeIdle(/*allow_parked=*/open_ >= options_.size, &idle)) {
    // Validated when idle for a while, or when any connection failed since it was
    // returned (its server may be the one that died: do not let every request find out).
    const bool distrusted = idle.since <= distrust_before_;
    lock.unlock();
    bool stale = distrusted || std::chrono::steady_clock::now() - idle.since > options_.validate_after_idle;
    if (!stale) return Lease(this, std::move(idle.connection));
    bool valid = false;
    try {
      EnsureThreadInit();
      valid = idle.connection->isValid();
    } catch (const sql::SQLException&) {
    }
    if (valid) return Lease(this, std::move(idle.connection));
    ForgetStatements(idle.connection.get());
    idle.connection.reset();  // dead: replace it below, still holding its slot
  } else {
    ++open_;
    lock.unlock();
  }

  auto connected = Connect();
  if (!connected.ok()) {
    std::lock_guard<std::mutex> relock(mu_);
    --open_;
    --in_use_;
    available_.notify_one();
    return connected.status();
  }
  return Lease(this, std::move(connected.value()));
}

bool ConnectionPool::TakeIdle(bool allow_parked, Idle* out) {
  if (BoundTo(this) && slots_[binding.slot].connection) {
    *out = std::move(slots_[binding.slot]);
    --parked_;
    return true;
  }
  if (!idle_.empty()) {
    *out = std::move(idle_.back());
    idle_.pop_back();
    return true;
  }
  if (allow_parked && parked_ > 0) {
    for (Idle& slot : slots_) {
      if (!slot.connection) continue;
      *out = std::move(slot);
      --parked_;
      return true;
    }
  }
  return false;
}

std::shared_ptr<void> ConnectionPool::BindThisThread() {
  size_t slot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_slots_.empty()) {
      slot = free_slots_.back();
      free_slots_.pop_back();
    } else {
      slot = slots_.size();
      slots_.emplace_back();
    }
  }
  binding = {this, slot};
  struct Unbinder {
    Unbinder(ConnectionPool* pool, size_t slot) : pool(pool), slot(slot) {}
    Unbinder(const Unbinder&) = delete;
    Unbinder& operator=(const Unbinder&) = delete;
    ~Unbinder() { pool->Unbind(slot); }
    ConnectionPool* const pool;
    const size_t slot;
  };
  return std::make_shared<Unbinder>(this, slot);
}

void ConnectionPool::Unbind(size_t slot) {
  if (BoundTo(this) && binding.slot == slot) binding = {};
  std::lock_guard<std::mutex> lock(mu_);
  if (slots_[slot].connection) {
    idle_.push_back(std::move(slots_[slot]));
    slots_[slot] = Idle{};
    --parked_;
    available_.notify_one();
  }
  free_slots_.push_back(slot);
}

void ConnectionPool::Return(std::unique_ptr<sql::Connection> c, bool broken) {
  if (broken) {
    ForgetStatements(c.get());
    try {
      c.reset();
    } catch (...) {
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  --in_use_;
  if (broken) {
    --open_;
  } else if (BoundTo(this) && !slots_[binding.slot].connection) {
    slots_[binding.slot] = {std::move(c), std::chrono::steady_clock::now()};
    ++parked_;
  } else {
    idle_.push_back({std::move(c), std::chrono::steady_clock::now()});
  }
  available_.notify_one();
}

Status ConnectionPool::Run(const std::function<Status(sql::Connection&)>& work) {
  auto lease = Acquire();
  if (!lease.ok()) return lease.status();
  try {
    return work(lease->connection());
  } catch (const sql::SQLException& e) {
    if (IsConnectionError(e)) {
      lease->MarkBroken();
      NoteConnectionFailure();
      return Status::Unavailable(std::string("database unavailable: ") + e.what());
    }
    // A failed statement may leave a transaction open; do not hand that on.
    lease->MarkBroken();
    if (e.getErrorCode() == 1062) return Status::AlreadyExists(e.what());
    if (IsLostRace(e)) return Status::Conflict(e.what());
    return Status::Internal(std::string("database error ") + std::to_string(e.getErrorCode()) + ": " + e.what());
  }
}

Status ConnectionPool::Ping() {
  return Run([](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    // Read the result to its end: an unread result leaves the connection out
    // of sync, and the next statement on it (any request's) would fail.
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT 1"));
    while (rs->next()) {
    }
    return Status::OK();
  });
}

sql::PreparedStatement& ConnectionPool::Prepared(sql::Connection& connection, const std::string& sql) {
  Statements* statements;
  {
    std::lock_guard<std::mutex> lock(statements_mu_);
    statements = &statements_[&connection];  // map nodes are stable: safe to use unlocked
  }
  std::unique_ptr<sql::PreparedStatement>& statement = (*statements)[sql];
  if (!statement) statement.reset(connection.prepareStatement(sql));
  return *statement;
}

void ConnectionPool::ForgetStatements(const sql::Connection* c) {
  Statements statements;
  {
    std::lock_guard<std::mutex> lock(statements_mu_);
    auto it = statements_.find(c);
    if (it == statements_.end()) return;
    statements = std::move(it->second);
    statements_.erase(it);
  }
  try {
    statements.clear();  // while `c` is still open
  } catch (...) {
  }
}

ConnectionPool::Usage ConnectionPool::usage() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {options_.size, open_, in_use_, parked_};
}

Status EnsureDatabaseExists(const DbConfig& config) {
  if (config.database.empty()) return Status::InvalidArgument("database URL names no database");
  size_t used = 0;
  auto c = OpenFirstAnswering(config, 0, false, &used);
  if (!c.ok()) return c.status();
  std::string quoted;
  for (char ch : config.database) {
    if (ch == '`') quoted += '`';
    quoted += ch;
  }
  try {
    std::unique_ptr<sql::Statement> st((*c)->createStatement());
    // An identifier cannot be a bound parameter; it is backtick-quoted instead.
    st->execute("CREATE DATABASE IF NOT EXISTS `" + quoted + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
  } catch (const sql::SQLException& e) {
    return Status::Internal(std::string("cannot create database: ") + e.what());
  }
  return Status::OK();
}

Status InTransaction(sql::Connection& c, const std::function<Status()>& body) {
  std::unique_ptr<sql::Statement> st(c.createStatement());
  st->execute("START TRANSACTION");
  Status s = body();
  st->execute(s.ok() ? "COMMIT" : "ROLLBACK");
  return s;
}

}  // namespace prefill
