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
#include "support/private_mariadb.h"
#include "support/test_app.h"

namespace prefill {
namespace {

using Clock = std::chrono::steady_clock;

using prefill::testing::PrivateMariaDb;

int PollReadyz(uint16_t port, int want, std::chrono::milliseconds limit, std::chrono::milliseconds* took) {
  auto start = Clock::now();
  int status = 0;
  while (Clock::now() - start < limit) {
    status = prefill::testing::HttpClient(port).Get("/readyz").status;
    if (status == want) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  *took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return status;
}

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
  std::chrono::milliseconds took{};

  ASSERT_EQ(PollReadyz(port, 200, std::chrono::seconds(5), &took), 200);

  ASSERT_TRUE(db.Stop());
  EXPECT_EQ(PollReadyz(port, 503, std::chrono::seconds(2), &took), 503);
  EXPECT_LT(took, std::chrono::seconds(2));
  EXPECT_EQ(prefill::testing::HttpClient(port).Get("/healthz").status, 200);
  // The demo shop says so without the driver's text (socket paths, error numbers).
  auto shop = prefill::testing::HttpClient(port).Get("/sandbox/shop");
  EXPECT_EQ(shop.status, 503) << shop.body;
  EXPECT_EQ(shop.body.find("mariadb.sock"), std::string::npos) << shop.body;
  EXPECT_EQ(shop.body.find("MySQL"), std::string::npos) << shop.body;
  EXPECT_EQ(shop.body.find("Can't connect"), std::string::npos) << shop.body;

  ASSERT_TRUE(db.Start());
  EXPECT_EQ(PollReadyz(port, 200, std::chrono::seconds(5), &took), 200);
}

}  // namespace
}  // namespace prefill
