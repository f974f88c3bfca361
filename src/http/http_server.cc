#include "http/http_server.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/net.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <sstream>
#include <thread>

#include "common/worker_pool.h"

namespace prefill {

using namespace Pistache;

size_t HttpServerOptions::transport_limit() const {
  return std::max<size_t>(4 * 1024 * 1024, 4 * max_request_bytes);
}

struct HttpServer::State {
  HttpServerOptions options;
  std::shared_ptr<const Router> router;
  std::unique_ptr<WorkerPool> workers;
  std::atomic<bool> draining{false};
};

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

HttpRequest Translate(const Http::Request& in) {
  HttpRequest out;
  out.method = Http::methodString(in.method());
  out.path = in.resource();
  std::string query = in.query().as_str();
  out.query = query.empty() ? query : query.substr(1);  // as_str() starts with '?'
  // Typed headers only serialise to a stream; one per thread is reused, since
  // building a stream (and its locale) per header costs more than the copy.
  thread_local std::ostringstream value;
  for (const auto& header : in.headers().list()) {
    value.str(std::string());
    value.clear();
    header->write(value);
    out.headers.emplace(Lower(header->name()), value.str());
  }
  for (const auto& [name, raw] : in.headers().rawList()) out.headers.emplace(Lower(name), raw.value());
  out.body = in.body();
  out.client_ip = in.address().host();
  return out;
}

// Pistache 0.0.5 writes only typed headers: raw ones are dropped on the wire,
// and its typed Allow cannot parse a value. One header type with a name and a
// verbatim value carries every header of an HttpResponse.
class VerbatimHeader : public Http::Header::Header {
 public:
  VerbatimHeader(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  void parse(const std::string& data) override { value_ = data; }
  void write(std::ostream& stream) const override { stream << value_; }
#ifdef SAFE_HEADER_CAST
  uint64_t hash() const override { return std::hash<std::string>()(name_); }
#endif

 private:
  std::string name_;
  std::string value_;
};

void Send(Http::ResponseWriter& writer, const HttpResponse& response) {
  for (const auto& [name, value] : response.headers) {
    writer.headers().add(std::make_shared<VerbatimHeader>(name, value));
  }
  writer.send(static_cast<Http::Code>(response.status), response.body);
}

HttpResponse Run(const Route& route, const HttpRequest& request, const PathParams& params) {
  try {
    return route.handler(request, params);
  } catch (const std::exception& e) {
    return JsonError(500, "error 101: general error");
  }
}

class PistacheHandler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(PistacheHandler)
  explicit PistacheHandler(std::shared_ptr<HttpServer::State> state) : state_(std::move(state)) {}

  void onRequest(const Http::Request& pistache_request, Http::ResponseWriter writer) override {
    auto started = std::chrono::steady_clock::now();
    // Pistache 0.0.5 answers "Connection: Close" and closes whenever the request has
    // no Connection header, yet HTTP/1.1 connections are persistent by default
    // (RFC 9112 section 9.3): without this, such clients pay a new TCP connection per call.
    if (pistache_request.version() == Http::Version::Http11 &&
        !pistache_request.headers().has<Http::Header::Connection>()) {
      writer.headers().remove<Http::Header::Connection>();
      writer.headers().add<Http::Header::Connection>(Http::ConnectionControl::KeepAlive);
    }
    auto request = std::make_shared<HttpRequest>(Translate(pistache_request));
    State& s = *state_;
    auto finish = [state = state_, request, started](Http::ResponseWriter& w, const HttpResponse& response,
                                                     const Route* route) {
      Send(w, response);
      if (state->options.on_response) {
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        state->options.on_response(*request, response, route, seconds);
      }
    };

    if (s.draining) return finish(writer, JsonError(503, "error 900: general error"), nullptr);
    if (request->body.size() > s.options.max_request_bytes) {
      HttpResponse response = s.options.too_large ? s.options.too_large() : JsonError(413, "request too large");
      return finish(writer, response, nullptr);
    }
    if (s.options.admit) {
      if (std::optional<HttpResponse> refused = s.options.admit(*request)) return finish(writer, *refused, nullptr);
    }
    Router::Match match = s.router->Find(request->method, request->path);
    if (!match.route) return finish(writer, match.fallback, nullptr);
    if (match.route->execution == Execution::kInline) {
      return finish(writer, Run(*match.route, *request, match.params), match.route);
    }
    auto shared_writer = std::make_shared<Http::ResponseWriter>(std::move(writer));
    const Route* route = match.route;
    bool queued = s.workers->Submit([request, route, params = std::move(match.params), shared_writer, finish] {
      finish(*shared_writer, Run(*route, *request, params), route);
    });
    if (!queued) {
      HttpResponse busy = JsonError(503, "error 900: general error");
      busy.SetHeader("Retry-After", "1");
      finish(*shared_writer, busy, nullptr);
    }
  }

 private:
  using State = HttpServer::State;
  std::shared_ptr<State> state_;
};

}  // namespace

struct HttpServer::Endpoint {
  std::unique_ptr<Http::Endpoint> endpoint;
};

HttpServer::HttpServer(HttpServerOptions options, std::shared_ptr<const Router> router)
    : state_(std::make_shared<State>()), endpoint_(std::make_unique<Endpoint>()) {
  state_->options = std::move(options);
  state_->router = std::move(router);
}

HttpServer::~HttpServer() { Shutdown(); }

Status HttpServer::Start() {
  const HttpServerOptions& o = state_->options;
  size_t colon = o.listen.rfind(':');
  if (colon == std::string::npos) return Status::InvalidArgument("listen address must be host:port: " + o.listen);
  std::string host = o.listen.substr(0, colon);
  int port = 0;
  try {
    port = std::stoi(o.listen.substr(colon + 1));
  } catch (...) {
    return Status::InvalidArgument("listen address has no valid port: " + o.listen);
  }
  if (port < 0 || port > 65535) return Status::InvalidArgument("listen port out of range: " + o.listen);
  state_->workers = std::make_unique<WorkerPool>(std::max(1, o.worker_threads), o.max_queued);
  try {
    Address address(host, Port(static_cast<uint16_t>(port)));
    endpoint_->endpoint = std::make_unique<Http::Endpoint>(address);
    auto opts = Http::Endpoint::options()
                    .threads(std::max(1, o.io_threads))
                    .maxRequestSize(o.transport_limit())
                    .maxResponseSize(64 * 1024 * 1024)
                    .flags(Tcp::Options::ReuseAddr);
    endpoint_->endpoint->init(opts);
    endpoint_->endpoint->setHandler(Http::make_handler<PistacheHandler>(state_));
    endpoint_->endpoint->serveThreaded();
  } catch (const std::exception& e) {
    endpoint_->endpoint.reset();
    return Status::Unavailable(std::string("cannot listen on ") + o.listen + ": " + e.what());
  }
  return Status::OK();
}

uint16_t HttpServer::port() const {
  return endpoint_->endpoint ? static_cast<uint16_t>(endpoint_->endpoint->getPort()) : 0;
}

void HttpServer::Shutdown() {
  if (!endpoint_->endpoint) return;
  state_->draining = true;
  state_->workers->Drain();
  // Answers from the workers are queued on the I/O threads; give them a moment to leave.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  endpoint_->endpoint->shutdown();
  endpoint_->endpoint.reset();
  state_->workers.reset();
}

}  // namespace prefill
