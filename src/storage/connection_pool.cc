#include "storage/connection_pool.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>

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

// Client-side error codes (CR_*, 2000-2999) mean the connection itself is unusable.
bool IsConnectionError(const sql::SQLException& e) {
  return e.getErrorCode() >= 2000 && e.getErrorCode() < 3000;
}

Result<std::unique_ptr<sql::Connection>> OpenConnection(const DbConfig& config, bool with_schema) {
  EnsureThreadInit();
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString(config.socket.empty() ? "tcp://" + config.host : "localhost");
  if (config.socket.empty()) options["port"] = config.port;
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
    return c;
  } catch (const sql::SQLException& e) {
    return Status::Unavailable(std::string("database unreachable: ") + e.what());
  }
}

}  // namespace

ConnectionPool::ConnectionPool(DbConfig config, Options options)
    : config_(std::move(config)), options_(options) {}

ConnectionPool::~ConnectionPool() {
  std::lock_guard<std::mutex> lock(mu_);
  {
    std::lock_guard<std::mutex> statements_lock(statements_mu_);
    statements_.clear();  // before the connections they were prepared on
  }
  idle_.clear();
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

Result<std::unique_ptr<sql::Connection>> ConnectionPool::Connect() { return OpenConnection(config_, true); }

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  bool got_slot = available_.wait_for(lock, options_.acquire_timeout,
                                      [&] { return !idle_.empty() || open_ < options_.size; });
  if (!got_slot) return Status::Unavailable("database connection pool exhausted");

  ++in_use_;
  if (!idle_.empty()) {
    Idle idle = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    bool stale = std::chrono::steady_clock::now() - idle.since > options_.validate_after_idle;
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
      return Status::Unavailable(std::string("database unavailable: ") + e.what());
    }
    // A failed statement may leave a transaction open; do not hand that on.
    lease->MarkBroken();
    if (e.getErrorCode() == 1062) return Status::AlreadyExists(e.what());
    if (e.getErrorCode() == 1205 || e.getErrorCode() == 1213) return Status::Conflict(e.what());
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
  return {options_.size, open_, in_use_};
}

Status EnsureDatabaseExists(const DbConfig& config) {
  if (config.database.empty()) return Status::InvalidArgument("database URL names no database");
  auto c = OpenConnection(config, false);
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

}  // namespace prefill
