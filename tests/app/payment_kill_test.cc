// Kill tests of a payment's two durable commits (payments/payment_ledger.h,
// docs/payments.md "Two commits"): the real `prefill serve` dies with _exit at
// a named fault point (PREFILL_FAULT_POINT, common/fault_point.h), as a
// `kill -9` would, at each moment of a sandbox card payment. Afterwards the
// database holds one of the two consistent states only - the session open
// without an attempt, or processing beside its pending attempt - never a
// session locked without an attempt; a restarted App's reconciliation settles
// the second, with the card charged once.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "common/fault_point.h"
#include "support/http_client.h"
#include "support/prefill_process.h"
#include "support/test_database.h"
#include "support/test_app.h"

namespace prefill {
namespace {

using prefill::testing::FreePort;
using prefill::testing::WaitExit;
using prefill::testing::HttpClient;
using prefill::testing::ParseJson;
using prefill::testing::Str;
using prefill::testing::TestDatabase;

constexpr const char* kSandbox = "demo_sandbox_hash_0001";

std::string CardDonor() {
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return "payment%5Bamount%5D=12,5&payment%5Bfirst_name%5D=Beate&payment%5Blast_name%5D=Muster"
         "&payment%5Bemail%5D=beate%40example.org&payment%5Bpayment_method%5D=credit_card"
         "&payment%5Bcredit_card_token%5D=tok_sandbox_ok&payment%5Bcredit_card_expire_date_month%5D=12"
         "&payment%5Bcredit_card_expire_date_year%5D=" +
         std::to_string(static_cast<int>(today.year()) + 1);
}

// `prefill serve` on `port` over `db`, dying at the fault point `fault`.
pid_t SpawnServer(const TestDatabase& db, uint16_t port, const std::string& fault) {
  return prefill::testing::SpawnPrefill(PREFILL_BINARY,
                                        {"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--db", db.url(),
                                         "--forms", std::string(PREFILL_SOURCE_DIR) + "/forms", "--threads", "2"},
                                        fault);
}

struct Crash {
  std::string session;
};

// Creates a complete sandbox card session on a server that dies at `fault`,
// pays it, and checks that the server died before answering.
Crash PayIntoACrash(TestDatabase& db, const std::string& fault) {
  Crash crash;
  const uint16_t port = FreePort();
  const pid_t server = SpawnServer(db, port, fault);
  HttpClient client(port);
  const bool up = prefill::testing::WaitHealthy(port, 15);
  EXPECT_TRUE(up) << "prefill serve did not start";
  if (!up) {
    WaitExit(server, 0);
    return crash;
  }
  auto created = client.Post("/app/createSession", std::string("hash=") + kSandbox + "&" + CardDonor());
  EXPECT_EQ(created.status, 200) << created.body;
  crash.session = Str(ParseJson(created)["session"]["hash"]);
  auto paid =
      client.Post("/app/payment", std::string("hash=") + kSandbox + "&fbSessionHash=" + crash.session + "&ip=192.0.2.1");
  EXPECT_EQ(paid.status, 0) << "the server answered: " << paid.body;  // it died first
  EXPECT_EQ(WaitExit(server, 30), kFaultPointExitCode);
  return crash;
}

// A restarted App whose reconciliation runs at once and often.
Result<std::unique_ptr<App>> Restart(const TestDatabase& db) {
  AppConfig config = prefill::testing::LocalAppConfig(db.url(), 2);
  config.reconcile_interval = std::chrono::milliseconds(100);
  config.reconcile_after = std::chrono::seconds(0);
  return App::Start(config);
}

std::string WaitForState(TestDatabase& db, const std::string& session, const std::string& want) {
  std::string state;
  for (int i = 0; i < 100 && state != want; ++i) {
    state = db.QueryString("SELECT state FROM sessions WHERE hash = '" + session + "'");
    if (state != want) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return state;
}

TEST(PaymentKill, CrashInsideTheLockCommitLeavesTheSessionOpenWithoutAnAttempt) {
  // Before the two commits, the lock and the attempt were two writes: a crash
  // between them left the session processing without any attempt until it
  // expired. Now the lock's statements are written and the process dies
  // before COMMIT: the server rolls all of it back.
  TestDatabase db("payment_kill_lock");
  const Crash crash = PayIntoACrash(db, "ledger_before_commit");
  ASSERT_FALSE(crash.session.empty());
  EXPECT_EQ(db.QueryString("SELECT state FROM sessions WHERE hash = '" + crash.session + "'"), "open");
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM transactions"), "0");

  auto app = Restart(db);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  HttpClient client((*app)->port());
  auto paid =
      client.Post("/app/payment", std::string("hash=") + kSandbox + "&fbSessionHash=" + crash.session + "&ip=192.0.2.1");
  EXPECT_EQ(Str(ParseJson(paid)["payment_status"]), "confirmed") << paid.body;
  EXPECT_EQ(db.QueryString("SELECT GROUP_CONCAT(status) FROM transactions"), "confirmed");
  EXPECT_EQ(db.QueryString("SELECT state FROM sessions WHERE hash = '" + crash.session + "'"), "completed");
  (*app)->Shutdown();
}

TEST(PaymentKill, CrashAfterTheLockCommitLeavesTheLockWithItsAttemptAndIsReconciled) {
  TestDatabase db("payment_kill_locked");
  const Crash crash = PayIntoACrash(db, "payment_locked");
  ASSERT_FALSE(crash.session.empty());
  // The session is never locked without its attempt.
  EXPECT_EQ(db.QueryString("SELECT state FROM sessions WHERE hash = '" + crash.session + "'"), "processing");
  EXPECT_EQ(db.QueryString("SELECT GROUP_CONCAT(status) FROM transactions WHERE session_hash = '" + crash.session +
                           "'"),
            "pending");

  auto app = Restart(db);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_EQ(WaitForState(db, crash.session, "completed"), "completed");
  EXPECT_EQ(db.QueryString("SELECT GROUP_CONCAT(status) FROM transactions"), "confirmed");
  (*app)->Shutdown();
}

TEST(PaymentKill, CrashInsideTheOutcomeCommitAnswersNothingAndIsReconciledOnce) {
  // The processor has confirmed; the outcome and the completed session are
  // written but not committed when the process dies: no answer was sent (no
  // `confirmed` that is not durable), and the database still holds the
  // lock beside its pending attempt, which reconciliation settles.
  TestDatabase db("payment_kill_outcome");
  const Crash crash = PayIntoACrash(db, "ledger_before_outcome_commit");
  ASSERT_FALSE(crash.session.empty());
  EXPECT_EQ(db.QueryString("SELECT state FROM sessions WHERE hash = '" + crash.session + "'"), "processing");
  EXPECT_EQ(db.QueryString("SELECT GROUP_CONCAT(status) FROM transactions"), "pending");

  auto app = Restart(db);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_EQ(WaitForState(db, crash.session, "completed"), "completed");
  EXPECT_EQ(db.QueryString("SELECT GROUP_CONCAT(status) FROM transactions"), "confirmed");
  HttpClient client((*app)->port());
  auto again =
      client.Post("/app/payment", std::string("hash=") + kSandbox + "&fbSessionHash=" + crash.session + "&ip=192.0.2.1");
  EXPECT_NE(again.body.find("error 202"), std::string::npos) << again.body;
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM transactions"), "1");
  (*app)->Shutdown();
}

}  // namespace
}  // namespace prefill
