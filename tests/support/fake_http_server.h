// FakeHttpServer: a small threaded HTTP/1.1 server on a loopback port that
// stands in for a payment provider in tests. It records every request it
// receives (method, path, query, headers, body), in arrival order, so tests
// can assert the exact shape of what Prefill sent, and answers each with
// what the test's handler returns — including faults a real provider or
// network may produce: a delay (for timeouts), a hang-up without an answer,
// and bodies of any size (streamed, for the 20 MB case).
//
// One thread accepts; each connection gets its own thread and one request
// (Connection: close). The destructor wakes delayed answers, stops and joins
// every thread. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace prefill::testing {

struct RecordedRequest {
  std::string method;
  std::string path;   // without the query string
  std::string query;  // after '?', undecoded
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& name) const;  // "" when absent
  // The body (or query) decoded as application/x-www-form-urlencoded.
  std::map<std::string, std::string> form() const;
  std::map<std::string, std::string> query_params() const;
};

struct FakeResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};  // before answering
  bool hang_up = false;                // close the connection without answering
  size_t padding_bytes = 0;            // extra bytes of ' ' streamed after body
  bool no_content_length = false;      // the body ends when the connection closes

  static FakeResponse Json(int status, std::string body) {
    FakeResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
};

// Decodes application/x-www-form-urlencoded text.
std::map<std::string, std::string> DecodeForm(const std::string& text);

class FakeHttpServer {
 public:
  using Handler = std::function<FakeResponse(const RecordedRequest&)>;

  explicit FakeHttpServer(Handler handler);
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  uint16_t port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Every request received so far, in arrival order.
  std::vector<RecordedRequest> requests() const;
  // Those whose method and path equal these.
  std::vector<RecordedRequest> requests(const std::string& method, const std::string& path) const;

 private:
  void AcceptLoop();
  void Serve(int fd);

  Handler handler_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  std::vector<std::thread> connections_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace prefill::testing
