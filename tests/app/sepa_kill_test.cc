// Kill tests (docs/sepa.md "Crashes"): the real `prefill` binary dies with
// _exit at a named fault point (PREFILL_FAULT_POINT, common/fault_point.h), as
// a `kill -9` would; afterwards the database holds nothing half-done and,
// once restarted, nothing doubled.
//   1. `prefill serve` dies between "mandate + collection committed" and
//      "answer sent": the restarted server's reconciliation confirms the
//      attempt from the stored mandate; one mandate, one collection, one export.
//   2. `prefill sepa export` dies between "batch built" and "batch stored": no
//      batch, every collection still scheduled; the next export takes them all.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "app/app.h"
#include "common/fault_point.h"
#include "sepa/xml_schema.h"
#include "support/http_client.h"
#include "support/prefill_process.h"
#include "support/test_database.h"

namespace prefill {
namespace {

using prefill::testing::FreePort;
using prefill::testing::WaitExit;
using prefill::testing::HttpClient;
using prefill::testing::ParseJson;
using prefill::testing::Str;
using prefill::testing::TestDatabase;

constexpr const char* kLive = "spendenformular_live_0001";
constexpr const char* kDonor =
    "payment%5Bamount%5D=30&payment%5Binterval%5D=1&payment%5Bfirst_name%5D=Zoe&payment%5Blast_name%5D=Mueller"
    "&payment%5Bemail%5D=zoe%40example.org&payment%5Bis_privacy_accepted%5D=1"
    "&payment%5Bpayment_method%5D=sepa_direct_debit&payment%5Bbank_account_owner%5D=Zo%C3%AB+M%C3%BCller"
    "&payment%5Bbank_iban%5D=DE89370400440532013000";

pid_t Spawn(const std::vector<std::string>& args, const std::string& fault) {
  return prefill::testing::SpawnPrefill(PREFILL_BINARY, args, fault);
}

std::string FormsDir() { return std::string(PREFILL_SOURCE_DIR) + "/forms"; }

TEST(SepaKill, CrashAfterTheCollectionIsWrittenLeavesOneMandateAndIsConfirmedOnRestart) {
  TestDatabase db("sepa_kill_pay");
  const uint16_t port = FreePort();
  pid_t server = Spawn({"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--db", db.url(), "--forms",
                        FormsDir(), "--threads", "2"},
                       "sepa_collection_created");
  HttpClient client(port);
  const bool up = prefill::testing::WaitHealthy(port, 15);
  ASSERT_TRUE(up) << "prefill serve did not start";
  auto created = client.Post("/app/createSession", std::string("hash=") + kLive + "&" + kDonor);
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string session = Str(ParseJson(created)["session"]["hash"]);
  auto paid = client.Post("/app/payment", std::string("hash=") + kLive + "&fbSessionHash=" + session + "&ip=203.0.113.9");
  EXPECT_EQ(paid.status, 0) << "the server answered: " << paid.body;  // it died first
  ASSERT_EQ(WaitExit(server, 30), kFaultPointExitCode);

  // Nothing half-done: the attempt pending, the session locked, exactly one of each row.
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM transactions"), "1");
  EXPECT_EQ(db.QueryString("SELECT status FROM transactions"), "pending");
  EXPECT_EQ(db.QueryString("SELECT state FROM sessions WHERE hash = '" + session + "'"), "processing");
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM sepa_mandates"), "1");
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM sepa_collections"), "1");

  // Restart (in process, reconciliation made fast); the crash is "old enough" at once.
  AppConfig config;
  config.listen = "127.0.0.1:0";
  config.database_url = db.url();
  config.forms_dir = FormsDir();
  config.threads = 2;
  config.reconcile_interval = std::chrono::milliseconds(100);
  config.reconcile_after = std::chrono::seconds(0);
  auto app = App::Start(config);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  std::string status;
  for (int i = 0; i < 100 && status != "confirmed"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = db.QueryString("SELECT status FROM transactions");
  }
  EXPECT_EQ(status, "confirmed");
  std::string state;
  for (int i = 0; i < 50 && state != "completed"; ++i) {
    state = db.QueryString("SELECT state FROM sessions WHERE hash = '" + session + "'");
    if (state != "completed") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(state, "completed");
  const std::string reference = db.QueryString("SELECT reference FROM sepa_mandates");
  EXPECT_EQ(db.QueryString("SELECT sepa_mandate_reference FROM transactions"), reference);
  // Nothing doubled: paying again is refused, still one mandate and one collection.
  HttpClient restarted((*app)->port());
  auto again = restarted.Post("/app/payment", std::string("hash=") + kLive + "&fbSessionHash=" + session +
                                                  "&ip=203.0.113.9");
  EXPECT_NE(again.body.find("error 202"), std::string::npos) << again.body;
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM sepa_mandates"), "1");
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM sepa_collections"), "1");
  (*app)->Shutdown();
}

TEST(SepaKill, CrashBetweenBuildingAndStoringABatchStoresNothing) {
  TestDatabase db("sepa_kill_export");
  {
    AppConfig config;
    config.listen = "127.0.0.1:0";
    config.database_url = db.url();
    config.forms_dir = FormsDir();
    config.threads = 2;
    auto app = App::Start(config);
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    HttpClient client((*app)->port());
    for (int i = 0; i < 3; ++i) {
      auto created = client.Post("/app/createSession", std::string("hash=") + kLive + "&" + kDonor);
      const std::string session = Str(ParseJson(created)["session"]["hash"]);
      auto paid =
          client.Post("/app/payment", std::string("hash=") + kLive + "&fbSessionHash=" + session + "&ip=203.0.113.9");
      ASSERT_EQ(Str(ParseJson(paid)["payment_status"]), "confirmed") << paid.body;
    }
    (*app)->Shutdown();
  }
  const std::string out = ::testing::TempDir() + "/sepa_kill_" + std::to_string(getpid()) + ".xml";
  std::remove(out.c_str());
  const std::vector<std::string> args = {"sepa", "export", "--creditor", "DE98ZZZ09999999999", "--until", "2099-12-31",
                                         "--out", out, "--db", db.url(), "--forms", FormsDir()};
  ASSERT_EQ(WaitExit(Spawn(args, "sepa_batch_built"), 60), kFaultPointExitCode);
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM sepa_batches"), "0");
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM sepa_collections WHERE status = 'scheduled' AND batch_id IS NULL"),
            "3");
  EXPECT_FALSE(std::ifstream(out).good());

  ASSERT_EQ(WaitExit(Spawn(args, ""), 60), 0);
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM sepa_batches"), "1");
  EXPECT_EQ(db.QueryString("SELECT tx_count FROM sepa_batches"), "3");
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM sepa_collections WHERE status = 'exported'"), "3");
  std::stringstream file;
  file << std::ifstream(out, std::ios::binary).rdbuf();
  EXPECT_EQ(testing_sepa::SchemaErrors(file.str(), "pain.008.001.08"), "");
  EXPECT_EQ(file.str(), db.QueryString("SELECT xml FROM sepa_batches"));  // the stored bytes
  // A third export finds nothing: no file, no batch.
  std::remove(out.c_str());
  ASSERT_EQ(WaitExit(Spawn(args, ""), 60), 0);
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM sepa_batches"), "1");
  EXPECT_FALSE(std::ifstream(out).good());
}

}  // namespace
}  // namespace prefill
