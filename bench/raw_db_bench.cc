// raw_db_bench: the database ceiling for Prefill's session calls.
//
// N threads, each with its own MySQL Connector/C++ connection (utf8mb4, UTC,
// autocommit, no reconnect: the settings of src/storage/connection_pool.cc),
// run one server-side prepared statement in a loop for a fixed time:
//   --op insert   the INSERT of MySqlSessionStore::Insert, one row per commit,
//                 with a fresh random 64-hex hash; the other columns are copied
//                 from a session Prefill stored (--template HASH), so rows are
//                 exactly as large as Prefill's.
//   --op select   the SELECT of MySqlSessionStore by hash (unique key), walking
//                 the hashes of --keys FILE (one per line), each thread from its
//                 own offset, reading every column as Prefill does.
// Durability is the server's (innodb_flush_log_at_trx_commit=1 in
// scripts/mariadb.sh), as for Prefill. Prints one JSON object:
//   {"op","threads","seconds","ops","ops_per_s","p50_ms","p99_ms","errors","client_cpu_s"}
// (client_cpu_s: this process's own CPU time, to tell it from the server's).
// Usage: raw_db_bench --db URL --op insert|select --threads N --seconds S
//                     [--template HASH] [--keys FILE]
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
#include <ctime>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "storage/db_config.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kInsertSql =
    "INSERT INTO sessions (hash, form_id, sandbox, state, field_values, fixed_fields, metadata, version, "
    "created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectSql =
    "SELECT form_id, sandbox, state, field_values, fixed_fields, metadata, version, "
    "created_at, updated_at, expires_at FROM sessions WHERE hash = ?";
constexpr const char* kTemplateSql =
    "SELECT form_id, sandbox, field_values, fixed_fields, metadata FROM sessions WHERE hash = ?";

struct Options {
  std::string db_url;
  std::string op;
  int threads = 1;
  double seconds = 10;
  std::string template_hash;
  std::string keys_file;
};

struct Template {
  std::string form_id;
  bool sandbox = false;
  std::string field_values;
  std::string fixed_fields;
  std::string metadata;
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
  std::unique_ptr<sql::Statement> st(c->createStatement());
  st->execute("SET time_zone = '+00:00'");
  st->execute("SET NAMES utf8mb4 COLLATE utf8mb4_bin");
  return c;
}

std::string RandomHash(std::mt19937_64& rng) {
  static const char kHex[] = "0123456789abcdef";
  std::string hash(64, '0');
  for (int i = 0; i < 64; i += 16) {
    uint64_t bits = rng();
    for (int j = 0; j < 16; ++j) hash[i + j] = kHex[(bits >> (4 * j)) & 15];
  }
  return hash;
}

std::string DateTime(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto micros = duration_cast<microseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(micros / 1'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d %02d:%02d:%02d.%06lld", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros % 1'000'000));
  return text;
}

void RunInserts(const prefill::DbConfig& config, const Template& row, Clock::time_point deadline, unsigned seed,
                ThreadResult* out) {
  Driver()->threadInit();
  try {
    auto c = Connect(config);
    std::unique_ptr<sql::PreparedStatement> insert(c->prepareStatement(kInsertSql));
    std::mt19937_64 rng(seed);
    while (Clock::now() < deadline) {
      auto started = Clock::now();
      const auto now = std::chrono::system_clock::now();
      const std::string stamp = DateTime(now);
      try {
        insert->setString(1, RandomHash(rng));
        insert->setString(2, row.form_id);
        insert->setInt(3, row.sandbox ? 1 : 0);
        insert->setString(4, "open");
        insert->setString(5, row.field_values);
        insert->setString(6, row.fixed_fields);
        insert->setString(7, row.metadata);
        insert->setInt64(8, 0);
        insert->setString(9, stamp);
        insert->setString(10, stamp);
        insert->setString(11, DateTime(now + std::chrono::hours(24)));
        insert->executeUpdate();
      } catch (const sql::SQLException& e) {
        if (out->errors++ == 0) out->first_error = e.what();
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

void RunSelects(const prefill::DbConfig& config, const std::vector<std::string>& keys, Clock::time_point deadline,
                size_t offset, ThreadResult* out) {
  Driver()->threadInit();
  try {
    auto c = Connect(config);
    std::unique_ptr<sql::PreparedStatement> select(c->prepareStatement(kSelectSql));
    size_t next = offset;
    while (Clock::now() < deadline) {
      auto started = Clock::now();
      try {
        select->setString(1, keys[next++ % keys.size()]);
        std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
        if (!rs->next()) throw sql::SQLException("row not found");
        // Read every column, as MySqlSessionStore does.
        std::string form_id = rs->getString(1);
        int sandbox = rs->getInt(2);
        std::string state = rs->getString(3), values = rs->getString(4), fixed = rs->getString(5),
                    metadata = rs->getString(6);
        int64_t version = rs->getInt64(7);
        std::string created = rs->getString(8), updated = rs->getString(9), expires = rs->getString(10);
        if (form_id.empty() || values.empty() || created.empty() || version < 0 || sandbox < 0 || state.empty() ||
            updated < created || expires < created) {
          throw sql::SQLException("unexpected row");
        }
      } catch (const sql::SQLException& e) {
        if (out->errors++ == 0) out->first_error = e.what();
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
    else if (flag == "--template") o->template_hash = value;
    else if (flag == "--keys") o->keys_file = value;
    else return false;
  }
  if (argc % 2 == 0 || o->db_url.empty() || o->threads < 1 || o->seconds <= 0) return false;
  if (o->op == "insert") return !o->template_hash.empty();
  if (o->op == "select") return !o->keys_file.empty();
  return false;
}

double Percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t index = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)] / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, &o)) {
    std::fprintf(stderr,
                 "usage: raw_db_bench --db URL --op insert|select --threads N --seconds S "
                 "[--template HASH] [--keys FILE]\n");
    return 2;
  }
  auto config = prefill::ParseDatabaseUrl(o.db_url);
  if (!config.ok()) {
    std::fprintf(stderr, "raw_db_bench: %s\n", config.status().ToString().c_str());
    return 2;
  }

  Template row;
  std::vector<std::string> keys;
  try {
    if (o.op == "insert") {
      auto c = Connect(config.value());
      std::unique_ptr<sql::PreparedStatement> st(c->prepareStatement(kTemplateSql));
      st->setString(1, o.template_hash);
      std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
      if (!rs->next()) {
        std::fprintf(stderr, "raw_db_bench: template session %s not found\n", o.template_hash.c_str());
        return 1;
      }
      row = Template{rs->getString(1), rs->getInt(2) != 0, rs->getString(3), rs->getString(4), rs->getString(5)};
    } else {
      std::ifstream in(o.keys_file);
      for (std::string line; std::getline(in, line);) {
        if (line.size() == 64) keys.push_back(line);
      }
      if (keys.empty()) {
        std::fprintf(stderr, "raw_db_bench: no 64-character hashes in %s\n", o.keys_file.c_str());
        return 1;
      }
    }
  } catch (const sql::SQLException& e) {
    std::fprintf(stderr, "raw_db_bench: %s\n", e.what());
    return 1;
  }

  std::vector<ThreadResult> results(o.threads);
  std::vector<std::thread> threads;
  const auto started = Clock::now();
  const auto deadline = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::random_device seeds;
  for (int i = 0; i < o.threads; ++i) {
    if (o.op == "insert") {
      threads.emplace_back(RunInserts, config.value(), std::cref(row), deadline, seeds(), &results[i]);
    } else {
      size_t offset = keys.size() * static_cast<size_t>(i) / static_cast<size_t>(o.threads);
      threads.emplace_back(RunSelects, config.value(), std::cref(keys), deadline, offset, &results[i]);
    }
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
