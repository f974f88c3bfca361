// HttpServer: Pistache in front of a Router.
//
// Each Pistache request is copied into a plain HttpRequest on the I/O thread.
// Inline routes are answered there; blocking routes (database work) are
// handed to a WorkerPool and answered from the worker, so a slow query never
// stalls the other connections of an I/O thread. When the worker queue is
// full the request gets 503 at once.
//
// Two size limits: `max_request_bytes` is the API limit (a larger request is
// answered 413 with error 107 by `too_large`); Pistache's own buffer limit is
// set well above it (transport_limit()) so that such requests still reach us
// whole instead of being cut off by Pistache's plain-text 413.
//
// Shutdown(): new requests get 503, in-flight ones finish and are answered,
// then the listener and I/O threads stop.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "http/router.h"

namespace prefill {

class WorkerPool;

struct HttpServerOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  int io_threads = 2;
  int worker_threads = 8;
  size_t max_queued = 4096;
  size_t max_request_bytes = 256 * 1024;
  // Answer for a request over max_request_bytes (the dialect's error 107).
  std::function<HttpResponse()> too_large;
  // Asked before routing; an answer given here is sent instead (rate limits).
  std::function<std::optional<HttpResponse>(const HttpRequest&)> admit;
  // Called after every answered request (logs, metrics).
  std::function<void(const HttpRequest&, const HttpResponse&, const Route*, double seconds)> on_response;

  size_t transport_limit() const;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, std::shared_ptr<const Router> router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  Status Start();
  uint16_t port() const;
  void Shutdown();

  struct State;  // shared with the Pistache handler

 private:
  std::shared_ptr<State> state_;
  struct Endpoint;
  std::unique_ptr<Endpoint> endpoint_;
};

}  // namespace prefill
