#include "app/app.h"

#include <spdlog/spdlog.h>

#include <thread>

#include "http/health_api.h"
#include "http/http_server.h"
#include "http/router.h"
#include "storage/connection_pool.h"
#include "storage/db_config.h"

namespace prefill {

struct App::Parts {
  AppConfig config;
  std::unique_ptr<ConnectionPool> pool;
  std::shared_ptr<Router> router;
  std::unique_ptr<HttpServer> server;
};

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
App::~App() { Shutdown(); }

Result<std::unique_ptr<App>> App::Start(const AppConfig& config) {
  auto parts = std::make_unique<Parts>();
  parts->config = config;
  auto db = ParseDatabaseUrl(config.database_url);
  if (!db.ok()) return db.status();

  int workers = config.threads > 0 ? config.threads : std::max(4u, 4 * std::thread::hardware_concurrency());
  ConnectionPool::Options pool_options;
  pool_options.size = static_cast<size_t>(workers);
  parts->pool = std::make_unique<ConnectionPool>(db.value(), pool_options);

  parts->router = std::make_shared<Router>();
  ConnectionPool* pool = parts->pool.get();
  RegisterHealthRoutes(*parts->router, [pool] { return pool->Ping(); });

  HttpServerOptions server_options;
  server_options.listen = config.listen;
  server_options.io_threads = std::max(1u, std::thread::hardware_concurrency());
  server_options.worker_threads = workers;
  server_options.max_request_bytes = config.max_request_bytes;
  server_options.too_large = [] { return JsonError(413, "error 107: request too large"); };
  server_options.on_response = [](const HttpRequest& req, const HttpResponse& res, const Route*, double seconds) {
    spdlog::info("{} {} {} {:.3f}ms", req.method, req.path, res.status, seconds * 1000);
  };
  parts->server = std::make_unique<HttpServer>(server_options, parts->router);
  Status started = parts->server->Start();
  if (!started.ok()) return started;
  return std::unique_ptr<App>(new App(std::move(parts)));
}

uint16_t App::port() const { return parts_->server ? parts_->server->port() : 0; }

void App::Shutdown() {
  if (parts_ && parts_->server) {
    parts_->server->Shutdown();
    parts_->server.reset();
  }
}

}  // namespace prefill
