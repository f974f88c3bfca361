#include "support/test_database.h"

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <random>

#include "storage/migrations.h"

namespace prefill::testing {

std::string TestServerUrl() {
  const char* url = std::getenv("PREFILL_TEST_DB");
  if (!url || !*url) {
    ADD_FAILURE() << "PREFILL_TEST_DB is not set: run the tests through scripts/test.sh";
    std::abort();
  }
  return url;
}

TestDatabase::TestDatabase(const std::string& suite) : TestDatabase(suite, TestServerUrl()) {}

TestDatabase::TestDatabase(const std::string& suite, const std::string& admin_url) {
  auto parsed = ParseDatabaseUrl(admin_url);
  if (!parsed.ok()) {
    ADD_FAILURE() << parsed.status().ToString();
    std::abort();
  }
  config_ = parsed.value();
  std::string clean;
  for (char c : suite) clean += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  config_.database = "t_" + clean.substr(0, 30) + "_" + std::to_string(getpid()) + "_" +
                     std::to_string(std::random_device{}() % 100000);
  Status created = EnsureDatabaseExists(config_);
  if (!created.ok()) {
    ADD_FAILURE() << created.ToString();
    std::abort();
  }
  Reconnect();
  auto applied = ApplyMigrations(*pool_, DefaultMigrationsDir());
  if (!applied.ok()) {
    ADD_FAILURE() << applied.status().ToString();
    std::abort();
  }
}

void TestDatabase::Reconnect() {
  ConnectionPool::Options options;
  options.size = 32;
  pool_.reset();
  pool_ = std::make_unique<ConnectionPool>(config_, options);
}

TestDatabase::~TestDatabase() {
  Execute("DROP DATABASE IF EXISTS `" + config_.database + "`");
  pool_.reset();
}

std::string TestDatabase::url() const {
  std::string url = "mysql://" + config_.user + (config_.password.empty() ? "" : ":" + config_.password) + "@" +
                    config_.host;
  if (config_.socket.empty()) url += ":" + std::to_string(config_.port);
  url += "/" + config_.database;
  if (!config_.socket.empty()) url += "?socket=" + config_.socket;
  return url;
}

void TestDatabase::Execute(const std::string& sql) {
  Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    st->execute(sql);
    return Status::OK();
  });
  EXPECT_TRUE(s.ok()) << sql << ": " << s.ToString();
}

std::string TestDatabase::QueryString(const std::string& sql) {
  std::string out;
  Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
    if (rs->next()) out = rs->getString(1);
    return Status::OK();
  });
  EXPECT_TRUE(s.ok()) << sql << ": " << s.ToString();
  return out;
}

std::vector<std::vector<std::string>> TestDatabase::QueryRows(const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
    const unsigned columns = rs->getMetaData()->getColumnCount();
    while (rs->next()) {
      std::vector<std::string> row;
      for (unsigned i = 1; i <= columns; ++i) row.push_back(rs->isNull(i) ? std::string() : std::string(rs->getString(i)));
      rows.push_back(std::move(row));
    }
    return Status::OK();
  });
  EXPECT_TRUE(s.ok()) << sql << ": " << s.ToString();
  return rows;
}

}  // namespace prefill::testing
