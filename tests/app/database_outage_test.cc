// A MariaDB server of this test's own is stopped and started again under a
// running Prefill: /readyz must turn 503 within 2 s and 200 again without a
// restart of Prefill.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "app/app.h"
#include "storage/connection_pool.h"
#include "storage/db_config.h"
#include "support/http_client.h"
#include "support/prefill_process.h"
#include "support/private_mariadb.h"
#include "support/test_app.h"

namespace prefill {
namespace {

using Clock = std::chrono::steady_clock;

using prefill::testing::PrivateMariaDb;
using prefill::testing::WaitForStatus;

TEST(DatabaseOutageTest, ReadyzFollowsTheDatabaseWithoutRestart) {
  PrivateMariaDb db("outage");
  ASSERT_TRUE(db.Start());
  auto db_config = ParseDatabaseUrl(db.url("outage"));
  ASSERT_TRUE(db_config.ok());
  ASSERT_TRUE(EnsureDatabaseExists(db_config.value()).ok());
  AppConfig config = prefill::testing::LocalAppConfig(db.url("outage"));
  auto app = App::Start(config);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  uint16_t port = (*app)->port();

  ASSERT_TRUE(WaitForStatus(port, "/readyz", 200, std::chrono::seconds(5)));

  ASSERT_TRUE(db.Stop());
  const auto stopped = Clock::now();
  EXPECT_TRUE(WaitForStatus(port, "/readyz", 503, std::chrono::seconds(2)));
  EXPECT_LT(Clock::now() - stopped, std::chrono::seconds(2));
  EXPECT_EQ(prefill::testing::HttpClient(port).Get("/healthz").status, 200);
  // The demo shop says so without the driver's text (socket paths, error numbers).
  auto shop = prefill::testing::HttpClient(port).Get("/sandbox/shop");
  EXPECT_EQ(shop.status, 503) << shop.body;
  EXPECT_EQ(shop.body.find("mariadb.sock"), std::string::npos) << shop.body;
  EXPECT_EQ(shop.body.find("MySQL"), std::string::npos) << shop.body;
  EXPECT_EQ(shop.body.find("Can't connect"), std::string::npos) << shop.body;

  ASSERT_TRUE(db.Start());
  EXPECT_TRUE(WaitForStatus(port, "/readyz", 200, std::chrono::seconds(5)));
}

}  // namespace
}  // namespace prefill
