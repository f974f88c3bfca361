// Integration tests of the connection pool against the real MariaDB.
#include "storage/connection_pool.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "support/test_database.h"

namespace prefill {
namespace {

using prefill::testing::TestDatabase;

class ConnectionPoolTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { db_ = new TestDatabase("connection_pool"); }
  static void TearDownTestSuite() { delete db_; }
  static TestDatabase* db_;
};
TestDatabase* ConnectionPoolTest::db_ = nullptr;

std::string QueryOne(sql::Connection& c, const std::string& sql) {
  std::unique_ptr<sql::Statement> st(c.createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
  return rs->next() ? std::string(rs->getString(1)) : "";
}

TEST_F(ConnectionPoolTest, SpeaksUtf8mb4AndUtc) {
  ConnectionPool pool(db_->config(), {});
  Status s = pool.Run([](sql::Connection& c) {
    EXPECT_EQ(QueryOne(c, "SELECT @@character_set_client"), "utf8mb4");
    EXPECT_EQ(QueryOne(c, "SELECT @@time_zone"), "+00:00");
    std::unique_ptr<sql::PreparedStatement> ps(c.prepareStatement("SELECT ?"));
    ps->setString(1, "Grüße 🎁 <>&\"'");
    std::unique_ptr<sql::ResultSet> rs(ps->executeQuery());
    EXPECT_TRUE(rs->next());
    EXPECT_EQ(std::string(rs->getString(1)), "Grüße 🎁 <>&\"'");
    return Status::OK();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST_F(ConnectionPoolTest, ReusesConnections) {
  ConnectionPool pool(db_->config(), {});
  std::string first, second;
  ASSERT_TRUE(pool.Run([&](sql::Connection& c) { first = QueryOne(c, "SELECT CONNECTION_ID()"); return Status::OK(); }).ok());
  ASSERT_TRUE(pool.Run([&](sql::Connection& c) { second = QueryOne(c, "SELECT CONNECTION_ID()"); return Status::OK(); }).ok());
  EXPECT_EQ(first, second);
  EXPECT_EQ(pool.usage().open, 1u);
  EXPECT_EQ(pool.usage().in_use, 0u);
}

TEST_F(ConnectionPoolTest, ExhaustedPoolAnswersUnavailableAfterTimeout) {
  ConnectionPool::Options options;
  options.size = 1;
  options.acquire_timeout = std::chrono::milliseconds(200);
  ConnectionPool pool(db_->config(), options);
  auto held = pool.Acquire();
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  auto start = std::chrono::steady_clock::now();
  auto second = pool.Acquire();
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(second.ok());
  EXPECT_TRUE(second.status().Is(Status::Code::kUnavailable));
  EXPECT_GE(waited, std::chrono::milliseconds(150));
}

TEST_F(ConnectionPoolTest, ReplacesAConnectionKilledByTheServer) {
  ConnectionPool::Options options;
  options.size = 1;
  options.validate_after_idle = std::chrono::milliseconds(0);
  ConnectionPool pool(db_->config(), options);
  std::string victim;
  ASSERT_TRUE(pool.Run([&](sql::Connection& c) { victim = QueryOne(c, "SELECT CONNECTION_ID()"); return Status::OK(); }).ok());
  db_->Execute("KILL " + victim);
  std::string replacement;
  Status s = pool.Run([&](sql::Connection& c) { replacement = QueryOne(c, "SELECT CONNECTION_ID()"); return Status::OK(); });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_NE(replacement, victim);
}

TEST_F(ConnectionPoolTest, DuplicateKeyBecomesAlreadyExists) {
  db_->Execute("CREATE TABLE dup_test (k INT PRIMARY KEY)");
  ConnectionPool pool(db_->config(), {});
  auto insert = [](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> ps(c.prepareStatement("INSERT INTO dup_test (k) VALUES (?)"));
    ps->setInt(1, 7);
    ps->executeUpdate();
    return Status::OK();
  };
  EXPECT_TRUE(pool.Run(insert).ok());
  EXPECT_TRUE(pool.Run(insert).Is(Status::Code::kAlreadyExists));
}

TEST_F(ConnectionPoolTest, UnreachableServerFailsFast) {
  DbConfig config = db_->config();
  config.socket = "/nonexistent/prefill.sock";
  ConnectionPool pool(config, {});
  auto start = std::chrono::steady_clock::now();
  Status s = pool.Ping();
  EXPECT_TRUE(s.Is(Status::Code::kUnavailable)) << s.ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(pool.usage().open, 0u);
}

TEST_F(ConnectionPoolTest, ConnectionsAreNeverShared) {
  ConnectionPool::Options options;
  options.size = 4;
  ConnectionPool pool(db_->config(), options);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        Status s = pool.Run([&](sql::Connection& c) {
          // A session variable set and read back on one lease must not be seen changed by another thread.
          std::unique_ptr<sql::Statement> st(c.createStatement());
          std::string mine = std::to_string(i * 1000 + t);
          st->execute("SET @owner = " + mine);
          if (QueryOne(c, "SELECT @owner") != mine) ++failures;
          return Status::OK();
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(pool.usage().open, 4u);
}

TEST_F(ConnectionPoolTest, ABoundThreadGetsItsOwnConnectionBack) {
  ConnectionPool::Options options;
  options.size = 4;
  ConnectionPool pool(db_->config(), options);
  auto id = [&] {
    std::string out;
    EXPECT_TRUE(pool.Run([&](sql::Connection& c) { out = QueryOne(c, "SELECT CONNECTION_ID()"); return Status::OK(); }).ok());
    return out;
  };
  // Two connections idle in the shared list.
  std::thread([&] {
    auto first = pool.Acquire();
    auto second = pool.Acquire();
    ASSERT_TRUE(first.ok() && second.ok());
  }).join();
  std::string mine, theirs;
  std::thread([&] {
    auto binding = pool.BindThisThread();
    mine = id();
    EXPECT_EQ(pool.usage().parked, 1u);
    // An unbound thread gets the other idle connection, not the parked one,
    // and the bound thread gets its own back, whichever was returned last.
    std::thread([&] { theirs = id(); }).join();
    for (int i = 0; i < 3; ++i) EXPECT_EQ(id(), mine);
  }).join();
  EXPECT_NE(theirs, mine);
  EXPECT_EQ(pool.usage().parked, 0u);  // back in the shared list when the binding ended
  EXPECT_EQ(pool.usage().in_use, 0u);
  EXPECT_EQ(pool.usage().open, 2u);
}

TEST_F(ConnectionPoolTest, AParkedConnectionServesOthersWhenThePoolIsFull) {
  ConnectionPool::Options options;
  options.size = 1;
  options.acquire_timeout = std::chrono::milliseconds(5000);
  ConnectionPool pool(db_->config(), options);
  std::string parked, taken;
  std::atomic<bool> bound{false}, done{false};
  std::thread owner([&] {
    auto binding = pool.BindThisThread();
    ASSERT_TRUE(pool.Run([&](sql::Connection& c) { parked = QueryOne(c, "SELECT CONNECTION_ID()"); return Status::OK(); }).ok());
    bound = true;
    while (!done) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Taken and returned by another thread meanwhile: still usable here.
    EXPECT_TRUE(pool.Run([&](sql::Connection& c) { return Status::OK(); }).ok());
  });
  while (!bound) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto started = std::chrono::steady_clock::now();
  Status s = pool.Run([&](sql::Connection& c) { taken = QueryOne(c, "SELECT CONNECTION_ID()"); return Status::OK(); });
  EXPECT_TRUE(s.ok()) << s.ToString();
  // No wait for a free slot: waiting would last the whole 5 s acquire timeout.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(2500));
  EXPECT_EQ(taken, parked);
  done = true;
  owner.join();
  EXPECT_EQ(pool.usage().open, 1u);
}

}  // namespace
}  // namespace prefill
