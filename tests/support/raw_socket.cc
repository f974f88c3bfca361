#include "support/raw_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cctype>

namespace prefill::testing {

int ConnectLocal(uint16_t port, std::chrono::milliseconds receive_timeout) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval timeout{static_cast<time_t>(receive_timeout.count() / 1000),
                  static_cast<suseconds_t>((receive_timeout.count() % 1000) * 1000)};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

std::string ReadResponse(int fd, std::string* buffer) {
  char chunk[4096];
  for (;;) {
    size_t end = buffer->find("\r\n\r\n");
    if (end != std::string::npos) {
      std::string head = buffer->substr(0, end);
      std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
      size_t length_at = head.find("content-length: ");
      size_t length = length_at != std::string::npos ? std::stoul(head.substr(length_at + 16)) : 0;
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

bool WaitForClose(int fd, std::chrono::milliseconds within, std::string* received) {
  auto deadline = std::chrono::steady_clock::now() + within;
  char chunk[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready <= 0) return false;
    ssize_t n = recv(fd, chunk, sizeof(chunk), MSG_DONTWAIT);
    if (n == 0) return true;
    if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
    if (received) received->append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace prefill::testing
