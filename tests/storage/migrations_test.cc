#include "storage/migrations.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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

}  // namespace
}  // namespace prefill
