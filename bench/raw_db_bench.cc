// raw_db_bench: the database ceiling of each of Prefill's session calls.
//
// N threads, each with its own MySQL Connector/C++ connection (utf8mb4, UTC,
// autocommit, no reconnect: the settings of src/storage/connection_pool.cc)
// and its statements prepared once (as the pool caches them), run the
// statements of one session call in a loop for a fixed time. The statement
// text is the stores' own (storage/statements.h), bound as the stores bind it:
//   --op insert   createSession: the session INSERT, one row per commit, with a
//                 fresh random 64-hex hash; the other columns are copied from a
//                 session Prefill stored (--template HASH), so rows are exactly
//                 as large as Prefill's.
//   --op select   read: the SELECT by hash, reading every column as
//                 storage/session_row.cc does.
//   --op update   updateSession with values: that SELECT, then the
//                 compare-and-set UPDATE on the version just read (autocommit).
//   --op payment  payment (session mode), the two transactions of the MariaDB
//                 payment ledger (docs/payments.md "Crashes and storage
//                 failures"): the SELECT by hash; commit 1 = START TRANSACTION,
//                 session compare-and-set to processing, attempt INSERT, COMMIT;
//                 commit 2 = START TRANSACTION, session compare-and-set to
//                 completed, attempt UPDATE on status pending, the
//                 transaction.confirmed event INSERT, the REST attributes SELECT
//                 (prepared and closed per call, as ReadSessionAttributes does),
//                 the donation_session.completed event INSERT, COMMIT. The
//                 attempt and event columns are copied from a payment Prefill
//                 made (--template TRANSACTION_ID). The sandbox processor's
//                 work between the commits is in-process (no I/O) and left out.
// select, update and payment walk the hashes of --keys FILE (one per line),
// each thread its own slice, round and round: a session paid before is paid
// again with the same statements (the compare-and-set uses the version just read).
// Durability is the server's (innodb_flush_log_at_trx_commit=1 in
// scripts/mariadb.sh), as for Prefill. Prints one JSON object:
//   {"op","threads","seconds","ops","ops_per_s","p50_ms","p99_ms","errors","client_cpu_s"}
// (client_cpu_s: this process's own CPU time, to tell it from the server's).
// Usage: raw_db_bench --db URL --op insert|select|update|payment --threads N --seconds S
//                     [--template HASH|TRANSACTION_ID] [--keys FILE]
#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "storage/db_config.h"
#include "storage/statements.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace st = prefill::statements;

// Set-up only (not measured): the columns of a payment's attempt, in the order
// of both the attempt INSERT (after id and session_hash) and the attempt UPDATE.
constexpr const char* kTemplateTransactionSql =
    "SELECT form_id, amount, currency, payment_method, interval_months, status, is_test, masked_iban, "
    "provider_reference, failure_reason, transfer_account_holder, transfer_iban, transfer_bic, transfer_reference, "
    "success_url, failure_url, sepa_mandate_reference, sepa_creditor_id, sepa_creditor_name, "
    "DATE_FORMAT(sepa_due_date, '%Y-%m-%d') FROM transactions WHERE id = ?";
constexpr int kTransactionColumns = 20;
constexpr int kStatusColumn = 5, kProviderReferenceColumn = 8;  // 0-based, in the list above
constexpr const char* kTemplateEventSql =
    "SELECT form_id, sandbox, body FROM webhook_events WHERE type = ? ORDER BY created_at DESC LIMIT 1";

struct Options {
  std::string db_url;
  std::string op;
  int threads = 1;
  double seconds = 10;
  std::string template_key;
  std::string keys_file;
};

// A sessions row as MySqlSessionStore reads and writes it.
struct SessionRow {
  std::string hash, form_id, state, values, fixed, metadata;
  int sandbox = 0;
  int64_t version = 0, created = 0, updated = 0, expires = 0;
};

struct Event {
  std::string type, form_id, body;
  int sandbox = 0;
};

// What the operations copy from rows Prefill stored in this run.
struct Templates {
  SessionRow session;                                    // insert
  std::vector<std::optional<std::string>> transaction;   // payment: kTransactionColumns values
  Event confirmed, completed;                            // payment
};

struct ThreadResult {
  std::vector<uint32_t> micros;  // one per completed operation
  uint64_t errors = 0;
  std::string first_error;
};

sql::Driver* Driver() {
  static sql::Driver* driver = get_driver_instance();
  return driver;
}

std::unique_ptr<sql::Connection> Connect(const prefill::DbConfig& config) {
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString(config.socket.empty() ? "tcp://" + config.host : "localhost");
  if (config.socket.empty()) options["port"] = config.port;
  if (!config.socket.empty()) options["socket"] = sql::SQLString(config.socket);
  options["userName"] = sql::SQLString(config.user);
  options["password"] = sql::SQLString(config.password);
  options["schema"] = sql::SQLString(config.database);
  options["OPT_RECONNECT"] = false;
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  std::unique_ptr<sql::Connection> c(Driver()->connect(options));
  std::unique_ptr<sql::Statement> s(c->createStatement());
  s->execute("SET time_zone = '+00:00'");
  s->execute("SET NAMES utf8mb4 COLLATE utf8mb4_bin");
  return c;
}

std::string RandomText(std::mt19937_64& rng, size_t length, const char* alphabet, size_t alphabet_size) {
  std::string out(length, '0');
  for (char& ch : out) ch = alphabet[rng() % alphabet_size];
  return out;
}
std::string RandomHash(std::mt19937_64& rng) { return RandomText(rng, 64, "0123456789abcdef", 16); }
std::string RandomTransactionId(std::mt19937_64& rng) {  // the shape of a UUID, as Prefill's ids
  std::string id = RandomText(rng, 36, "0123456789abcdef", 16);
  id[8] = id[13] = id[18] = id[23] = '-';
  return id;
}
std::string RandomEventId(std::mt19937_64& rng) {
  return "evt_" + RandomText(rng, 26, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 62);
}

int64_t NowMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

// The row at the cursor of a SELECT of statements::kSessionSelectByHash, every column read.
SessionRow ReadSession(sql::ResultSet& rs) {
  SessionRow r;
  r.hash = rs.getString(1);
  r.form_id = rs.getString(2);
  r.sandbox = rs.getInt(3);
  r.state = rs.getString(4);
  r.values = rs.getString(5);
  r.fixed = rs.getString(6);
  r.metadata = rs.getString(7);
  r.version = rs.getInt64(8);
  r.created = rs.getInt64(9);
  r.updated = rs.getInt64(10);
  r.expires = rs.getInt64(11);
  if (r.form_id.empty() || r.values.empty() || r.state.empty() || r.version < 0 || r.updated < r.created) {
    throw sql::SQLException("unexpected session row");
  }
  return r;
}

void BindString(sql::PreparedStatement& s, int index, const std::optional<std::string>& value) {
  if (value) {
    s.setString(index, *value);
  } else {
    s.setNull(index, 0);
  }
}

// One thread's connection, statements and the operation it repeats.
class Worker {
 public:
  Worker(const prefill::DbConfig& config, const Templates& templates, std::vector<std::string> keys, unsigned seed)
      : c_(Connect(config)), templates_(templates), keys_(std::move(keys)), rng_(seed) {
    control_.reset(c_->createStatement());
    insert_session_.reset(c_->prepareStatement(st::kSessionInsert));
    select_session_.reset(c_->prepareStatement(st::kSessionSelectByHash));
    update_session_.reset(c_->prepareStatement(st::kSessionCompareAndSet));
    insert_transaction_.reset(c_->prepareStatement(st::kTransactionInsert));
    update_transaction_.reset(c_->prepareStatement(st::kTransactionUpdateIf));
    insert_event_.reset(c_->prepareStatement(st::kOutboxInsert));
    read_attributes_.reset(c_->prepareStatement(st::kSessionAttributes));
  }

  void Insert() {
    const SessionRow& row = templates_.session;
    const int64_t now = NowMicros();
    sql::PreparedStatement& s = *insert_session_;
    s.setString(1, RandomHash(rng_));
    s.setString(2, row.form_id);
    s.setInt(3, row.sandbox);
    s.setString(4, "open");
    s.setString(5, row.values);
    s.setString(6, row.fixed);
    s.setString(7, row.metadata);
    s.setInt64(8, 0);
    s.setInt64(9, now);
    s.setInt64(10, now);
    s.setInt64(11, now + int64_t{24} * 3600 * 1000000);
    s.executeUpdate();
    s.clearParameters();
  }

  SessionRow Select() {
    select_session_->setString(1, NextKey());
    std::unique_ptr<sql::ResultSet> rs(select_session_->executeQuery());
    if (!rs->next()) throw sql::SQLException("session not found");
    return ReadSession(*rs);
  }

  void Update() {
    SessionRow row = Select();
    row.updated = NowMicros();
    CompareAndSet(row);
  }

  void Payment() {
    SessionRow row = Select();
    // Commit 1: the lock and the attempt.
    control_->execute("START TRANSACTION");
    row.state = "processing";
    row.updated = NowMicros();
    CompareAndSet(row);
    ++row.version;
    const std::string id = RandomTransactionId(rng_);
    std::vector<std::optional<std::string>> attempt = templates_.transaction;
    attempt[kStatusColumn] = "pending";
    attempt[kProviderReferenceColumn] = "";
    sql::PreparedStatement& ins = *insert_transaction_;
    ins.setString(1, id);
    ins.setString(2, row.hash);
    for (int i = 0; i < kTransactionColumns; ++i) BindString(ins, 3 + i, attempt[i]);
    ins.setInt64(23, row.updated);
    ins.setInt64(24, row.updated);
    ins.executeUpdate();
    ins.clearParameters();
    control_->execute("COMMIT");
    // Commit 2: the outcome with the session's settlement and their events.
    control_->execute("START TRANSACTION");
    row.state = "completed";
    row.updated = NowMicros();
    CompareAndSet(row);
    sql::PreparedStatement& upd = *update_transaction_;
    for (int i = 0; i < kTransactionColumns; ++i) BindString(upd, 1 + i, templates_.transaction[i]);
    upd.setInt64(21, row.updated);
    upd.setString(22, id);
    upd.setString(23, "pending");
    if (upd.executeUpdate() != 1) throw sql::SQLException("attempt compare-and-set matched no row");
    upd.clearParameters();
    InsertEvent(templates_.confirmed, row.updated);
    {
      read_attributes_->setString(1, row.hash);
      std::unique_ptr<sql::ResultSet> rs(read_attributes_->executeQuery());
      while (rs->next()) {
      }
    }
    InsertEvent(templates_.completed, row.updated);
    control_->execute("COMMIT");
  }

  void Rollback() {
    try {
      control_->execute("ROLLBACK");
    } catch (const sql::SQLException&) {
    }
  }

 private:
  const std::string& NextKey() { return keys_[next_++ % keys_.size()]; }

  void CompareAndSet(const SessionRow& row) {
    sql::PreparedStatement& s = *update_session_;
    s.setString(1, row.form_id);
    s.setInt(2, row.sandbox);
    s.setString(3, row.state);
    s.setString(4, row.values);
    s.setString(5, row.fixed);
    s.setString(6, row.metadata);
    s.setInt64(7, row.created);
    s.setInt64(8, row.updated);
    s.setInt64(9, row.expires);
    s.setString(10, row.hash);
    s.setInt64(11, row.version);
    if (s.executeUpdate() != 1) throw sql::SQLException("session compare-and-set matched no row");
    s.clearParameters();
  }

  void InsertEvent(const Event& e, int64_t now) {
    sql::PreparedStatement& s = *insert_event_;
    s.setString(1, RandomEventId(rng_));
    s.setString(2, e.type);
    s.setString(3, e.form_id);
    s.setInt(4, e.sandbox);
    s.setString(5, e.body);
    s.setInt64(6, now);
    s.executeUpdate();
    s.clearParameters();
  }

  std::unique_ptr<sql::Connection> c_;
  const Templates& templates_;
  std::vector<std::string> keys_;
  size_t next_ = 0;
  std::mt19937_64 rng_;
  std::unique_ptr<sql::Statement> control_;
  std::unique_ptr<sql::PreparedStatement> insert_session_, select_session_, update_session_, insert_transaction_,
      update_transaction_, insert_event_, read_attributes_;
};

void Run(const prefill::DbConfig& config, const std::string& op, const Templates& templates,
         std::vector<std::string> keys, Clock::time_point deadline, unsigned seed, ThreadResult* out) {
  Driver()->threadInit();
  try {
    Worker worker(config, templates, std::move(keys), seed);
    while (Clock::now() < deadline) {
      auto started = Clock::now();
      try {
        if (op == "insert") {
          worker.Insert();
        } else if (op == "select") {
          worker.Select();
        } else if (op == "update") {
          worker.Update();
        } else {
          worker.Payment();
        }
      } catch (const sql::SQLException& e) {
        if (out->errors++ == 0) out->first_error = e.what();
        worker.Rollback();  // a failed statement may leave a transaction open: start clean
        continue;
      }
      out->micros.push_back(static_cast<uint32_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count()));
    }
  } catch (const sql::SQLException& e) {
    if (out->errors++ == 0) out->first_error = e.what();
  }
  Driver()->threadEnd();
}

bool ParseArgs(int argc, char** argv, Options* o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--db") o->db_url = value;
    else if (flag == "--op") o->op = value;
    else if (flag == "--threads") o->threads = std::atoi(value.c_str());
    else if (flag == "--seconds") o->seconds = std::atof(value.c_str());
    else if (flag == "--template") o->template_key = value;
    else if (flag == "--keys") o->keys_file = value;
    else return false;
  }
  if (argc % 2 == 0 || o->db_url.empty() || o->threads < 1 || o->seconds <= 0) return false;
  if (o->op == "insert") return !o->template_key.empty();
  if (o->op == "select" || o->op == "update") return !o->keys_file.empty();
  if (o->op == "payment") return !o->keys_file.empty() && !o->template_key.empty();
  return false;
}

double Percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t index = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)] / 1000.0;
}

// Reads what the operation copies; false (with a message) if a template is missing.
bool LoadTemplates(const prefill::DbConfig& config, const Options& o, Templates* t) {
  auto c = Connect(config);
  if (o.op == "insert") {
    std::unique_ptr<sql::PreparedStatement> s(c->prepareStatement(st::kSessionSelectByHash));
    s->setString(1, o.template_key);
    std::unique_ptr<sql::ResultSet> rs(s->executeQuery());
    if (!rs->next()) {
      std::fprintf(stderr, "raw_db_bench: template session %s not found\n", o.template_key.c_str());
      return false;
    }
    t->session = ReadSession(*rs);
  }
  if (o.op == "payment") {
    std::unique_ptr<sql::PreparedStatement> s(c->prepareStatement(kTemplateTransactionSql));
    s->setString(1, o.template_key);
    std::unique_ptr<sql::ResultSet> rs(s->executeQuery());
    if (!rs->next()) {
      std::fprintf(stderr, "raw_db_bench: template transaction %s not found\n", o.template_key.c_str());
      return false;
    }
    for (int i = 1; i <= kTransactionColumns; ++i) {
      t->transaction.push_back(rs->isNull(i) ? std::nullopt : std::optional<std::string>(rs->getString(i)));
    }
    for (Event* e : {&t->confirmed, &t->completed}) {
      e->type = e == &t->confirmed ? "transaction.confirmed" : "donation_session.completed";
      std::unique_ptr<sql::PreparedStatement> q(c->prepareStatement(kTemplateEventSql));
      q->setString(1, e->type);
      std::unique_ptr<sql::ResultSet> er(q->executeQuery());
      if (!er->next()) {
        std::fprintf(stderr, "raw_db_bench: no %s event to copy\n", e->type.c_str());
        return false;
      }
      e->form_id = er->getString(1);
      e->sandbox = er->getInt(2);
      e->body = er->getString(3);
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, &o)) {
    std::fprintf(stderr,
                 "usage: raw_db_bench --db URL --op insert|select|update|payment --threads N --seconds S "
                 "[--template HASH|TRANSACTION_ID] [--keys FILE]\n");
    return 2;
  }
  auto config = prefill::ParseDatabaseUrl(o.db_url);
  if (!config.ok()) {
    std::fprintf(stderr, "raw_db_bench: %s\n", config.status().ToString().c_str());
    return 2;
  }

  Templates templates;
  std::vector<std::string> keys;
  try {
    if (!LoadTemplates(config.value(), o, &templates)) return 1;
  } catch (const sql::SQLException& e) {
    std::fprintf(stderr, "raw_db_bench: %s\n", e.what());
    return 1;
  }
  if (!o.keys_file.empty()) {
    std::ifstream in(o.keys_file);
    for (std::string line; std::getline(in, line);) {
      if (line.size() == 64) keys.push_back(line);
    }
    if (keys.size() < static_cast<size_t>(o.threads)) {
      std::fprintf(stderr, "raw_db_bench: fewer 64-character hashes in %s than threads\n", o.keys_file.c_str());
      return 1;
    }
  }

  std::vector<ThreadResult> results(o.threads);
  std::vector<std::thread> threads;
  const auto started = Clock::now();
  const auto deadline = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::random_device seeds;
  for (int i = 0; i < o.threads; ++i) {
    // Each thread its own slice of the keys: no two update the same session.
    std::vector<std::string> slice;
    if (!keys.empty()) {
      const size_t from = keys.size() * static_cast<size_t>(i) / static_cast<size_t>(o.threads);
      const size_t to = keys.size() * static_cast<size_t>(i + 1) / static_cast<size_t>(o.threads);
      slice.assign(keys.begin() + static_cast<std::ptrdiff_t>(from), keys.begin() + static_cast<std::ptrdiff_t>(to));
    }
    threads.emplace_back(Run, config.value(), o.op, std::cref(templates), std::move(slice), deadline, seeds(),
                         &results[i]);
  }
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();

  std::vector<uint32_t> all;
  uint64_t errors = 0;
  std::string first_error;
  for (auto& r : results) {
    all.insert(all.end(), r.micros.begin(), r.micros.end());
    errors += r.errors;
    if (first_error.empty()) first_error = r.first_error;
  }
  std::sort(all.begin(), all.end());
  if (!first_error.empty()) std::fprintf(stderr, "raw_db_bench: first error: %s\n", first_error.c_str());
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                     (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::printf(
      "{\"op\":\"%s\",\"threads\":%d,\"seconds\":%.3f,\"ops\":%zu,\"ops_per_s\":%.1f,\"p50_ms\":%.3f,"
      "\"p99_ms\":%.3f,\"errors\":%llu,\"client_cpu_s\":%.3f}\n",
      o.op.c_str(), o.threads, elapsed, all.size(), all.size() / elapsed, Percentile(all, 50), Percentile(all, 99),
      static_cast<unsigned long long>(errors), cpu);
  return errors > 0 && all.empty() ? 1 : 0;
}
