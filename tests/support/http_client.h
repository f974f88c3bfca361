// A minimal blocking HTTP/1.1 client for tests: one request per connection
// (Connection: close), raw bytes in and out, so tests can also send what a
// well-behaved client library would refuse to (bad encodings, huge bodies).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace prefill::testing {

struct ClientResponse {
  int status = 0;  // 0: no answer (connection failed or closed early)
  std::multimap<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& name) const;
};

class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::string host = "127.0.0.1") : host_(std::move(host)), port_(port) {}

  ClientResponse Get(const std::string& target) const;
  ClientResponse Post(const std::string& target, const std::string& body,
                      const std::string& content_type = "application/x-www-form-urlencoded") const;
  // Any method, extra header lines ("Name: value\r\n" each), any body.
  ClientResponse Send(const std::string& method, const std::string& target, const std::string& body,
                      const std::string& extra_headers = "") const;
  // Sends `raw` bytes as they are and reads the answer.
  ClientResponse SendRaw(const std::string& raw) const;

 private:
  std::string host_;
  uint16_t port_;
};

// Percent-encodes a value for a query string or urlencoded body.
std::string UrlEncode(const std::string& value);

// `body` with every occurrence of `token` cut out. For a search of an answer for
// digits it must not repeat: a random session hash is hex and holds "4111" in
// about one answer in a thousand.
std::string Without(std::string body, const std::string& token);

}  // namespace prefill::testing
