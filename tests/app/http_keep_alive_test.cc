// HttpServer keeps HTTP/1.1 connections open unless the client asks to close:
// several requests on one TCP connection, as keep-alive clients send them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "http/http_server.h"
#include "http/router.h"
#include "support/raw_socket.h"

namespace prefill {
namespace {

using prefill::testing::ConnectLocal;
using prefill::testing::ReadResponse;
using prefill::testing::SendAll;
using prefill::testing::WaitForClose;

class KeepAliveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    router->Add("GET", "/inline", [](const HttpRequest&, const PathParams&) {
      return HttpResponse::Json(200, R"({"where":"inline"})");
    }, Execution::kInline);
    router->Add("GET", "/worker", [](const HttpRequest&, const PathParams&) {
      return HttpResponse::Json(200, R"({"where":"worker"})");
    });
    HttpServerOptions options;
    options.listen = "127.0.0.1:0";
    options.io_threads = 1;
    options.worker_threads = 2;
    server_ = std::make_unique<HttpServer>(options, router);
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override { server_->Shutdown(); }

  int Connect() const { return ConnectLocal(server_->port()); }

  std::unique_ptr<HttpServer> server_;
};

TEST_F(KeepAliveTest, Http11WithoutConnectionHeaderStaysOpenForMoreRequests) {
  int fd = Connect();
  ASSERT_GE(fd, 0);
  std::string buffer;
  for (const char* path : {"/inline", "/worker", "/inline", "/worker"}) {
    ASSERT_TRUE(SendAll(fd, std::string("GET ") + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    std::string response = ReadResponse(fd, &buffer);
    ASSERT_FALSE(response.empty()) << "connection closed before the answer to " << path;
    EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
    EXPECT_EQ(response.find("Connection: Close"), std::string::npos) << response;
    EXPECT_NE(response.find(std::string(R"({"where":")") + (path + 1)), std::string::npos) << response;
  }
  close(fd);
}

TEST_F(KeepAliveTest, ExplicitKeepAliveStaysOpen) {
  int fd = Connect();
  ASSERT_GE(fd, 0);
  std::string buffer;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(SendAll(fd, "GET /worker HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"));
    EXPECT_EQ(ReadResponse(fd, &buffer).rfind("HTTP/1.1 200", 0), 0u) << "request " << i;
  }
  close(fd);
}

TEST_F(KeepAliveTest, ConnectionCloseIsAnsweredWithCloseAndTheServerCloses) {
  // Pistache 0.0.5 left the closing to the client and held the connection ~300 s.
  for (const char* path : {"/inline", "/worker"}) {
    int fd = Connect();
    ASSERT_GE(fd, 0);
    std::string buffer;
    ASSERT_TRUE(SendAll(fd, std::string("GET ") + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
    std::string response = ReadResponse(fd, &buffer);
    EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
    EXPECT_NE(response.find("Connection: close"), std::string::npos) << response;
    EXPECT_TRUE(WaitForClose(fd, std::chrono::seconds(1))) << path << ": the server kept the connection";
    close(fd);
  }
}

TEST_F(KeepAliveTest, Http10IsClosedUnlessItAsksForKeepAlive) {
  int fd = Connect();
  ASSERT_GE(fd, 0);
  std::string buffer;
  ASSERT_TRUE(SendAll(fd, "GET /inline HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(ReadResponse(fd, &buffer).rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_TRUE(WaitForClose(fd, std::chrono::seconds(1)));
  close(fd);
  fd = Connect();
  ASSERT_TRUE(SendAll(fd, "GET /inline HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  EXPECT_EQ(ReadResponse(fd, &buffer).rfind("HTTP/1.1 200", 0), 0u);
  ASSERT_TRUE(SendAll(fd, "GET /worker HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  EXPECT_EQ(ReadResponse(fd, &buffer).rfind("HTTP/1.1 200", 0), 0u);
  close(fd);
}

}  // namespace
}  // namespace prefill
