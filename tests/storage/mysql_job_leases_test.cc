// Job leases (storage/mysql_job_leases.h) on the real MariaDB: one holder at a
// time, renewal by the holder, takeover after expiry, release, and a race of
// many takers with exactly one winner.
#include "storage/mysql_job_leases.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "support/test_database.h"

namespace prefill {
namespace {

using namespace std::chrono_literals;
using prefill::testing::TestDatabase;

TEST(MySqlJobLeasesTest, OneHolderUntilExpiryThenAnother) {
  TestDatabase db("job_leases");
  MySqlJobLeases a(db.pool(), "node-a"), b(db.pool(), "node-b");
  auto taken = a.TryTake("purge", 1500ms);
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  EXPECT_TRUE(*taken);
  EXPECT_FALSE(*b.TryTake("purge", 1500ms));   // held by a
  EXPECT_TRUE(*b.TryTake("other_job", 1500ms));  // leases are per name
  EXPECT_TRUE(*a.TryTake("purge", 1500ms));    // the holder renews
  std::this_thread::sleep_for(1700ms);
  EXPECT_TRUE(*b.TryTake("purge", 60s));       // expired: b takes over
  EXPECT_FALSE(*a.TryTake("purge", 60s));
  EXPECT_EQ(db.QueryString("SELECT holder FROM job_leases WHERE name = 'purge'"), "node-b");
  ASSERT_TRUE(a.Release("purge").ok());        // not a's to release: no effect
  EXPECT_FALSE(*a.TryTake("purge", 60s));
  ASSERT_TRUE(b.Release("purge").ok());
  EXPECT_TRUE(*a.TryTake("purge", 60s));
}

TEST(MySqlJobLeasesTest, ConcurrentTakersExactlyOneWins) {
  TestDatabase db("job_leases_race");
  for (int round = 0; round < 5; ++round) {
    const std::string job = "job" + std::to_string(round);
    std::atomic<int> winners{0}, failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&, i] {
        MySqlJobLeases leases(db.pool(), "holder-" + std::to_string(i));
        auto taken = leases.TryTake(job, 60s);
        if (!taken.ok()) ++failures;
        else if (*taken) ++winners;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(winners.load(), 1) << job;
    EXPECT_EQ(failures.load(), 0) << job;
  }
}

TEST(MySqlJobLeasesTest, HolderIdsAreUniquePrintableAscii) {
  const std::string a = MySqlJobLeases::NewHolderId(), b = MySqlJobLeases::NewHolderId();
  EXPECT_NE(a, b);
  EXPECT_LE(a.size(), 128u);
  for (char c : a) EXPECT_TRUE(c > 0x20 && c < 0x7f);
}

}  // namespace
}  // namespace prefill
