// HttpServer: Prefill's own HTTP/1.1 server in front of a Router.
//
// It replaces Pistache 0.0.5's transport and parser, which could not bound what
// one client costs: no cap on connections, header scans quadratic in the request
// size, the first of two Content-Length headers silently winning, a second
// pipelined request in one packet dropped, connections kept after
// "Connection: close" (docs/reliability.md has the list and the measurements).
//
// Threads: `io_threads` epoll loops share the listening socket; the loop that
// accepts a connection hands it to the loops in turn (round robin), and that
// loop owns it from then on. Bytes are framed by RequestFramer (strict
// HTTP/1.1, see request_framer.h). Inline routes are answered on the I/O
// thread. Blocking routes (database work) run as `dispatch` says:
// - kPool: on a WorkerPool; the answer is handed back to the connection's loop
//   (one eventfd wake-up per batch of answers), so a slow query never stalls
//   other connections. A full worker queue answers 503 at once.
// - kInline: on the I/O thread that owns the connection, which waits for the
//   database meanwhile: no thread switch per request, but a slow query delays
//   the other connections of that loop (never another loop's). Give it as many
//   I/O threads as database calls should run at once; `io_thread_init` binds
//   each one to its own pooled connection (ConnectionPool::BindThisThread).
// docs/benchmarks.md has the measurements of both.
// One request per connection is in flight at a time: pipelined requests are
// answered in order.
//
// Limits (each refused as early and as cheaply as possible):
// - connections per client address and in total: beyond them a connection gets a
//   fixed 429/503 answer and is closed right after accept, before any parsing;
// - the header block (`max_header_bytes`) separately from the body
//   (`max_request_bytes`): too-large headers are refused (431) before they are
//   parsed, too-large bodies by their Content-Length (413, `too_large`) before
//   they are read;
// - timeouts: a request's header block must arrive within `header_timeout`, its
//   body within `body_timeout` after that (else 408 and close); an idle
//   keep-alive connection is closed after `idle_timeout`; a client that does not
//   read its answer for `write_timeout` is dropped.
// Error answers never carry exception text: details go to the log.
//
// Transport-level errors - no route (404), wrong method (405), a body over the
// limit (413), a handler that threw (500), draining or a full queue (503), and
// the rate limit (429, answered by `admit` through the same function in app.cc)
// - are answered by `transport_error`, so that each path gets them in the
// format of the dialect it belongs to (http/transport_errors.h: the REST error
// object under /v1). Every exception a handler throws is logged with the route
// pattern, the method and the exception's type - never its message, the query
// or the body, which may carry donor data.
//
// Shutdown(): new requests get 503, in-flight ones finish and are answered,
// then the listener and I/O threads stop.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "http/router.h"

namespace prefill {

enum class TransportError {
  kNotFound,          // 404: no route for the path
  kMethodNotAllowed,  // 405: the path exists for other methods (the server sets Allow)
  kTooLarge,          // 413: a body over max_request_bytes
  kTooManyRequests,   // 429: the rate limit (answered by `admit`, see app.cc)
  kInternal,          // 500: the handler threw
  kUnavailable,       // 503: draining, or the worker queue is full
};

int TransportErrorStatus(TransportError error);

// The answer for a transport-level error of `request` (its status is set to
// TransportErrorStatus(error) by the server, whatever the function returns).
using TransportErrorFunction = std::function<HttpResponse(const HttpRequest& request, TransportError error)>;

// Where blocking routes run (see the top of this file).
enum class Dispatch { kPool, kInline };

// "pool" / "inline"; false for anything else.
bool ParseDispatch(const std::string& text, Dispatch* out);
const char* DispatchName(Dispatch dispatch);

struct HttpServerOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  int io_threads = 2;
  Dispatch dispatch = Dispatch::kPool;
  int worker_threads = 8;  // kPool only
  size_t max_queued = 4096;  // kPool only
  size_t max_request_bytes = 256 * 1024;  // body
  size_t max_header_bytes = 32 * 1024;    // request line and header fields
  size_t max_connections = 10000;         // in total (lowered to fit RLIMIT_NOFILE)
  size_t max_connections_per_client = 256;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{15'000};
  std::chrono::milliseconds write_timeout{30'000};
  // Answers transport-level errors in the request's dialect; null: the plain
  // {"status":"error","error":...} answers (router.h JsonError, numbered texts).
  TransportErrorFunction transport_error;
  // Asked before routing; an answer given here is sent instead (rate limits).
  std::function<std::optional<HttpResponse>(const HttpRequest&)> admit;
  // Called after every answered request (logs, metrics).
  std::function<void(const HttpRequest&, const HttpResponse&, const Route*, double seconds)> on_response;
  // Run on each I/O thread before its loop starts; what it returns is released on
  // that thread when the loop ends (kInline: the thread's database connection slot).
  std::function<std::shared_ptr<void>()> io_thread_init;
  // Called when a connection is refused by a cap ("client" or "total") or timed out
  // ("header_timeout", "body_timeout", "idle", "write_timeout"); may run on any I/O thread.
  std::function<void(const char* event)> on_connection_event;
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

  // Open connections now (for tests and metrics).
  size_t open_connections() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace prefill
