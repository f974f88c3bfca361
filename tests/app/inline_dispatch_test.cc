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
    // connection that ran it and the number of the I/O thread that answered
    // (route handlers are blocking by default).
    router->Add("GET", "/echo", [this](const HttpRequest& r, const PathParams&) {
      std::string echoed, connection_id;
      const int thread = ThreadNumber();
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
      return HttpResponse::Json(200, "{\"q\":\"" + echoed + "\",\"c\":" + connection_id +
                                         ",\"t\":" + std::to_string(thread) + "}");
    });
    // A query that runs until the test releases the named lock it holds
    // (GET_LOCK waits at most 20 s; "got" is 1 when the lock came).
    router->Add("GET", "/slow", [this](const HttpRequest& r, const PathParams&) {
      slow_started_ = true;
      std::string echoed, got;
      Status s = pool_->Run([&](sql::Connection& c) {
        std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement("SELECT ?, GET_LOCK(?, 20)"));
        st->setString(1, r.query);
        st->setString(2, LockName());
        std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
        rs->next();
        echoed = rs->getString(1);
        got = rs->getString(2);
        std::unique_ptr<sql::PreparedStatement> release(c.prepareStatement("DO RELEASE_LOCK(?)"));
        release->setString(1, LockName());
        release->execute();
        return Status::OK();
      });
      if (!s.ok()) return HttpResponse::Json(500, "{}");
      return HttpResponse::Json(200, "{\"q\":\"" + echoed + "\",\"got\":" + got + "}");
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

  // A small number for the calling thread, the same on every call.
  int ThreadNumber() {
    std::lock_guard<std::mutex> lock(mu_);
    return thread_numbers_.emplace(std::this_thread::get_id(), static_cast<int>(thread_numbers_.size()))
        .first->second;
  }
  // The named lock the slow route waits for; per database, so suites running
  // at once on the same server do not share it.
  static std::string LockName() { return db_->config().database + ".slow"; }

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
  std::map<std::thread::id, int> thread_numbers_;
  std::atomic<bool> slow_started_{false};
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
  // Five connections over four loops: one loop owns two of them. Which one is
  // read off the answers, not assumed from the accept order: two loops that
  // accept at the same moment may take their turns in either order.
  std::vector<int> fds;
  for (int i = 0; i < kIoThreads + 1; ++i) fds.push_back(ConnectLocal(server_->port(), 30s));
  // One answer on every connection first, which also has each loop open its
  // database connection (that can take seconds on a loaded server).
  std::map<int, std::vector<int>> fds_by_thread;
  for (int fd : fds) {
    std::string buffer;
    std::string body = Ask(fd, "/echo?warm=1", &buffer);
    ASSERT_NE(body.find("\"q\":\"warm=1\""), std::string::npos) << body;
    size_t t = body.find("\"t\":");
    ASSERT_NE(t, std::string::npos) << body;
    fds_by_thread[std::stoi(body.substr(t + 4))].push_back(fd);
  }
  // Round robin: every loop got a connection, and so one loop got two.
  ASSERT_EQ(fds_by_thread.size(), static_cast<size_t>(kIoThreads));
  int slow_fd = -1, behind_fd = -1;
  std::vector<int> fast_fds;
  for (const auto& [thread, owned] : fds_by_thread) {
    if (owned.size() == 2) {
      slow_fd = owned[0];
      behind_fd = owned[1];
    } else {
      ASSERT_EQ(owned.size(), 1u);
      fast_fds.push_back(owned[0]);
    }
  }
  ASSERT_NE(slow_fd, -1);

  // The test holds the lock, so the slow query runs until the test lets it go:
  // what is judged is order, and no wall-clock bound is involved.
  Result<ConnectionPool::Lease> holder = db_->pool().Acquire();
  ASSERT_TRUE(holder.ok());
  {
    std::unique_ptr<sql::PreparedStatement> st(holder->connection().prepareStatement("SELECT GET_LOCK(?, 0)"));
    st->setString(1, LockName());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    ASSERT_TRUE(rs->next());
    ASSERT_EQ(rs->getInt(1), 1);
  }
  std::string slow_answer;
  std::atomic<bool> slow_done{false};
  std::thread slow([&] {
    std::string buffer;
    slow_answer = Ask(slow_fd, "/slow?who=slow", &buffer);
    slow_done = true;
  });
  for (int i = 0; i < 3000 && !slow_started_; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(slow_started_.load());  // its loop is inside the handler from here on

  for (size_t i = 0; i < fast_fds.size(); ++i) {
    std::string buffer;
    for (int n = 0; n < 5; ++n) {
      const std::string q = "fast=" + std::to_string(i) + "&n=" + std::to_string(n);
      std::string body = Ask(fast_fds[i], "/echo?" + q, &buffer);
      EXPECT_NE(body.find("\"q\":\"" + q + "\""), std::string::npos) << body;
    }
  }
  // All 15 answers of the other loops came while the slow query still waited.
  EXPECT_FALSE(slow_done.load()) << "other loops waited for the slow query";

  // The other connection of the slow query's loop waits behind it, and is
  // answered, correctly, once the query is over.
  std::string behind_answer;
  std::thread behind([&] {
    std::string buffer;
    behind_answer = Ask(behind_fd, "/echo?behind=1", &buffer);
  });
  {
    std::unique_ptr<sql::PreparedStatement> st(holder->connection().prepareStatement("DO RELEASE_LOCK(?)"));
    st->setString(1, LockName());
    st->execute();
  }
  slow.join();
  behind.join();
  EXPECT_NE(slow_answer.find("\"q\":\"who=slow\""), std::string::npos) << slow_answer;
  EXPECT_NE(slow_answer.find("\"got\":1"), std::string::npos) << "the slow query gave up waiting: " << slow_answer;
  EXPECT_NE(behind_answer.find("\"q\":\"behind=1\""), std::string::npos) << behind_answer;
  EXPECT_EQ(violations_, 0);
  for (int fd : fds) close(fd);
}

}  // namespace
}  // namespace prefill
