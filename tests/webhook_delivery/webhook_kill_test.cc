// A Prefill server killed between claiming a delivery and sending it
// (PREFILL_FAULT_POINT=webhook_claimed: _exit at once, as kill -9) leaves the
// event and its pending delivery in the database; a new server process sends
// it once the dead claim's lease (send timeout + 5 s) has run out, with the
// same webhook-id.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "common/fault_point.h"
#include "storage/mysql_webhook_store.h"
#include "support/fake_http_server.h"
#include "support/http_client.h"
#include "support/prefill_process.h"
#include "support/test_database.h"
#include "webhook_delivery/webhook_test_support.h"
#include "webhooks/webhook_endpoints.h"

namespace prefill {
namespace {

using prefill::testing::FreePort;
using prefill::testing::WaitExit;
using testing::FakeHttpServer;
using testing::FakeResponse;
using testing::RecordedRequest;

pid_t Spawn(const std::vector<std::string>& args, const std::string& fault) {
  return prefill::testing::SpawnPrefill(PREFILL_BINARY, args, fault);
}

TEST(WebhookKill, ServerKilledBetweenClaimAndSendDeliversAfterRestart) {
  testing::TestDatabase db("webhook_kill");
  FakeHttpServer receiver([](const RecordedRequest&) { return FakeResponse::Json(200, ""); });
  MySqlWebhookStore store(db.pool());
  webhooks::WebhookEndpoints endpoints(&store, nullptr, /*allow_private=*/true);
  auto created = endpoints.Create({receiver.base_url() + "/k", {"*"}, ""});
  ASSERT_TRUE(std::holds_alternative<webhooks::CreatedEndpoint>(created));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // The committed change's event; no process has looked at it yet.
  testing::InsertEvent(db, "evt_kill_000000000000000000001", "transaction.confirmed", "f1", SystemNow());

  const std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:" + std::to_string(FreePort()), "--db",
                                         db.url(), "--forms", std::string(PREFILL_SOURCE_DIR) + "/forms", "--threads",
                                         "2", "--webhooks-allow-private", "--webhook-timeout", "1"};
  pid_t first = Spawn(args, "webhook_claimed");
  ASSERT_EQ(WaitExit(first, 30), kFaultPointExitCode) << "the server should die at its first claim";
  EXPECT_TRUE(receiver.requests().empty()) << "killed before sending";
  EXPECT_EQ(db.QueryString("SELECT status FROM webhook_deliveries"), "pending");
  EXPECT_EQ(db.QueryString("SELECT attempts FROM webhook_deliveries"), "1");
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM webhook_attempts"), "0");

  const auto restarted = std::chrono::steady_clock::now();
  pid_t second = Spawn(args, "");
  for (int i = 0; i < 300 && receiver.requests().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_EQ(receiver.requests().size(), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - restarted, std::chrono::seconds(15));
  EXPECT_EQ(receiver.requests()[0].header("webhook-id"), "evt_kill_000000000000000000001");
  for (int i = 0; i < 50 && db.QueryString("SELECT status FROM webhook_deliveries") != "succeeded"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(db.QueryString("SELECT status FROM webhook_deliveries"), "succeeded");
  // The log shows the attempt that happened: number 2 (number 1 died with its claim).
  EXPECT_EQ(db.QueryString("SELECT CONCAT(attempt, ':', http_status) FROM webhook_attempts"), "2:200");
  kill(second, SIGTERM);
  EXPECT_EQ(WaitExit(second, 30), 0);
  EXPECT_EQ(receiver.requests().size(), 1u);
}

}  // namespace
}  // namespace prefill
