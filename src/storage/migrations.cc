#include "storage/migrations.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "storage/connection_pool.h"
#include "storage/mysql_job_leases.h"

namespace prefill {
namespace {

constexpr const char* kMigrationLease = "schema_migrations";
// Longer than any one migration file takes; a crashed migrator blocks others this long.
constexpr std::chrono::milliseconds kMigrationLeaseTime{120 * 1000};
// How long a process waits for another one's migration before giving up.
constexpr std::chrono::milliseconds kMigrationWait{300 * 1000};

std::vector<std::string> SplitStatements(const std::string& text) {
  std::vector<std::string> statements;
  std::string current;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::string_view trimmed(line);
    while (!trimmed.empty() && isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.remove_suffix(1);
    if (trimmed.substr(0, 2) == "--" && current.empty()) continue;
    current += line;
    current += '\n';
    if (!trimmed.empty() && trimmed.back() == ';') {
      statements.push_back(current);
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) statements.push_back(current);
  return statements;
}

// Whether schema_migrations and job_leases both exist, as of every write
// committed anywhere in the cluster before this read (wsrep_sync_wait; nothing
// on a plain server).
bool BookkeepingTablesExist(sql::Connection& c) {
  std::unique_ptr<sql::Statement> st(c.createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
      "SET STATEMENT wsrep_sync_wait = 15 FOR SELECT COUNT(*) FROM information_schema.TABLES "
      "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('schema_migrations', 'job_leases')"));
  return rs->next() && rs->getInt(1) == 2;
}

// The row that says `file` is applied. Its DDL cannot be undone, so a lost
// race here (a Galera brute-force abort, 1213) is retried rather than leaving
// the file applied but unrecorded for the next migrator to run again.
void RecordApplied(sql::Connection& c, const MigrationFile& file) {
  for (int attempt = 1;; ++attempt) {
    try {
      std::unique_ptr<sql::PreparedStatement> record(
          c.prepareStatement("INSERT INTO schema_migrations (version, name) VALUES (?, ?)"));
      record->setInt(1, file.version);
      record->setString(2, file.name);
      record->executeUpdate();
      return;
    } catch (const sql::SQLException& e) {
      if (!IsLostRace(e) || attempt == 5) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
    }
  }
}

}  // namespace

std::string DefaultMigrationsDir() {
  if (const char* dir = std::getenv("PREFILL_MIGRATIONS"); dir && *dir) return dir;
  return std::string(PREFILL_SOURCE_DIR) + "/sql";
}

Result<std::vector<MigrationFile>> ListMigrations(const std::string& dir) {
  std::error_code ec;
  std::vector<MigrationFile> files;
  std::set<int> versions;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    size_t underscore = name.find('_');
    if (underscore != 3 || !std::all_of(name.begin(), name.begin() + 3, ::isdigit)) {
      return Status::InvalidArgument("migration file not named NNN_name.sql: " + name);
    }
    int version = std::stoi(name.substr(0, 3));
    if (!versions.insert(version).second) {
      return Status::InvalidArgument("two migration files with version " + name.substr(0, 3));
    }
    files.push_back({version, name, entry.path().string()});
  }
  if (ec) return Status::InvalidArgument("cannot read migrations directory " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  return files;
}

Result<std::vector<std::string>> ApplyMigrations(ConnectionPool& pool, const std::string& dir) {
  auto files = ListMigrations(dir);
  if (!files.ok()) return files.status();
  std::vector<std::string> applied;
  const std::string holder = MySqlJobLeases::NewHolderId();
  Status status = pool.Run([&](sql::Connection& c) -> Status {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    // The two bookkeeping tables, created only where missing. On Galera even a
    // CREATE TABLE IF NOT EXISTS of an existing table is replicated as DDL in
    // total order, and it aborts (1213) another node's statement on that table:
    // a second node starting while the first migrates once aborted the first's
    // INSERT INTO schema_migrations after a file's DDL had run, and the file was
    // then run twice ("table already exists"). The check waits causally, so it
    // sees tables created anywhere before it.
    if (!BookkeepingTablesExist(c)) {
      // Idempotent: nodes starting together on a fresh database may both run it.
      st->execute(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version INT NOT NULL PRIMARY KEY,"
          " name VARCHAR(255) NOT NULL,"
          " applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
          ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
      st->execute(kCreateJobLeasesSql);
    }
    // One migrating process at a time: the lease row `schema_migrations`, not
    // GET_LOCK (not replicated by Galera). Renewed before each file; a process
    // that dies while migrating lets it expire.
    const auto deadline = std::chrono::steady_clock::now() + kMigrationWait;
    while (!TakeLease(c, kMigrationLease, holder, kMigrationLeaseTime)) {
      if (std::chrono::steady_clock::now() > deadline) return Status::Unavailable("another migration is running");
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::set<int> done;
    {
      std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT version FROM schema_migrations"));
      while (rs->next()) done.insert(rs->getInt(1));
    }
    Status result = Status::OK();
    for (const MigrationFile& file : files.value()) {
      if (done.count(file.version)) continue;
      std::ifstream in(file.path);
      std::stringstream text;
      text << in.rdbuf();
      if (!in) {
        result = Status::InvalidArgument("cannot read " + file.path);
        break;
      }
      if (!TakeLease(c, kMigrationLease, holder, kMigrationLeaseTime)) {
        result = Status::Unavailable("migration lease lost (a statement ran longer than the lease)");
        break;
      }
      for (const std::string& statement : SplitStatements(text.str())) st->execute(statement);
      RecordApplied(c, file);
      applied.push_back(file.name);
    }
    ReleaseLease(c, kMigrationLease, holder);
    return result;
  });
  if (!status.ok()) return status;
  return applied;
}

}  // namespace prefill
