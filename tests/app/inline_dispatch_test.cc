// The inline dispatch (http/http_server.h, Dispatch::kInline) over real sockets
// and the real MariaDB: blocking routes run on the I/O thread that owns the
// connection, with that thread's own pooled connection
// (ConnectionPool::BindThisThread). Checked here: concurrent requests on many
// connections each get their own answer; no database connection is ever used
// by two threads at once, and each I/O thread keeps its own; a slow query
// holds only its own loop, and every answer still reaches the connection that
// asked. Caps and timeouts under this mode: connection_hygiene_test.cc runs
// every one of its tests under both modes.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http/http_server.h"
#include "http/router.h"
#include "storage/connection_pool.h"
#include "support/raw_socket.h"
#include "support/test_database.h"

namespace prefill {
namespace {

using namespace std::chrono_literals;
using prefill::testing::ConnectLocal;
using prefill::testing::ReadResponse;
using prefill::testing::SendAll;
using prefill::testing::TestDatabase;

constexpr int kIoThreads = 4;

class InlineDispatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { db_ = new TestDatabase("inline_dispatch"); }
  static void TearDownTestSuite() { delete db_; }

  void SetUp() override {
    ConnectionPool::Options pool_options;
    pool_options.size = kIoThreads;
    pool_ = std::make_unique<ConnectionPool>(db_->config(), pool_options);
    auto router = std::make_shared<Router>();
    // Echoes its query through the database, with the server-side id of the
    // connection that ran it (route handlers are blocking by default).
    router->Add("GET", "/echo", [this](const HttpRequest& r, const PathParams&) {
      std::string echoed, connection_id;
      Status s = pool_->Run([&](sql::Connection& c) {
        Use(&c);
        std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement("SELECT ?, CONNECTION_ID()"));
        st->setString(1, r.query);
        std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
        rs->next();
        echoed = rs->getString(1);
        connection_id = rs->getString(2);
        Done(&c, connection_id);
        return Status::OK();
      });
      if (!s.ok()) return HttpResponse::Json(500, "{}");
      return HttpResponse::Json(200, "{\"q\":\"" + echoed + "\",\"c\":" + connection_id + "}");
    });
    router->Add("GET", "/slow", [this](const HttpRequest& r, const PathParams&) {
      std::string echoed;
      Status s = pool_->Run([&](sql::Connection& c) {
        std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement("SELECT ?, SLEEP(3)"));
        st->setString(1, r.query);
        std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
        rs->next();
        echoed = rs->getString(1);
        return Status::OK();
      });
      if (!s.ok()) return HttpResponse::Json(500, "{}");
      return HttpResponse::Json(200, "{\"q\":\"" + echoed + "\"}");
    });
    HttpServerOptions options;
    options.listen = "127.0.0.1:0";
    options.dispatch = Dispatch::kInline;
    options.io_threads = kIoThreads;
    options.io_thread_init = [pool = pool_.get()] { return pool->BindThisThread(); };
    server_ = std::make_unique<HttpServer>(options, router);
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override {
    server_->Shutdown();
    server_.reset();
    EXPECT_EQ(pool_->usage().parked, 0u);  // every slot gave its connection back
    pool_.reset();
  }

  // Marks `c` in use by this thread; a second user at the same time is a violation.
  void Use(sql::Connection* c) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!in_use_.insert(c).second) ++violations_;
  }
  void Done(sql::Connection* c, const std::string& connection_id) {
    std::lock_guard<std::mutex> lock(mu_);
    in_use_.erase(c);
    connections_by_thread_[std::this_thread::get_id()].insert(connection_id);
  }

  // One GET on `fd` (keep-alive), the answer's body.
  static std::string Ask(int fd, const std::string& target, std::string* buffer) {
    if (!SendAll(fd, "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n")) return "";
    std::string response = ReadResponse(fd, buffer);
    size_t body = response.find("\r\n\r\n");
    return body == std::string::npos ? response : response.substr(body + 4);
  }

  static TestDatabase* db_;
  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<HttpServer> server_;
  std::mutex mu_;
  std::set<sql::Connection*> in_use_;
  int violations_ = 0;
  std::map<std::thread::id, std::set<std::string>> connections_by_thread_;
};
TestDatabase* InlineDispatchTest::db_ = nullptr;

TEST_F(InlineDispatchTest, ConcurrentRequestsEachGetTheirOwnAnswerOnTheirThreadsOwnConnection) {
  constexpr int kClients = 12, kRequests = 40;
  std::atomic<int> wrong{0}, answered{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      int fd = ConnectLocal(server_->port());
      std::string buffer;
      for (int n = 0; n < kRequests; ++n) {
        const std::string q = "client=" + std::to_string(i) + "&n=" + std::to_string(n);
        std::string body = Ask(fd, "/echo?" + q, &buffer);
        if (body.find("\"q\":\"" + q + "\"") == std::string::npos) ++wrong;
        ++answered;
      }
      close(fd);
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(answered.load(), kClients * kRequests);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(violations_, 0);
  // Every I/O thread ran its requests on one connection of its own.
  EXPECT_EQ(connections_by_thread_.size(), static_cast<size_t>(kIoThreads));
  std::set<std::string> all;
  for (const auto& [thread, ids] : connections_by_thread_) {
    EXPECT_EQ(ids.size(), 1u);
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kIoThreads));
  EXPECT_LE(pool_->usage().open, static_cast<size_t>(kIoThreads));
}

TEST_F(InlineDispatchTest, SlowQueryHoldsOnlyItsOwnLoopAndEveryAnswerReachesItsConnection) {
  // Connections go to the loops in turn: the first to loop 0, the next three to
  // loops 1-3, the fifth to loop 0 again, behind the slow query.
  std::vector<int> fds;
  for (int i = 0; i < kIoThreads + 1; ++i) fds.push_back(ConnectLocal(server_->port()));
  // One answer on every connection first: each is accepted into its loop and
  // each loop has opened its database connection. Opening one can take seconds
  // while the other suites load MariaDB, and that wait is not what is judged here.
  for (int fd : fds) {
    std::string buffer;
    EXPECT_NE(Ask(fd, "/echo?warm=1", &buffer).find("\"q\":\"warm=1\""), std::string::npos);
  }
  std::string slow_answer;
  std::atomic<bool> slow_done{false};
  std::thread slow([&] {
    std::string buffer;
    slow_answer = Ask(fds[0], "/slow?who=slow", &buffer);
    slow_done = true;
  });
  std::this_thread::sleep_for(200ms);  // the slow query (3 s) is running on loop 0
  for (int i = 1; i < kIoThreads; ++i) {
    std::string buffer;
    for (int n = 0; n < 5; ++n) {
      const std::string q = "fast=" + std::to_string(i) + "&n=" + std::to_string(n);
      EXPECT_NE(Ask(fds[i], "/echo?" + q, &buffer).find("\"q\":\"" + q + "\""), std::string::npos);
    }
  }
  // Judged by order, not by a wall-clock bound that a loaded machine can miss:
  // the other loops' 15 answers all came while the slow query still ran.
  EXPECT_FALSE(slow_done.load()) << "other loops waited for the slow query";
  // The connection on the slow query's loop is answered after it, correctly.
  std::string buffer;
  std::string behind = Ask(fds[kIoThreads], "/echo?behind=1", &buffer);
  slow.join();
  EXPECT_NE(slow_answer.find("\"q\":\"who=slow\""), std::string::npos) << slow_answer;
  EXPECT_NE(behind.find("\"q\":\"behind=1\""), std::string::npos) << behind;
  EXPECT_EQ(violations_, 0);
  for (int fd : fds) close(fd);
}

}  // namespace
}  // namespace prefill
