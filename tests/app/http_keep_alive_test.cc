// HttpServer keeps HTTP/1.1 connections open unless the client asks to close:
// several requests on one TCP connection, as keep-alive clients send them.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "http/http_server.h"
#include "http/router.h"

namespace prefill {
namespace {

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

  // A connected TCP socket with a 5 s receive timeout (-1 on failure).
  int Connect() const {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server_->port());
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      close(fd);
      return -1;
    }
    return fd;
  }

  std::unique_ptr<HttpServer> server_;
};

bool SendAll(int fd, const std::string& data) {
  return send(fd, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
}

// One whole response (headers and Content-Length body) from `fd`, or "" when
// the peer closed or nothing came; bytes past it stay in `buffer`.
std::string ReadResponse(int fd, std::string* buffer) {
  char chunk[4096];
  for (;;) {
    size_t end = buffer->find("\r\n\r\n");
    if (end != std::string::npos) {
      size_t length_at = buffer->find("Content-Length: ");
      size_t length = length_at < end ? std::stoul(buffer->substr(length_at + 16)) : 0;
      if (buffer->size() >= end + 4 + length) {
        std::string response = buffer->substr(0, end + 4 + length);
        buffer->erase(0, end + 4 + length);
        return response;
      }
    }
    ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return "";
    buffer->append(chunk, static_cast<size_t>(n));
  }
}

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

TEST_F(KeepAliveTest, ConnectionCloseIsAnsweredWithClose) {
  // Pistache leaves the closing to the client, which the answer tells to close.
  int fd = Connect();
  ASSERT_GE(fd, 0);
  std::string buffer;
  ASSERT_TRUE(SendAll(fd, "GET /inline HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
  std::string response = ReadResponse(fd, &buffer);
  EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
  EXPECT_NE(response.find("Connection: Close"), std::string::npos) << response;
  close(fd);
}

}  // namespace
}  // namespace prefill
