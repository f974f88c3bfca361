#include "http/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/core/demangle.hpp>
#include <typeinfo>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/worker_pool.h"
#include "http/request_framer.h"

namespace prefill {

using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kSweepInterval = std::chrono::milliseconds(250);
constexpr auto kLingerTime = std::chrono::seconds(2);  // reading (and dropping) after our last answer
constexpr size_t kReadChunk = 64 * 1024;

const char* Reason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
  }
}

// A header name or value that could split the response (CR, LF, NUL) is never written.
bool SafeHeaderText(const std::string& s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos;
}

std::string Serialize(const HttpResponse& response, bool head, bool keep_alive) {
  std::string out;
  out.reserve(response.body.size() + 256);
  int status = response.status >= 100 && response.status <= 999 ? response.status : 500;
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += Reason(status);
  out += "\r\n";
  for (const auto& [name, value] : response.headers) {
    if (!SafeHeaderText(name) || !SafeHeaderText(value) || name.empty()) {
      spdlog::warn("http: dropped a response header with CR/LF/NUL ({})", SafeHeaderText(name) ? name : "?");
      continue;
    }
    if (strcasecmp(name.c_str(), "Content-Length") == 0 || strcasecmp(name.c_str(), "Connection") == 0 ||
        strcasecmp(name.c_str(), "Transfer-Encoding") == 0) {
      continue;  // framing is ours
    }
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += "Content-Length: ";
  out += std::to_string(response.body.size());
  out += keep_alive ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n";
  if (!head) out += response.body;
  return out;
}

std::string FixedAnswer(int status, const char* error) {
  HttpResponse response = JsonError(status, error);
  response.SetHeader("Retry-After", "1");
  return Serialize(response, false, false);
}

}  // namespace

bool ParseDispatch(const std::string& text, Dispatch* out) {
  if (text == "pool") {
    *out = Dispatch::kPool;
  } else if (text == "inline") {
    *out = Dispatch::kInline;
  } else {
    return false;
  }
  return true;
}

const char* DispatchName(Dispatch dispatch) { return dispatch == Dispatch::kInline ? "inline" : "pool"; }

int TransportErrorStatus(TransportError error) {
  switch (error) {
    case TransportError::kNotFound: return 404;
    case TransportError::kMethodNotAllowed: return 405;
    case TransportError::kTooLarge: return 413;
    case TransportError::kTooManyRequests: return 429;
    case TransportError::kInternal: return 500;
    case TransportError::kUnavailable: return 503;
  }
  return 500;
}

namespace {

HttpResponse DefaultTransportError(const HttpRequest& request, TransportError error) {
  switch (error) {
    case TransportError::kNotFound: return JsonError(404, "not found: " + request.path);
    case TransportError::kMethodNotAllowed: return JsonError(405, "method not allowed: " + request.method);
    case TransportError::kTooLarge: return JsonError(413, "error 107: request too large");
    case TransportError::kTooManyRequests: return JsonError(429, "error 109: too many requests");
    case TransportError::kInternal: return JsonError(500, "error 101: general error");
    case TransportError::kUnavailable: return JsonError(503, "error 900: general error");
  }
  return JsonError(500, "error 101: general error");
}

HttpResponse TransportAnswer(const HttpServerOptions& options, const HttpRequest& request, TransportError error) {
  HttpResponse response =
      options.transport_error ? options.transport_error(request, error) : DefaultTransportError(request, error);
  response.status = TransportErrorStatus(error);  // the transport decided, whatever the dialect's table says
  return response;
}

HttpResponse RunRoute(const HttpServerOptions& options, const Route& route, const HttpRequest& request,
                      const PathParams& params) {
  // Neither the client nor the log gets the exception's text: it may quote what
  // it choked on (a duplicate key's value, a parameter), which may be donor data.
  // The route pattern, the method and the exception's type are enough to find it.
  try {
    return route.handler(request, params);
  } catch (const std::exception& e) {
    spdlog::error("http: handler threw: route={} method={} exception={}", route.pattern, route.method,
                  boost::core::demangle(typeid(e).name()));
  } catch (...) {
    spdlog::error("http: handler threw: route={} method={} exception=(not a std::exception)", route.pattern,
                  route.method);
  }
  return TransportAnswer(options, request, TransportError::kInternal);
}

std::string PeerAddress(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(address).sin_addr, text, sizeof text);
  } else if (address.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(address).sin6_addr, text, sizeof text);
  }
  std::string out = text;
  // An IPv4 client on a dual-stack socket is the same client as on an IPv4 one.
  if (out.rfind("::ffff:", 0) == 0 && out.find('.') != std::string::npos) out.erase(0, 7);
  return out;
}

// Open connections per client address and in total.
class ConnectionCounter {
 public:
  enum class Verdict { kOk, kClientFull, kTotalFull };
  void Configure(size_t max_total, size_t max_per_client) {
    max_total_ = max_total;
    max_per_client_ = max_per_client;
  }
  Verdict Acquire(const std::string& client) {
    std::lock_guard<std::mutex> lock(mu_);
    if (total_ >= max_total_) return Verdict::kTotalFull;
    size_t& mine = per_client_[client];
    if (mine >= max_per_client_) return Verdict::kClientFull;
    ++mine;
    ++total_;
    return Verdict::kOk;
  }
  void Release(const std::string& client) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = per_client_.find(client);
    if (it != per_client_.end() && --it->second == 0) per_client_.erase(it);
    --total_;
  }
  size_t total() const {
    std::lock_guard<std::mutex> lock(mu_);
    return total_;
  }

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, size_t> per_client_;
  size_t total_ = 0;
  size_t max_total_ = 0;
  size_t max_per_client_ = 0;
};

class Loop;

}  // namespace

struct HttpServer::State {
  HttpServerOptions options;
  std::shared_ptr<const Router> router;
  std::unique_ptr<WorkerPool> workers;
  std::atomic<bool> draining{false};
  ConnectionCounter counter;
  int listen_fd = -1;
  uint16_t port = 0;
  std::vector<std::unique_ptr<Loop>> loops;
  std::atomic<size_t> next_loop{0};  // round robin of accepted connections
  std::atomic<uint64_t> next_id{1};
  std::mutex reserve_mu;
  int reserve_fd = -1;  // a spare descriptor, given up to shed a connection when the process is out of them
  std::string refuse_client, refuse_total;
  size_t input_cap = 0;  // bytes buffered per connection before a request is whole

  void Event(const char* what) const {
    if (options.on_connection_event) options.on_connection_event(what);
  }
};

namespace {

struct Connection {
  enum class Phase { kReading, kHandling, kWriting, kLingering, kClosed };
  Connection(uint64_t id, int fd, std::string ip, FramingLimits limits)
      : id(id), fd(fd), ip(std::move(ip)), framer(limits) {}
  uint64_t id;
  int fd;
  std::string ip;
  RequestFramer framer;
  std::string in;
  std::string out;
  size_t out_sent = 0;
  Phase phase = Phase::kReading;
  bool close_after_write = false;
  bool eof = false;
  bool request_begun = false;  // a byte of the current request has arrived
  bool headers_marked = false;
  bool continue_sent = false;
  size_t served = 0;
  uint32_t events = 0;
  Clock::time_point request_started, headers_done_at, phase_started, idle_since;
};

class Loop {
 public:
  Loop(HttpServer::State* state) : state_(state) {}
  ~Loop() {
    for (auto& [fd, connection] : connections_) {
      ::close(fd);
      state_->counter.Release(connection->ip);
    }
    for (Handed& h : handed_) {
      ::close(h.fd);
      state_->counter.Release(h.ip);
    }
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
  }

  Status Init() {
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_fd_ < 0 || wake_fd_ < 0) return Status::Unavailable(std::string("epoll: ") + std::strerror(errno));
    epoll_event listen_event{};
    listen_event.events = EPOLLIN | EPOLLEXCLUSIVE;
    listen_event.data.fd = state_->listen_fd;
    epoll_event wake_event{};
    wake_event.events = EPOLLIN;
    wake_event.data.fd = wake_fd_;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, state_->listen_fd, &listen_event) != 0 ||
        epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake_event) != 0) {
      return Status::Unavailable(std::string("epoll_ctl: ") + std::strerror(errno));
    }
    return Status::OK();
  }

  void Start() { thread_ = std::thread([this] { Run(); }); }
  void Stop() {
    stop_ = true;
    Wake();
    if (thread_.joinable()) thread_.join();
  }

  // From a worker: the answer to the request in flight on connection (fd, id).
  void Deliver(int fd, uint64_t id, HttpResponse response, bool keep_alive, bool head) {
    bool wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_.push_back({fd, id, std::move(response), keep_alive, head});
      wake = Signal();
    }
    if (wake) Wake();
  }

  // From another loop: a connection it accepted, for this loop to own.
  void Hand(int fd, std::string ip) {
    bool wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      handed_.push_back({fd, std::move(ip)});
      wake = Signal();
    }
    if (wake) Wake();
  }

  // Connections whose answer is not yet written (handling or writing).
  size_t busy() const { return busy_.load(); }

 private:
  struct Done {
    int fd;
    uint64_t id;
    HttpResponse response;
    bool keep_alive;
    bool head;
  };
  struct Handed {
    int fd;
    std::string ip;
  };
  using Phase = Connection::Phase;

  // Under mu_: whether the caller must write the eventfd. One write per batch:
  // until the loop takes what is queued, later items ride on the first wake-up.
  bool Signal() {
    if (wake_pending_) return false;
    wake_pending_ = true;
    return true;
  }

  void Wake() {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
  }

  void Run() {
    // Released on this thread when the loop ends (a database connection slot, say).
    std::shared_ptr<void> thread_state;
    if (state_->options.io_thread_init) thread_state = state_->options.io_thread_init();
    std::vector<epoll_event> events(256);
    Clock::time_point last_sweep = Clock::now();
    while (!stop_) {
      int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 100);
      for (int i = 0; i < n; ++i) {
        int fd = events[i].data.fd;
        if (fd == state_->listen_fd) {
          Accept();
        } else if (fd == wake_fd_) {
          uint64_t count;
          [[maybe_unused]] ssize_t r = ::read(wake_fd_, &count, sizeof count);
          TakeDeliveries();
        } else {
          auto it = connections_.find(fd);
          if (it == connections_.end()) continue;
          OnEvent(*it->second, events[i].events);
        }
      }
      Clock::time_point now = Clock::now();
      if (now - last_sweep >= kSweepInterval) {
        Sweep(now);
        last_sweep = now;
      }
      closed_.clear();
    }
  }

  void Accept() {
    for (int i = 0; i < 64; ++i) {
      sockaddr_storage address{};
      socklen_t length = sizeof address;
      int fd = accept4(state_->listen_fd, reinterpret_cast<sockaddr*>(&address), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR) continue;
        if (errno == EMFILE || errno == ENFILE) Shed();
        return;  // EAGAIN: another loop took it, or nothing left
      }
      std::string ip = PeerAddress(address);
      auto verdict = state_->counter.Acquire(ip);
      if (verdict != ConnectionCounter::Verdict::kOk) {
        // Refused before anything is read or parsed: one small write and a close.
        const std::string& answer =
            verdict == ConnectionCounter::Verdict::kClientFull ? state_->refuse_client : state_->refuse_total;
        [[maybe_unused]] ssize_t w = ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        ::close(fd);
        state_->Event(verdict == ConnectionCounter::Verdict::kClientFull ? "refused_client" : "refused_total");
        continue;
      }
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      // The loops take connections in turn: whichever loop woke for the listener,
      // each owns its share (with kInline, a loop busy in the database would
      // otherwise leave the next connections to whichever loop is idle right then).
      Loop& owner = *state_->loops[state_->next_loop++ % state_->loops.size()];
      if (&owner == this) {
        Adopt(fd, std::move(ip));
      } else {
        owner.Hand(fd, std::move(ip));
      }
    }
  }

  // Takes connection `fd` (accepted and counted) into this loop.
  void Adopt(int fd, std::string ip) {
    FramingLimits limits{state_->options.max_header_bytes, state_->options.max_request_bytes};
    auto connection = std::make_unique<Connection>(state_->next_id++, fd, std::move(ip), limits);
    connection->idle_since = connection->phase_started = Clock::now();
    Connection& c = *connection;
    connections_.emplace(fd, std::move(connection));
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    c.events = EPOLLIN;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) Close(c);
  }

  // Out of descriptors: accept one connection on the spare descriptor and close it, so
  // the listener's queue does not spin the loop; the client sees a closed connection.
  void Shed() {
    std::lock_guard<std::mutex> lock(state_->reserve_mu);
    if (state_->reserve_fd >= 0) {
      ::close(state_->reserve_fd);
      int fd = accept4(state_->listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0) ::close(fd);
      state_->reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    state_->Event("refused_descriptors");
  }

  void SetEvents(Connection& c, uint32_t events) {
    if (c.events == events) return;
    epoll_event event{};
    event.events = events;
    event.data.fd = c.fd;
    epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &event);
    c.events = events;
  }

  void SetPhase(Connection& c, Phase phase) {
    if (c.phase == Phase::kClosed) return;
    bool was_busy = c.phase == Phase::kHandling || c.phase == Phase::kWriting;
    bool is_busy = phase == Phase::kHandling || phase == Phase::kWriting;
    if (was_busy != is_busy) busy_ += is_busy ? 1 : -1;
    c.phase = phase;
    c.phase_started = Clock::now();
    if (phase == Phase::kReading) c.idle_since = c.phase_started;
  }

  // The Connection object lives on until the end of this loop iteration (callers up
  // the stack may still look at it: they stop on kClosed); its descriptor is free at once.
  void Close(Connection& c) {
    if (c.phase == Phase::kClosed) return;
    SetPhase(c, Phase::kClosed);
    ::close(c.fd);
    state_->counter.Release(c.ip);
    auto it = connections_.find(c.fd);
    if (it != connections_.end() && it->second.get() == &c) {
      closed_.push_back(std::move(it->second));
      connections_.erase(it);
    }
  }

  void OnEvent(Connection& c, uint32_t events) {
    if (events & (EPOLLERR | EPOLLHUP)) {
      // The peer is gone: nothing can be read or written any more.
      if (!(events & EPOLLIN) || c.phase == Phase::kHandling) return Close(c);
    }
    if (events & EPOLLOUT) {
      if (!Flush(c)) return;
    }
    if (events & EPOLLIN) {
      if (!Read(c)) return;
    }
    Process(c);
  }

  // False when the connection was closed.
  bool Read(Connection& c) {
    char buffer[kReadChunk];
    ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      if (c.phase == Phase::kLingering) return true;  // dropped: we are only waiting for the close
      if (!c.request_begun) {
        c.request_begun = true;
        c.request_started = Clock::now();
      }
      c.in.append(buffer, static_cast<size_t>(n));
      return true;
    }
    if (n == 0) {
      c.eof = true;
      if (c.phase == Phase::kLingering) {
        Close(c);
        return false;
      }
      return true;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return true;
    Close(c);
    return false;
  }

  // Frames and answers the requests buffered on `c`, one at a time, in order.
  void Process(Connection& c) {
    while (c.phase == Phase::kReading) {
      if (c.in.empty()) {
        if (c.eof) Close(c);
        return;
      }
      if (!c.request_begun) {  // the next pipelined request starts now
        c.request_begun = true;
        c.request_started = Clock::now();
      }
      RequestFramer::Step step = c.framer.Next(c.in);
      if (step == RequestFramer::Step::kNeedMore) {
        if (c.framer.headers_done() && !c.headers_marked) {
          c.headers_marked = true;
          c.headers_done_at = Clock::now();
        }
        if (c.framer.wants_continue() && !c.continue_sent && !state_->draining) {
          c.continue_sent = true;
          c.out += "HTTP/1.1 100 Continue\r\n\r\n";
          if (!Flush(c)) return;
        }
        if (c.eof) return Close(c);  // the client will send no more of it
        if (c.in.size() > state_->input_cap) return RefuseFraming(c, 413, "request buffer over limit");
        return;
      }
      if (step == RequestFramer::Step::kError) {
        return RefuseFraming(c, c.framer.error_status(), c.framer.error_detail());
      }
      auto request = std::make_shared<HttpRequest>(std::move(c.framer.request()));
      bool keep_alive = c.framer.keep_alive();
      c.in.erase(0, c.framer.consumed());
      c.framer.Reset();
      c.request_begun = c.headers_marked = c.continue_sent = false;
      request->client_ip = c.ip;
      Dispatch(c, std::move(request), keep_alive);
    }
  }

  void RefuseFraming(Connection& c, int status, const std::string& detail) {
    spdlog::warn("http: refused a request from {}: {} ({})", c.ip, status, detail);
    HttpResponse response;
    if (status == 413 && c.framer.headers_done()) {
      // The request line is known: the path's dialect answers.
      response = TransportAnswer(state_->options, c.framer.request(), TransportError::kTooLarge);
    } else if (status == 413 || status == 431) {
      response = JsonError(status, "error 107: request too large");
    } else {
      response = JsonError(status, "error 108: malformed request");
    }
    response.status = status;
    c.in.clear();
    Answer(c, response, /*keep_alive=*/false, /*head=*/false);
  }

  void Dispatch(Connection& c, std::shared_ptr<HttpRequest> request, bool keep_alive) {
    HttpServer::State& s = *state_;
    auto started = Clock::now();
    bool head = request->method == "HEAD";
    auto report = [&s, started](const HttpRequest& r, const HttpResponse& response, const Route* route) {
      if (!s.options.on_response) return;
      s.options.on_response(r, response, route, std::chrono::duration<double>(Clock::now() - started).count());
    };
    auto answer = [&](const HttpResponse& response, const Route* route) {
      report(*request, response, route);
      Answer(c, response, keep_alive, head);
    };
    if (s.draining) return answer(TransportAnswer(s.options, *request, TransportError::kUnavailable), nullptr);
    if (s.options.admit) {
      if (std::optional<HttpResponse> refused = s.options.admit(*request)) return answer(*refused, nullptr);
    }
    Router::Match match = s.router->Find(request->method, request->path);
    if (!match.route) {
      if (match.allow.empty()) return answer(TransportAnswer(s.options, *request, TransportError::kNotFound), nullptr);
      HttpResponse wrong_method = TransportAnswer(s.options, *request, TransportError::kMethodNotAllowed);
      wrong_method.SetHeader("Allow", match.allow);
      return answer(wrong_method, nullptr);
    }
    if (match.route->execution == Execution::kInline || s.options.dispatch == Dispatch::kInline) {
      // kInline dispatch: a blocking route too, this loop waiting for it (see http_server.h).
      return answer(RunRoute(s.options, *match.route, *request, match.params), match.route);
    }

    const Route* route = match.route;
    SetPhase(c, Phase::kHandling);
    SetEvents(c, c.out_sent < c.out.size() ? uint32_t{EPOLLOUT} : 0u);
    int fd = c.fd;
    uint64_t id = c.id;
    bool queued = s.workers->Submit([this, fd, id, request, route, params = std::move(match.params), keep_alive, head,
                                     report] {
      HttpResponse response = RunRoute(state_->options, *route, *request, params);
      report(*request, response, route);
      Deliver(fd, id, std::move(response), keep_alive, head);
    });
    if (!queued) {
      HttpResponse busy = TransportAnswer(s.options, *request, TransportError::kUnavailable);
      busy.SetHeader("Retry-After", "1");
      report(*request, busy, nullptr);
      Answer(c, busy, keep_alive, head);
    }
  }

  void TakeDeliveries() {
    std::vector<Done> done;
    std::vector<Handed> handed;
    {
      std::lock_guard<std::mutex> lock(mu_);
      done.swap(done_);
      handed.swap(handed_);
      wake_pending_ = false;
    }
    for (Handed& h : handed) Adopt(h.fd, std::move(h.ip));
    for (Done& d : done) {
      auto it = connections_.find(d.fd);
      // The client may have gone (and its descriptor been reused) while the worker ran.
      if (it == connections_.end() || it->second->id != d.id || it->second->phase != Phase::kHandling) continue;
      Connection& c = *it->second;
      Answer(c, d.response, d.keep_alive, d.head);
      Process(c);  // requests pipelined behind it
    }
  }

  // Queues the answer and writes what the socket takes. The connection stays in
  // kWriting until all of it is out, then reads on (or closes).
  void Answer(Connection& c, const HttpResponse& response, bool keep_alive, bool head) {
    if (state_->draining) keep_alive = false;
    c.close_after_write = !keep_alive;
    c.out += Serialize(response, head, keep_alive);
    ++c.served;
    SetPhase(c, Phase::kWriting);
    Flush(c);
  }

  // False when the connection was closed.
  bool Flush(Connection& c) {
    while (c.out_sent < c.out.size()) {
      ssize_t n = ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_sent += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        SetEvents(c, uint32_t{EPOLLOUT} | (c.phase == Phase::kReading ? uint32_t{EPOLLIN} : 0u));
        return true;
      }
      Close(c);
      return false;
    }
    c.out.clear();
    c.out_sent = 0;
    if (c.phase == Phase::kWriting) {
      if (c.close_after_write) {
        // Half-close and read on for a moment: closing with unread input would reset
        // the connection and could destroy the answer before the client reads it.
        ::shutdown(c.fd, SHUT_WR);
        c.in.clear();
        SetPhase(c, Phase::kLingering);
        SetEvents(c, EPOLLIN);
        if (c.eof) {
          Close(c);
          return false;
        }
        return true;
      }
      SetPhase(c, Phase::kReading);
    }
    SetEvents(c, c.phase == Phase::kReading ? uint32_t{EPOLLIN} : 0u);  // kHandling: nothing until the answer
    return true;
  }

  void Sweep(Clock::time_point now) {
    const HttpServerOptions& o = state_->options;
    std::vector<std::pair<Connection*, const char*>> expired;
    for (auto& [fd, pointer] : connections_) {
      Connection& c = *pointer;
      switch (c.phase) {
        case Phase::kReading:
          if (c.request_begun) {
            if (!c.headers_marked && !c.framer.headers_done()) {
              if (now - c.request_started > o.header_timeout) expired.push_back({&c, "header_timeout"});
            } else if (c.headers_marked && now - c.headers_done_at > o.body_timeout) {
              expired.push_back({&c, "body_timeout"});
            }
          } else if (now - c.idle_since > (c.served == 0 ? o.header_timeout : o.idle_timeout)) {
            expired.push_back({&c, "idle"});
          }
          break;
        case Phase::kWriting:
          if (now - c.phase_started > o.write_timeout) expired.push_back({&c, "write_timeout"});
          break;
        case Phase::kLingering:
          if (now - c.phase_started > kLingerTime) expired.push_back({&c, nullptr});
          break;
        case Phase::kHandling:
        case Phase::kClosed:
          break;
      }
    }
    for (auto& [c, why] : expired) {
      if (why) state_->Event(why);
      if (why && (std::strcmp(why, "header_timeout") == 0 || std::strcmp(why, "body_timeout") == 0)) {
        spdlog::warn("http: {} from {}", why, c->ip);
        HttpResponse timeout = JsonError(408, "error 108: malformed request");
        c->in.clear();
        Answer(*c, timeout, false, false);
      } else {
        Close(*c);
      }
    }
  }

  HttpServer::State* state_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;
  std::vector<std::unique_ptr<Connection>> closed_;
  std::mutex mu_;
  std::vector<Done> done_;        // guarded by mu_
  std::vector<Handed> handed_;    // guarded by mu_
  bool wake_pending_ = false;     // guarded by mu_: the eventfd was written since the last take
  std::atomic<size_t> busy_{0};
};

// A listening, non-blocking socket on host:port ("[::1]:80" for IPv6).
Status Listen(const std::string& where, int* fd_out, uint16_t* port_out) {
  size_t colon = where.rfind(':');
  if (colon == std::string::npos) return Status::InvalidArgument("listen address must be host:port: " + where);
  std::string host = where.substr(0, colon);
  std::string port_text = where.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (port_text.empty() || port_text.size() > 5 ||
      !std::all_of(port_text.begin(), port_text.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return Status::InvalidArgument("listen address has no valid port: " + where);
  }
  if (std::stoi(port_text) > 65535) return Status::InvalidArgument("listen port out of range: " + where);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), port_text.c_str(), &hints, &found);
  if (rc != 0) return Status::Unavailable("cannot listen on " + where + ": " + gai_strerror(rc));
  std::string error = "no address";
  for (addrinfo* a = found; a; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      error = std::strerror(errno);
      continue;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 4096) != 0) {
      error = std::strerror(errno);
      ::close(fd);
      continue;
    }
    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
    *port_out = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(bound).sin6_port
                                                  : reinterpret_cast<sockaddr_in&>(bound).sin_port);
    *fd_out = fd;
    freeaddrinfo(found);
    return Status::OK();
  }
  freeaddrinfo(found);
  return Status::Unavailable("cannot listen on " + where + ": " + error);
}

// The total cap, lowered so that the process never runs out of descriptors for its
// own use (database connections, files, epoll): the soft limit is raised to the hard one.
size_t FitDescriptorLimit(size_t wanted, size_t reserved) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  size_t usable = limit.rlim_cur > reserved ? static_cast<size_t>(limit.rlim_cur) - reserved : 1;
  return std::min(wanted, usable);
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, std::shared_ptr<const Router> router)
    : state_(std::make_shared<State>()) {
  state_->options = std::move(options);
  state_->router = std::move(router);
}

HttpServer::~HttpServer() { Shutdown(); }

Status HttpServer::Start() {
  State& s = *state_;
  const HttpServerOptions& o = s.options;
  Status listening = Listen(o.listen, &s.listen_fd, &s.port);
  if (!listening.ok()) return listening;
  size_t reserved = 64 + 2 * static_cast<size_t>(std::max(1, o.worker_threads)) + 2 * static_cast<size_t>(o.io_threads);
  size_t total = FitDescriptorLimit(std::max<size_t>(1, o.max_connections), reserved);
  s.counter.Configure(total, std::max<size_t>(1, o.max_connections_per_client));
  s.reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  s.refuse_client = FixedAnswer(429, "error 109: too many requests");
  s.refuse_total = FixedAnswer(503, "error 900: general error");
  // Chunk framing may add a few bytes per body byte; beyond this a request is refused.
  s.input_cap = o.max_header_bytes + 2 * o.max_request_bytes + 64 * 1024;
  if (o.dispatch == Dispatch::kPool) {
    s.workers = std::make_unique<WorkerPool>(std::max(1, o.worker_threads), o.max_queued);
  }
  for (int i = 0; i < std::max(1, o.io_threads); ++i) {
    auto loop = std::make_unique<Loop>(&s);
    Status ready = loop->Init();
    if (!ready.ok()) {
      s.loops.clear();
      ::close(s.listen_fd);
      s.listen_fd = -1;
      return ready;
    }
    s.loops.push_back(std::move(loop));
  }
  for (auto& loop : s.loops) loop->Start();
  return Status::OK();
}

uint16_t HttpServer::port() const { return state_->listen_fd >= 0 ? state_->port : 0; }

size_t HttpServer::open_connections() const { return state_->counter.total(); }

void HttpServer::Shutdown() {
  State& s = *state_;
  if (s.listen_fd < 0) return;
  s.draining = true;
  if (s.workers) s.workers->Drain();
  // Answers from the workers are handed to the loops; let them reach the clients.
  auto deadline = Clock::now() + std::chrono::seconds(2);
  for (;;) {
    size_t busy = 0;
    for (auto& loop : s.loops) busy += loop->busy();
    if (busy == 0 || Clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (auto& loop : s.loops) loop->Stop();
  s.workers.reset();  // after the loops: a late task may still deliver to one
  s.loops.clear();
  ::close(s.listen_fd);
  s.listen_fd = -1;
  if (s.reserve_fd >= 0) ::close(s.reserve_fd);
  s.reserve_fd = -1;
}

}  // namespace prefill
