#include "storage/migrations.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include "support/test_database.h"

namespace prefill {
namespace {

using prefill::testing::TestDatabase;

TEST(MigrationsTest, SchemaIsAppliedOnceAndRecorded) {
  TestDatabase db("migrations");  // applies every migration
  auto files = ListMigrations(DefaultMigrationsDir());
  ASSERT_TRUE(files.ok());
  ASSERT_FALSE(files->empty());
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM schema_migrations"), std::to_string(files->size()));
  auto again = ApplyMigrations(db.pool(), DefaultMigrationsDir());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                           "AND table_name = 'sessions'"),
            "1");
}

TEST(MigrationsTest, AppliesOnlyNewFilesInOrder) {
  TestDatabase db("migrations_new");
  auto dir = std::filesystem::temp_directory_path() / ("prefill_mig_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "902_second.sql") << "INSERT INTO mig_order (step) VALUES ('second');\n";
  std::ofstream(dir / "901_first.sql") << "-- a comment line\nCREATE TABLE mig_order (\n  step VARCHAR(10)\n);\n"
                                          "INSERT INTO mig_order (step) VALUES ('first');\n";
  auto applied = ApplyMigrations(db.pool(), dir.string());
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(*applied, (std::vector<std::string>{"901_first.sql", "902_second.sql"}));
  EXPECT_EQ(db.QueryString("SELECT GROUP_CONCAT(step ORDER BY step) FROM mig_order"), "first,second");
  std::filesystem::remove_all(dir);
}

TEST(MigrationsTest, RefusesMisnamedFiles) {
  auto dir = std::filesystem::temp_directory_path() / ("prefill_bad_mig_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "1_oops.sql") << "SELECT 1;\n";
  EXPECT_FALSE(ListMigrations(dir.string()).ok());
  std::filesystem::remove_all(dir);
}

// SPEC §9: nodes starting together migrate safely (no GET_LOCK: a lease row).
// Four processes' worth of pools race on a database that only has the bookkeeping
// tables: every call succeeds and each file is applied by exactly one of them.
TEST(MigrationsTest, ConcurrentMigratorsApplyEachFileOnce) {
  TestDatabase db("migrations_race");
  const std::string tables = db.QueryString(
      "SELECT GROUP_CONCAT(CONCAT('`', table_name, '`')) FROM information_schema.tables "
      "WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'");
  ASSERT_FALSE(tables.empty());
  db.Execute("SET STATEMENT foreign_key_checks = 0 FOR DROP TABLE " + tables);  // a fresh, empty database
  std::vector<std::unique_ptr<ConnectionPool>> pools;
  for (int i = 0; i < 4; ++i) pools.push_back(std::make_unique<ConnectionPool>(db.config(), ConnectionPool::Options{}));
  std::vector<std::vector<std::string>> applied(4);
  std::vector<std::string> errors(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      auto r = ApplyMigrations(*pools[i], DefaultMigrationsDir());
      if (r.ok()) applied[i] = *r; else errors[i] = r.status().ToString();
    });
  }
  for (auto& t : threads) t.join();
  std::multiset<std::string> all;
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(errors[i], "") << "migrator " << i;
    all.insert(applied[i].begin(), applied[i].end());
  }
  auto files = ListMigrations(DefaultMigrationsDir());
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(all.size(), files->size());  // each file once, by one migrator
  for (const auto& f : *files) EXPECT_EQ(all.count(f.name), 1u) << f.name;
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM schema_migrations"), std::to_string(files->size()));
}

// Galera replicates only InnoDB tables with a primary key reliably: every table
// the migrations make (and the bookkeeping ones) has one.
TEST(MigrationsTest, EveryTableHasAPrimaryKey) {
  TestDatabase db("migrations_pk");
  EXPECT_EQ(db.QueryString(
                "SELECT COALESCE(GROUP_CONCAT(t.table_name), '') FROM information_schema.tables t "
                "WHERE t.table_schema = DATABASE() AND t.table_type = 'BASE TABLE' AND NOT EXISTS ("
                " SELECT 1 FROM information_schema.table_constraints c WHERE c.table_schema = t.table_schema"
                " AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY')"),
            "");
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                           "AND engine <> 'InnoDB' AND table_type = 'BASE TABLE'"),
            "0");
}

}  // namespace
}  // namespace prefill
