// Regression test: Ping (GET /readyz) must leave its connection usable for the
// next statement on it. It once left "SELECT 1"'s result unread, so the next
// request on that pooled connection failed with "commands out of sync" (503).
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include "storage/connection_pool.h"
#include "support/test_database.h"

namespace prefill {
namespace {

TEST(ConnectionPoolPingTest, LeavesTheConnectionReadyForTheNextStatement) {
  prefill::testing::TestDatabase db("connection_pool_ping");
  ConnectionPool::Options options;
  options.size = 1;  // Ping and the query below must share the one connection
  ConnectionPool pool(db.config(), options);
  for (int round = 0; round < 3; ++round) {
    Status pinged = pool.Ping();
    ASSERT_TRUE(pinged.ok()) << "round " << round << ": " << pinged.ToString();
    std::string answer;
    Status queried = pool.Run([&](sql::Connection& c) {
      std::unique_ptr<sql::Statement> st(c.createStatement());
      std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT 41 + 1"));
      if (rs->next()) answer = rs->getString(1);
      return Status::OK();
    });
    ASSERT_TRUE(queried.ok()) << "round " << round << ": " << queried.ToString();
    EXPECT_EQ(answer, "42");
  }
  EXPECT_EQ(pool.usage().open, 1u);  // never discarded and reconnected
}

}  // namespace
}  // namespace prefill
