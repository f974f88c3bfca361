// TestDatabase: a fresh database for one integration test suite, on the
// MariaDB server the test command started ($PREFILL_TEST_DB, an admin URL).
// Created with a unique name, migrated, and dropped when the object dies.
// Without $PREFILL_TEST_DB the suite fails: it never silently skips.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/connection_pool.h"
#include "storage/db_config.h"

namespace prefill::testing {

class TestDatabase {
 public:
  // `suite` becomes part of the database name.
  explicit TestDatabase(const std::string& suite);
  // The same on the server of `admin_url` (a test's private MariaDB).
  TestDatabase(const std::string& suite, const std::string& admin_url);
  ~TestDatabase();

  const DbConfig& config() const { return config_; }
  std::string url() const;  // mysql://... for this database
  ConnectionPool& pool() { return *pool_; }
  // A new pool, for a test that restarted the server under the old one.
  void Reconnect();

  // Runs one SQL statement without parameters (test set-up only).
  void Execute(const std::string& sql);
  // The first column of the first row of `sql`, as a string ("" when no row).
  std::string QueryString(const std::string& sql);
  // Every row of `sql`, each column as a string (NULL as "").
  std::vector<std::vector<std::string>> QueryRows(const std::string& sql);

 private:
  DbConfig config_;
  std::unique_ptr<ConnectionPool> pool_;
};

// The admin URL of the test server; fails the current test when unset.
std::string TestServerUrl();

}  // namespace prefill::testing
