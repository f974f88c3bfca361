// Scale-out on a real three-node MariaDB Galera cluster (SPEC §9,
// docs/scale-out.md): the test brings the cluster up itself with
// scripts/cluster.sh in a directory of its own and tears it down whatever
// happens (a watchdog process runs `cluster.sh down` when this process ends,
// even by a crash or a kill). Two Prefill nodes run in this process, A on
// Galera node 1 first and B on node 2 first, each with the whole host list.
//
// One test (ctest runs each test in a process of its own, and a cluster start
// costs most of the time): the parts run in order, each under its own trace.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "app/app.h"
#include "storage/connection_pool.h"
#include "storage/db_config.h"
#include "storage/migrations.h"
#include "storage/mysql_job_leases.h"
#include "storage/mysql_webhook_store.h"
#include "support/fake_http_server.h"
#include "support/http_client.h"
#include "support/test_app.h"
#include "webhooks/webhook_endpoints.h"

namespace prefill {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using prefill::testing::ClientResponse;
using prefill::testing::HttpClient;
using prefill::testing::ParseJson;
using prefill::testing::Str;

constexpr const char* kForm = "demo_sandbox_hash_0001";

std::string Shell(const std::string& command, int* exit_code = nullptr) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), p)) > 0) out.append(buffer, n);
  int status = pclose(p);
  if (exit_code) *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

class GaleraCluster {
 public:
  GaleraCluster()
      : dir_(std::filesystem::path(PREFILL_SOURCE_DIR) / ".data" / ("cluster-test-" + std::to_string(getpid()))),
        script_(std::string(PREFILL_SOURCE_DIR) + "/scripts/cluster.sh") {
    StartWatchdog();
    int code = 0;
    up_output_ = Shell(Command("up") + " 2>&1", &code);
    up_ = code == 0;
  }
  ~GaleraCluster() {
    Shell(Command("down") + " >/dev/null 2>&1");
    close(watchdog_pipe_);  // the watchdog removes the directory and exits
    waitpid(watchdog_, nullptr, 0);
  }
  bool up() const { return up_; }
  const std::string& up_output() const { return up_output_; }
  std::string Command(const std::string& verb) const { return script_ + " " + verb + " --dir " + dir_.string(); }
  // The cluster's URL with node `first` first, for database `db`.
  std::string Url(int first, const std::string& db) const {
    std::string url = Shell(Command("url " + std::to_string(first)));
    return url.substr(0, url.rfind('/') + 1) + db;
  }
  bool Kill(int node) const { return Shell(Command("kill " + std::to_string(node)) + " >/dev/null 2>&1; echo $?") == "0"; }
  bool StartNode(int node) const {
    int code = 0;
    Shell(Command("start-node " + std::to_string(node)) + " >/dev/null 2>&1", &code);
    return code == 0;
  }
  // The first column of the first row of `sql` on node `node`, as root over its socket.
  std::string Sql(int node, const std::string& sql) const {
    return Shell(script_ + " sql " + std::to_string(node) + " \"" + sql + "\" --dir " + dir_.string() + " 2>&1 | head -1");
  }

 private:
  // A child that waits for this process to end (its end of the pipe closes) and
  // then stops the cluster and removes its directory: nothing is left running
  // even when this process crashes or is killed by ctest's timeout.
  void StartWatchdog() {
    int fds[2];
    if (pipe(fds) != 0) return;
    watchdog_ = fork();
    if (watchdog_ == 0) {
      close(fds[1]);
      setsid();  // not in the test's process group: survives a kill of that group
      char byte;
      while (read(fds[0], &byte, 1) > 0) {
      }
      const std::string cleanup = Command("down") + " >/dev/null 2>&1; rm -rf '" + dir_.string() + "'";
      execl("/bin/bash", "bash", "-c", cleanup.c_str(), static_cast<char*>(nullptr));
      _exit(1);
    }
    close(fds[0]);
    watchdog_pipe_ = fds[1];
  }

  std::filesystem::path dir_;
  std::string script_;
  pid_t watchdog_ = -1;
  int watchdog_pipe_ = -1;
  bool up_ = false;
  std::string up_output_;
};

std::unique_ptr<App> StartNode(const std::string& url) {
  AppConfig config = prefill::testing::LocalAppConfig(url, 8);
  config.webhooks_allow_private = true;  // the receiver of the webhook part is on loopback
  config.webhook_poll_interval = std::chrono::milliseconds(50);
  auto app = App::Start(config);
  EXPECT_TRUE(app.ok()) << app.status().ToString();
  return app.ok() ? std::move(app.value()) : nullptr;
}

std::string Create(const App& node, const std::string& fields, int* status = nullptr) {
  auto r = HttpClient(node.port()).Post("/app/createSession", std::string("hash=") + kForm + "&" + fields);
  if (status) *status = r.status;
  if (r.status != 200) return "";
  return Str(ParseJson(r)["session"]["hash"]);
}

ClientResponse Update(const App& node, const std::string& session, const std::string& fields) {
  return HttpClient(node.port())
      .Post("/app/updateSession", std::string("hash=") + kForm + "&fbSessionHash=" + session + "&" + fields);
}

ClientResponse Read(const App& node, const std::string& session) {
  return HttpClient(node.port()).Get(std::string("/app/updateSession?hash=") + kForm + "&fbSessionHash=" + session);
}

// The stored value of `field` as node `node` answers it ("" if the read failed).
std::string ValueOn(const App& node, const std::string& session, const std::string& field) {
  auto r = Read(node, session);
  if (r.status != 200) return "";
  auto d = ParseJson(r);
  const auto& values = d["session"]["values"];
  return values.HasMember(field.c_str()) && values[field.c_str()].IsString() ? Str(values[field.c_str()]) : "";
}

std::string Field(const std::string& name, const std::string& value) {
  return "payment%5B" + name + "%5D=" + prefill::testing::UrlEncode(value);
}

// Part 1: a session created or changed on A is read with its values on B at once.
void ReadYourWritesAcrossNodes(const App& a, const App& b, const App* b_without_sync_wait) {
  int missing = 0, stale = 0, stale_without = 0;
  for (int i = 0; i < 200; ++i) {
    const std::string first = "Anna" + std::to_string(i);
    const std::string session = Create(a, Field("amount", "10") + "&" + Field("first_name", first));
    ASSERT_FALSE(session.empty());
    if (ValueOn(b, session, "first_name") != first) ++missing;
    const std::string last = "Muster" + std::to_string(i);
    ASSERT_EQ(Update(a, session, Field("last_name", last)).status, 200);
    if (ValueOn(b, session, "last_name") != last) ++stale;
    if (b_without_sync_wait) {
      ASSERT_EQ(Update(a, session, Field("city", "Köln" + std::to_string(i))).status, 200);
      if (ValueOn(*b_without_sync_wait, session, "city") != "Köln" + std::to_string(i)) ++stale_without;
    }
  }
  EXPECT_EQ(missing, 0) << "sessions created on A not found at once on B";
  EXPECT_EQ(stale, 0) << "reads on B older than the update on A";
  std::printf("[ cluster  ] 200 create+read, 200 update+read across nodes: %d missing, %d stale; "
              "with wsrep_sync_wait=0: %d of 200 stale\n", missing, stale, stale_without);
}

// Part 2: 8 concurrent updates of different fields, spread over both nodes, all land.
void ConcurrentUpdatesLoseNothing(const App& a, const App& b) {
  const std::vector<std::string> fields = {"first_name", "last_name", "company_name", "address",
                                           "city",       "message",   "public_name",  "title"};
  for (int round = 0; round < 3; ++round) {
    const std::string session = Create(a, Field("amount", "10"));
    ASSERT_FALSE(session.empty());
    std::vector<std::thread> threads;
    std::vector<int> statuses(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) {
      threads.emplace_back([&, i] {
        statuses[i] = Update(i % 2 ? b : a, session, Field(fields[i], "v" + std::to_string(i))).status;
      });
    }
    for (auto& t : threads) t.join();
    for (size_t i = 0; i < fields.size(); ++i) {
      EXPECT_EQ(statuses[i], 200) << fields[i];
      EXPECT_EQ(ValueOn(a, session, fields[i]), "v" + std::to_string(i)) << fields[i] << " lost (round " << round << ")";
    }
  }
}

// Part 3: 10 concurrent payments of one session over both nodes charge once.
void ConcurrentPaymentsChargeOnce(const App& a, const App& b, const GaleraCluster& cluster) {
  for (int round = 0; round < 2; ++round) {
    const std::string session =
        Create(a, Field("amount", "12,5") + "&" + Field("first_name", "Beate") + "&" + Field("last_name", "Muster") +
                      "&" + Field("email", "beate@example.org") + "&" + Field("payment_method", "sepa_direct_debit") +
                      "&" + Field("bank_account_owner", "Beate Muster") + "&" +
                      Field("bank_iban", "DE89370400440532013000"));
    ASSERT_FALSE(session.empty());
    std::vector<std::thread> threads;
    std::vector<int> statuses(10);
    std::vector<std::string> bodies(10);
    for (int i = 0; i < 10; ++i) {
      threads.emplace_back([&, i] {
        auto r = HttpClient((i % 2 ? b : a).port())
                     .Post("/app/payment", std::string("hash=") + kForm + "&fbSessionHash=" + session + "&ip=203.0.113.9");
        statuses[i] = r.status;
        bodies[i] = r.body;
      });
    }
    for (auto& t : threads) t.join();
    std::string answers;
    for (int i = 0; i < 10; ++i) answers += "\n" + std::to_string(statuses[i]) + " " + bodies[i].substr(0, 200);
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1) << "exactly one payment is the charge:" << answers;
    for (int s : statuses) EXPECT_LT(s, 500) << "a payment answered " << s;
    // Read on node 3, which served neither Prefill node: the cluster holds one attempt.
    EXPECT_EQ(cluster.Sql(3, "SELECT COUNT(*) FROM cluster_main.transactions WHERE session_hash = '" + session + "'"), "1");
    EXPECT_EQ(cluster.Sql(3, "SELECT state FROM cluster_main.sessions WHERE hash = '" + session + "'"), "completed");
  }
}

// Part 4: job leases taken at once through all three Galera nodes: one winner.
void LeasesHaveOneHolderAcrossNodes(const GaleraCluster& cluster) {
  std::vector<std::unique_ptr<ConnectionPool>> pools;
  for (int node = 1; node <= 3; ++node) {
    auto config = ParseDatabaseUrl(cluster.Url(node, "cluster_main"));
    ASSERT_TRUE(config.ok());
    pools.push_back(std::make_unique<ConnectionPool>(config.value(), ConnectionPool::Options{}));
  }
  for (int round = 0; round < 5; ++round) {
    const std::string job = "cluster_job_" + std::to_string(round);
    std::atomic<int> winners{0}, errors{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i) {
      threads.emplace_back([&, i] {
        MySqlJobLeases leases(*pools[i % 3], "taker-" + std::to_string(i));
        auto taken = leases.TryTake(job, 60s);
        if (!taken.ok()) ++errors;
        else if (*taken) ++winners;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(winners.load(), 1) << job;
    EXPECT_EQ(errors.load(), 0) << job;
  }
}

// Part 5: kill -9 of Galera node 1 under a steady write load through A (which
// uses node 1): no acknowledged write lost, A answers only 503/900 meanwhile and
// recovers by itself within seconds, node 1 rejoins and catches up.
void KillOneGaleraNodeUnderLoad(const App& a, const App& b, const GaleraCluster& cluster) {
  struct Answer {
    Clock::time_point at;
    int status;
  };
  std::mutex mu;
  std::vector<Answer> answers;
  std::map<std::string, std::string> acknowledged;  // session -> first_name
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; !stop; ++i) {
        const std::string name = "W" + std::to_string(w) + "n" + std::to_string(i);
        int status = 0;
        const std::string session = Create(a, Field("amount", "5") + "&" + Field("first_name", name), &status);
        std::lock_guard<std::mutex> lock(mu);
        answers.push_back({Clock::now(), status});
        if (status == 200) acknowledged[session] = name;
        else std::this_thread::sleep_for(20ms);  // a client backing off
      }
    });
  }
  std::this_thread::sleep_for(2s);
  const Clock::time_point killed = Clock::now();
  ASSERT_TRUE(cluster.Kill(1));
  std::this_thread::sleep_for(12s);
  stop = true;
  for (auto& t : writers) t.join();

  int failed = 0, ok_after = 0;
  Clock::time_point last_failure = killed;
  std::set<int> failure_statuses;
  for (const Answer& x : answers) {
    if (x.status != 200) {
      ++failed;
      failure_statuses.insert(x.status);
      last_failure = std::max(last_failure, x.at);
    } else if (x.at > killed) {
      ++ok_after;
    }
  }
  const double outage = std::chrono::duration<double>(last_failure - killed).count();
  // The longest time without any acknowledged write: the pause of the eviction.
  std::vector<Clock::time_point> oks;
  for (const Answer& x : answers) if (x.status == 200) oks.push_back(x.at);
  std::sort(oks.begin(), oks.end());
  double longest_gap = 0;
  for (size_t i = 1; i < oks.size(); ++i) longest_gap = std::max(longest_gap, std::chrono::duration<double>(oks[i] - oks[i - 1]).count());
  std::printf("[ cluster  ] kill -9 of node 1: %zu writes acknowledged, %d refused, last refusal %.2f s after the kill, "
              "longest pause between acknowledged writes %.2f s\n", acknowledged.size(), failed, outage, longest_gap);
  for (int s : failure_statuses) EXPECT_EQ(s, 503) << "only a clean 503 (error 900) while moving";
  EXPECT_LT(outage, 8.0) << "A recovers by itself within seconds";
  EXPECT_LT(failed, 40);
  EXPECT_GT(ok_after, 20) << "A kept writing after the kill";
  // Every acknowledged write is there, with its value, read through Galera node 2.
  std::map<std::string, std::string> stored;
  {
    auto config = ParseDatabaseUrl(cluster.Url(2, "cluster_main"));
    ASSERT_TRUE(config.ok());
    ConnectionPool pool(config.value(), {});
    Status read = pool.Run([&](sql::Connection& c) {
      std::unique_ptr<sql::Statement> st(c.createStatement());
      std::unique_ptr<sql::ResultSet> rs(
          st->executeQuery("SELECT hash, JSON_VALUE(field_values, '$.first_name') FROM sessions"));
      while (rs->next()) stored[rs->getString(1)] = rs->getString(2);
      return Status::OK();
    });
    ASSERT_TRUE(read.ok()) << read.ToString();
  }
  int lost = 0;
  for (const auto& [session, name] : acknowledged) {
    auto it = stored.find(session);
    if (it == stored.end() || it->second != name) ++lost;
  }
  EXPECT_EQ(lost, 0) << "acknowledged writes lost";
  EXPECT_EQ(ValueOn(b, acknowledged.rbegin()->first, "first_name"), acknowledged.rbegin()->second);

  // Node 1 rejoins (IST) and holds everything the others do.
  const auto rejoin_start = Clock::now();
  ASSERT_TRUE(cluster.StartNode(1));
  std::printf("[ cluster  ] node 1 rejoined in %.1f s\n",
              std::chrono::duration<double>(Clock::now() - rejoin_start).count());
  const std::string count_sql = "SELECT COUNT(*) FROM cluster_main.sessions";
  EXPECT_EQ(cluster.Sql(1, count_sql), cluster.Sql(2, count_sql));
  EXPECT_EQ(cluster.Sql(1, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE'"), "3");
}

// Part 6: two Prefill nodes migrating a fresh database at the same moment,
// through different Galera nodes: both succeed, each file applied once.
void SimultaneousMigrations(const GaleraCluster& cluster) {
  const std::string bin = PREFILL_BINARY;
  const std::string dir = std::string(PREFILL_SOURCE_DIR) + "/sql";
  std::string out[2];
  int code[2] = {-1, -1};
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      out[i] = Shell(bin + " migrate --db '" + cluster.Url(i + 1, "cluster_fresh") + "' --migrations " + dir + " 2>&1",
                     &code[i]);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(code[0], 0) << out[0];
  EXPECT_EQ(code[1], 0) << out[1];
  auto files = ListMigrations(dir);
  ASSERT_TRUE(files.ok());
  for (const auto& f : *files) {
    const std::string line = "applied " + f.name;
    const int times = (out[0].find(line) != std::string::npos) + (out[1].find(line) != std::string::npos);
    EXPECT_EQ(times, 1) << f.name << " applied by " << times << " nodes";
  }
  EXPECT_EQ(cluster.Sql(3, "SELECT COUNT(*) FROM cluster_fresh.schema_migrations"), std::to_string(files->size()));
}

// Part 6: the delivery workers of every Prefill node (three here, one of them
// without the causality wait) share one endpoint's deliveries on Galera:
// each event arrives once, each delivery made in one attempt.
void WebhooksDeliveredOnceAcrossNodes(const GaleraCluster& cluster) {
  std::mutex mu;
  std::map<std::string, int> seen;
  prefill::testing::FakeHttpServer receiver([&](const prefill::testing::RecordedRequest& r) {
    std::lock_guard<std::mutex> lock(mu);
    ++seen[r.header("webhook-id")];
    return prefill::testing::FakeResponse::Json(200, "");
  });
  auto config = ParseDatabaseUrl(cluster.Url(3, "cluster_main"));
  ASSERT_TRUE(config.ok());
  ConnectionPool pool(config.value(), {});
  MySqlWebhookStore store(pool);
  webhooks::WebhookEndpoints endpoints(&store, nullptr, /*allow_private=*/true);
  auto created = endpoints.Create({receiver.base_url() + "/galera", {"*"}, ""});
  ASSERT_TRUE(std::holds_alternative<webhooks::CreatedEndpoint>(created));
  std::this_thread::sleep_for(5ms);
  constexpr int kEvents = 60;
  Status inserted = pool.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    for (int i = 0; i < kEvents; ++i) {
      const std::string id = "evt_galera_" + std::to_string(100000 + i);
      st->execute("INSERT INTO webhook_events (id, type, form_id, sandbox, body, created_at) VALUES ('" + id +
                  "', 'transaction.confirmed', 'demo', 1, '{\"id\":\"" + id + "\"}', UTC_TIMESTAMP(6))");
    }
    return Status::OK();
  });
  ASSERT_TRUE(inserted.ok()) << inserted.ToString();
  const auto deadline = Clock::now() + 60s;
  while (Clock::now() < deadline) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (seen.size() == static_cast<size_t>(kEvents)) break;
    }
    std::this_thread::sleep_for(100ms);
  }
  std::this_thread::sleep_for(1s);  // room for a duplicate to show up
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(seen.size(), static_cast<size_t>(kEvents));
  int twice = 0;
  for (const auto& [id, count] : seen) twice += count > 1;
  EXPECT_EQ(twice, 0);
  EXPECT_EQ(cluster.Sql(1, "SELECT COUNT(*) FROM cluster_main.webhook_attempts"), std::to_string(kEvents));
  EXPECT_EQ(cluster.Sql(2, "SELECT COUNT(*) FROM cluster_main.webhook_deliveries WHERE status = 'succeeded' AND attempts = 1"),
            std::to_string(kEvents));
  std::printf("[ cluster  ] %d webhook events over 3 Prefill nodes: %zu delivered, %d twice\n", kEvents, seen.size(), twice);
}

TEST(ClusterTest, ScaleOutOnGalera) {
  spdlog::set_level(spdlog::level::warn);  // no request lines
  const auto started = Clock::now();
  GaleraCluster cluster;
  ASSERT_TRUE(cluster.up()) << cluster.up_output();
  std::printf("[ cluster  ] 3 Galera nodes up in %.1f s\n", std::chrono::duration<double>(Clock::now() - started).count());
  {
    SCOPED_TRACE("simultaneous migrations");
    SimultaneousMigrations(cluster);
  }
  auto admin = ParseDatabaseUrl(cluster.Url(1, "cluster_main"));
  ASSERT_TRUE(admin.ok());
  ASSERT_TRUE(EnsureDatabaseExists(admin.value()).ok());
  {
    ConnectionPool pool(admin.value(), {});
    auto applied = ApplyMigrations(pool, DefaultMigrationsDir());
    ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  }
  auto a = StartNode(cluster.Url(1, "cluster_main"));
  auto b = StartNode(cluster.Url(2, "cluster_main"));
  // B's twin without the causality wait, only to show what it prevents (not asserted).
  auto b_unsynced = StartNode(cluster.Url(2, "cluster_main") + "?wsrep_sync_wait=0");
  ASSERT_TRUE(a && b && b_unsynced);
  {
    SCOPED_TRACE("read-your-writes");
    ReadYourWritesAcrossNodes(*a, *b, b_unsynced.get());
  }
  {
    SCOPED_TRACE("concurrent updates");
    ConcurrentUpdatesLoseNothing(*a, *b);
  }
  {
    SCOPED_TRACE("concurrent payments");
    ConcurrentPaymentsChargeOnce(*a, *b, cluster);
  }
  {
    SCOPED_TRACE("job leases");
    LeasesHaveOneHolderAcrossNodes(cluster);
  }
  {
    SCOPED_TRACE("webhooks across nodes");
    WebhooksDeliveredOnceAcrossNodes(cluster);
  }
  {
    SCOPED_TRACE("kill -9 of a Galera node");
    KillOneGaleraNodeUnderLoad(*a, *b, cluster);
  }
  b_unsynced.reset();
  b.reset();
  a.reset();
  std::printf("[ cluster  ] whole test %.1f s\n", std::chrono::duration<double>(Clock::now() - started).count());
}

}  // namespace
}  // namespace prefill
