#include "support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace prefill::testing {

std::string ClientResponse::header(const std::string& name) const {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  auto it = headers.find(lower);
  return it == headers.end() ? "" : it->second;
}

std::string Without(std::string body, const std::string& token) {
  if (token.empty()) return body;
  for (size_t at = body.find(token); at != std::string::npos; at = body.find(token, at)) body.erase(at, token.size());
  return body;
}

std::string UrlEncode(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

ClientResponse HttpClient::SendRaw(const std::string& raw) const {
  ClientResponse response;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return response;
  timeval timeout{30, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  inet_pton(AF_INET, host_.c_str(), &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return response;
  }
  size_t sent = 0;
  while (sent < raw.size()) {
    ssize_t n = send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before reading everything
    sent += static_cast<size_t>(n);
  }
  std::string data;
  char buffer[65536];
  size_t expected = std::string::npos;
  for (;;) {
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<size_t>(n));
    size_t end = data.find("\r\n\r\n");
    if (end != std::string::npos && expected == std::string::npos) {
      std::string head = data.substr(0, end);
      std::transform(head.begin(), head.end(), head.begin(), ::tolower);
      size_t cl = head.find("content-length:");
      if (cl != std::string::npos) expected = end + 4 + std::stoul(head.substr(cl + 15));
    }
    if (expected != std::string::npos && data.size() >= expected) break;
  }
  close(fd);

  size_t end = data.find("\r\n\r\n");
  if (end == std::string::npos || data.compare(0, 5, "HTTP/") != 0) return response;
  response.status = std::atoi(data.c_str() + data.find(' ') + 1);
  size_t line_start = data.find("\r\n") + 2;
  while (line_start < end) {
    size_t line_end = data.find("\r\n", line_start);
    std::string line = data.substr(line_start, line_end - line_start);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      size_t value_start = line.find_first_not_of(' ', colon + 1);
      response.headers.emplace(name, value_start == std::string::npos ? "" : line.substr(value_start));
    }
    line_start = line_end + 2;
  }
  response.body = data.substr(end + 4);
  return response;
}

ClientResponse HttpClient::Send(const std::string& method, const std::string& target, const std::string& body,
                                const std::string& extra_headers) const {
  std::string raw = method + " " + target + " HTTP/1.1\r\nHost: " + host_ + "\r\nConnection: close\r\n" +
                    extra_headers;
  if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
    raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  raw += "\r\n" + body;
  return SendRaw(raw);
}

ClientResponse HttpClient::Get(const std::string& target) const { return Send("GET", target, ""); }

ClientResponse HttpClient::Post(const std::string& target, const std::string& body,
                                const std::string& content_type) const {
  return Send("POST", target, body, "Content-Type: " + content_type + "\r\n");
}

}  // namespace prefill::testing
