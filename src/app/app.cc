#include "app/app.h"

#include <spdlog/spdlog.h>

#include <mutex>
#include <thread>

#include "app/periodic_job.h"
#include "forms/form_registry.h"
#include "http/form_api.h"
#include "http/form_api_wire.h"
#include "hosted/hosted_payment.h"
#include "hosted/hosted_routes.h"
#include "http/health_api.h"
#include "http/http_server.h"
#include "http/metrics.h"
#include "http/transport_errors.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "session/session_service.h"
#include "storage/connection_pool.h"
#include "storage/db_config.h"
#include "storage/mysql_job_leases.h"
#include "http/event_body.h"
#include "payments/expiry_sweep.h"
#include "storage/mysql_outbox.h"
#include "storage/mysql_payment_ledger.h"
#include "storage/mysql_session_store.h"
// REST API.
#include "http/rest_api.h"
#include "storage/mysql_commerce_store.h"
#include "session/session_lifecycle.h"
#include "storage/mysql_api_key_store.h"
#include "storage/mysql_idempotency_store.h"
#include "storage/mysql_session_query.h"
// Payments.
#include "http/payment_api.h"
#include "payments/payment_reconciler.h"
#include "payments/payment_service.h"
#include "payments/payment_throttle.h"
#include "http/provider_routes.h"
#include "providers/live_processors.h"
#include "providers/processor_accounts.h"
#include "sandbox/sandbox_processor.h"
#include "storage/mysql_transaction_store.h"
// SEPA direct debit and bank transfer (docs/sepa.md).
#include "http/sepa_api.h"
#include "payments/bank_transfer.h"
#include "payments/sepa/sepa_processor.h"
#include "payments/sepa/sepa_service.h"
#include "storage/mysql_sepa_store.h"
// Webhooks (docs/webhooks.md).
#include "app/webhook_worker.h"
#include "http/webhook_api.h"
#include "providers/webhook_sender.h"
#include "storage/mysql_webhook_store.h"
#include "webhooks/webhook_dispatcher.h"
#include "webhooks/webhook_endpoints.h"

namespace prefill {

struct App::Parts {
  AppConfig config;
  std::unique_ptr<ConnectionPool> pool;
  // The webhook outbox and the unit of work that writes changes with their
  // events (payments/payment_ledger.h), before everything that uses them.
  std::unique_ptr<MySqlOutbox> outbox;
  std::unique_ptr<PaymentLedger> payment_ledger;
  // Background jobs run once cluster-wide: each takes its lease row first
  // (declared after the pool, before every job: jobs stop before it goes).
  std::unique_ptr<MySqlJobLeases> leases;
  std::unique_ptr<PeriodicJob> ClusterJob(const std::string& name, std::chrono::milliseconds interval,
                                          std::function<void()> task) {
    MySqlJobLeases* l = leases.get();
    return std::make_unique<PeriodicJob>(
        name, interval,
        [l](const std::string& job, std::chrono::milliseconds duration) {
          auto taken = l->TryTake(job, duration);
          if (!taken.ok()) spdlog::warn("lease of job {} not taken: {}", job, taken.status().ToString());
          return taken.ok() && taken.value();
        },
        std::move(task));
  }
  std::unique_ptr<FormRegistry> forms;
  std::unique_ptr<ProcessorAccounts> accounts;  // secrets: never logged
  std::unique_ptr<SessionStore> session_store;
  std::unique_ptr<SessionService> sessions;
  std::shared_ptr<Router> router;
  std::unique_ptr<HttpServer> server;
  std::unique_ptr<Metrics> metrics;
  std::unique_ptr<RateLimiter> rate_limiter;
  std::unique_ptr<PeriodicJob> purge_job;
  // Known only once the server listens (the port may be picked then), but read
  // by handlers: guarded.
  std::string BaseUrl() const {
    std::lock_guard<std::mutex> lock(base_url_mu);
    return base_url;
  }
  mutable std::mutex base_url_mu;
  std::string base_url;
  // REST API: keys, idempotency, listing, lifecycle transitions (declared after
  // the pool: destroyed before it, so the idempotency purge stops first).
  std::unique_ptr<SessionLifecycle> lifecycle;
  std::unique_ptr<RestSessions> rest_sessions;
  std::unique_ptr<MySqlCommerceStore> commerce_store;
  std::unique_ptr<CommerceSessions> commerce_sessions;
  std::unique_ptr<MySqlSessionQuery> session_query;
  std::unique_ptr<MySqlApiKeyStore> api_keys;
  std::unique_ptr<MySqlIdempotencyStore> idempotency_store;
  std::unique_ptr<Idempotency> idempotency;
  std::unique_ptr<PeriodicJob> idempotency_purge_job;
  // Payments: sandbox sessions go to the sandbox processor, live ones to the
  // processor accounts their forms name, and SEPA direct debit / bank transfer to the
  // built-in processors (forms with a `sepa` / `bank_transfer` block).
  std::unique_ptr<TransactionStore> transaction_store;
  std::unique_ptr<SandboxProcessor> sandbox_processor;
  std::unique_ptr<MySqlSepaStore> sepa_store;
  std::unique_ptr<MySqlBankTransferStore> bank_transfer_store;
  std::unique_ptr<sepa::SepaProcessor> sepa_processor;
  std::unique_ptr<BankTransferProcessor> bank_transfer_processor;
  std::unique_ptr<sepa::SepaService> sepa_service;
  std::unique_ptr<LiveProcessors> live_processors;
  std::unique_ptr<PaymentService> payments;
  std::unique_ptr<PaymentThrottle> payment_throttle;  // card-testing defence, used by the payment routes
  std::unique_ptr<PaymentReconciler> reconciler;
  std::unique_ptr<PeriodicJob> reconcile_job;
  std::unique_ptr<ExpirySweep> expiry_sweep;
  std::unique_ptr<PeriodicJob> expiry_job;  // donation_session.expired for sessions nobody reads
  std::unique_ptr<PeriodicJob> sepa_recurring_job;
  // Webhooks: endpoints (REST), and the delivery worker's threads (stopped first).
  std::unique_ptr<MySqlWebhookStore> webhook_store;
  std::unique_ptr<webhooks::WebhookEndpoints> webhook_endpoints;
  std::unique_ptr<CurlWebhookSender> webhook_sender;
  std::unique_ptr<webhooks::WebhookDispatcher> webhook_dispatcher;
  std::unique_ptr<WebhookWorker> webhook_worker;  // declared last: stopped first
};

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
App::~App() { Shutdown(); }

Result<std::unique_ptr<App>> App::Start(const AppConfig& config) {
  auto parts = std::make_unique<Parts>();
  parts->config = config;

  std::vector<FormProblem> problems;
  auto forms = FormRegistry::LoadDirectory(config.forms_dir, &problems);
  if (!forms.ok()) {
    std::string text = "form files refused:";
    for (const auto& p : problems) text += "\n  " + p.ToString();
    return Status::InvalidArgument(text);
  }
  parts->forms = std::make_unique<FormRegistry>(std::move(forms.value()));
  {
    auto accounts = LoadAccountsForForms(parts->forms->forms(), config.processors_file, &problems);
    if (!accounts.ok()) {
      std::string text = "processor accounts refused:";
      for (const auto& p : problems) text += "\n  " + p.ToString();
      return Status::InvalidArgument(text);
    }
    parts->accounts = std::make_unique<ProcessorAccounts>(std::move(accounts.value()));
  }

  auto db = ParseDatabaseUrl(config.database_url);
  if (!db.ok()) return db.status();
  int workers = config.threads > 0 ? config.threads : std::max(4u, 4 * std::thread::hardware_concurrency());
  ConnectionPool::Options pool_options;
  pool_options.size = static_cast<size_t>(workers);
  parts->pool = std::make_unique<ConnectionPool>(db.value(), pool_options);
  parts->leases = std::make_unique<MySqlJobLeases>(*parts->pool);

  // Core and storage.
  auto mysql_sessions = std::make_unique<MySqlSessionStore>(*parts->pool);
  MySqlSessionStore* mysql_session_store = mysql_sessions.get();
  parts->session_store = std::move(mysql_sessions);
  // Every creation path (form API, REST, hosted page, demo shop, one-step
  // payment) goes through a SessionService with this observer, so the metric
  // counts them all. Metrics are made below, before the server starts.
  SessionCreatedObserver count_creation = [p = parts.get()](const SessionRecord& created) {
    if (p->metrics) p->metrics->SessionCreated(created.sandbox);
  };
  parts->sessions = std::make_unique<SessionService>(parts->session_store.get(), SystemNow, count_creation);
  // Changes and their webhook events in one database transaction; the bodies
  // rendered by the REST API's encoder (http/event_body.h).
  parts->outbox = std::make_unique<MySqlOutbox>(
      *parts->pool, MakeEventBodyEncoder(parts->forms.get(), [p = parts.get()] { return p->BaseUrl(); }));
  auto transactions = std::make_unique<MySqlTransactionStore>(*parts->pool);
  MySqlTransactionStore* mysql_transactions = transactions.get();
  parts->payment_ledger = std::make_unique<MySqlPaymentLedger>(*parts->pool, *mysql_session_store, *transactions,
                                                               parts->outbox.get());
  parts->transaction_store = std::move(transactions);
  parts->lifecycle = std::make_unique<SessionLifecycle>(parts->session_store.get(), SystemNow,
                                                        SessionTransitionWriter(*parts->payment_ledger));
  parts->session_query = std::make_unique<MySqlSessionQuery>(*parts->pool);
  parts->api_keys = std::make_unique<MySqlApiKeyStore>(*parts->pool);
  parts->idempotency_store = std::make_unique<MySqlIdempotencyStore>(*parts->pool);
  parts->idempotency = std::make_unique<Idempotency>(parts->idempotency_store.get(), SystemNow);
  parts->sandbox_processor = std::make_unique<SandboxProcessor>();
  LiveProcessorOptions live_options;
  {
    // Live SEPA direct debit and bank transfer, for forms with a `sepa` / `bank_transfer` block.
    const FormRegistry* registry = parts->forms.get();
    auto form_by_id = [registry](const std::string& id) { return registry->FindById(id); };
    parts->sepa_store = std::make_unique<MySqlSepaStore>(*parts->pool, parts->outbox.get(), mysql_transactions);
    parts->bank_transfer_store = std::make_unique<MySqlBankTransferStore>(*parts->pool);
    parts->sepa_processor = std::make_unique<sepa::SepaProcessor>(parts->sepa_store.get(), form_by_id, SystemNow);
    parts->bank_transfer_processor =
        std::make_unique<BankTransferProcessor>(parts->bank_transfer_store.get(), form_by_id, SystemNow);
    parts->sepa_service = std::make_unique<sepa::SepaService>(parts->sepa_store.get(), registry);
    live_options.built_in["sepa_direct_debit"] = parts->sepa_processor.get();
    live_options.built_in["bank_transfer"] = parts->bank_transfer_processor.get();
  }
  parts->live_processors = std::make_unique<LiveProcessors>(
      *parts->forms, *parts->accounts, [p = parts.get()] { return p->BaseUrl(); }, std::move(live_options));
  parts->payments = std::make_unique<PaymentService>(parts->session_store.get(), parts->transaction_store.get(),
                                                     parts->sandbox_processor.get(), parts->live_processors.get(),
                                                     SystemNow, count_creation, parts->payment_ledger.get());
  parts->reconciler = std::make_unique<PaymentReconciler>(
      parts->session_store.get(), parts->transaction_store.get(), parts->sandbox_processor.get(),
      parts->live_processors.get(), SystemNow, ReconcileOptions(), parts->payment_ledger.get());

  // Routes of every dialect.
  parts->router = std::make_shared<Router>();
  Router& router = *parts->router;
  ConnectionPool* pool = parts->pool.get();
  RegisterHealthRoutes(router, [pool] { return pool->Ping(); });
  RegisterFormApiRoutes(router, *parts->forms, *parts->sessions);
  {
    RestApiContext rest;
    rest.forms = parts->forms.get();
    parts->commerce_store = std::make_unique<MySqlCommerceStore>(*parts->pool, parts->outbox.get());
    parts->rest_sessions =
        std::make_unique<RestSessions>(parts->forms.get(), parts->sessions.get(), parts->lifecycle.get(),
                                       parts->session_query.get(), parts->commerce_store.get());
    parts->commerce_sessions = std::make_unique<CommerceSessions>(
        parts->forms.get(), parts->session_store.get(), parts->sessions.get(), parts->lifecycle.get(),
        parts->session_query.get(), parts->commerce_store.get(), parts->rest_sessions.get());
    rest.sessions = parts->rest_sessions.get();
    rest.commerce = parts->commerce_sessions.get();
    rest.query = parts->session_query.get();
    rest.keys = parts->api_keys.get();
    rest.idempotency = parts->idempotency.get();
    rest.base_url = [p = parts.get()] { return p->BaseUrl(); };
    RegisterRestApiRoutes(router, rest);
    SepaApiContext sepa_api;
    sepa_api.sepa = parts->sepa_service.get();
    sepa_api.transactions = parts->transaction_store.get();
    sepa_api.ledger = parts->payment_ledger.get();
    RegisterSepaApiRoutes(router, rest, sepa_api);
    parts->webhook_store = std::make_unique<MySqlWebhookStore>(*parts->pool);
    const FormRegistry* registry = parts->forms.get();
    parts->webhook_endpoints = std::make_unique<webhooks::WebhookEndpoints>(
        parts->webhook_store.get(), [registry](const std::string& id) { return registry->FindById(id) != nullptr; },
        config.webhooks_allow_private);
    RegisterWebhookApiRoutes(router, rest, parts->webhook_endpoints.get());
    Idempotency* idempotency = parts->idempotency.get();
    parts->idempotency_purge_job = parts->ClusterJob("purge_idempotency_keys", config.purge_interval, [idempotency] {
      auto purged = idempotency->PurgeExpired();
      if (!purged.ok()) spdlog::warn("purge of idempotency keys failed: {}", purged.status().ToString());
    });
  }
  {
    // Read per request: base_url is known once the server listens, metrics are made below.
    PaymentThrottle::Limits limits;
    limits.per_session = config.failed_payments_per_session;
    limits.per_client = config.failed_payments_per_client;
    limits.window = std::chrono::seconds(std::max(1, config.failed_payment_window_seconds));
    parts->payment_throttle = std::make_unique<PaymentThrottle>(limits, [p = parts.get()](PaymentThrottle::Scope scope) {
      spdlog::warn("payment refused: too many failed attempts per {}", scope == PaymentThrottle::Scope::kSession ? "session" : "client");
      if (p->metrics) p->metrics->PaymentThrottled(scope == PaymentThrottle::Scope::kSession ? "session" : "client");
    });
    PaymentApiOptions payment_options;
    payment_options.throttle = parts->payment_throttle.get();
    payment_options.public_base_url = [p = parts.get()] { return p->BaseUrl(); };
    payment_options.on_payment = [p = parts.get()](const std::string& payment_status) {
      if (p->metrics) p->metrics->PaymentFinished(payment_status);
    };
    RegisterPaymentRoutes(router, *parts->forms, *parts->payments, std::move(payment_options));
    RegisterProviderRoutes(router, *parts->payments, parts->live_processors.get());
  }
  {
    HostedRoutesOptions hosted;
    hosted.pay = MakeHostedPayFunction(
        *parts->payments, [p = parts.get()] { return p->BaseUrl(); },
        [p = parts.get()](const std::string& payment_status) { p->metrics->PaymentFinished(payment_status); },
        parts->payment_throttle.get());
    hosted.confirmed_payment = MakeConfirmedPaymentLookup(*parts->payments);
    hosted.stripe_publishable_key = [live = parts->live_processors.get()](const Form& form) -> std::string {
      const ProcessorAccount* account = live ? live->AccountFor(form.id, "credit_card") : nullptr;
      return account && account->provider == Provider::kStripe ? account->publishable_key : "";
    };
    RegisterHostedRoutes(router, *parts->forms, *parts->sessions, std::move(hosted));
  }
  parts->metrics = std::make_unique<Metrics>();
  RegisterMetricsRoute(router, *parts->metrics, [pool, metrics = parts->metrics.get()] {
    auto usage = pool->usage();
    metrics->SetPoolUsage(usage.size, usage.open, usage.in_use);
  });

  HttpServerOptions server_options;
  server_options.listen = config.listen;
  server_options.dispatch = config.dispatch;
  if (config.dispatch == Dispatch::kInline) {
    // Each I/O thread waits for its own database calls: as many of them as calls
    // may run at once, each bound to a connection slot of the pool.
    server_options.io_threads = workers;
    server_options.io_thread_init = [pool] { return pool->BindThisThread(); };
  } else {
    server_options.io_threads = std::max(1u, std::thread::hardware_concurrency());
    server_options.worker_threads = workers;
  }
  server_options.max_request_bytes = config.max_request_bytes;
  server_options.max_header_bytes = config.max_header_bytes;
  server_options.max_connections = config.max_connections;
  server_options.max_connections_per_client = config.max_connections_per_client;
  server_options.header_timeout = std::chrono::seconds(config.header_timeout_seconds);
  server_options.body_timeout = std::chrono::seconds(config.body_timeout_seconds);
  server_options.idle_timeout = std::chrono::seconds(config.idle_timeout_seconds);
  server_options.transport_error = DialectTransportError;
  Metrics* metrics = parts->metrics.get();
  server_options.on_connection_event = [metrics](const char* event) { metrics->ConnectionEvent(event); };
  server_options.on_response = [metrics](const HttpRequest& req, const HttpResponse& res, const Route* route,
                                         double seconds) {
    const std::string& pattern = route ? route->pattern : std::string("unmatched");
    metrics->ObserveRequest(pattern, req.method, res.status, seconds);
    // One line per request. Paths carry form hashes only; query strings and bodies
    // (donor data: IBANs, tokens, e-mails) are never logged.
    spdlog::info("request method={} route={} status={} ms={:.3f} client={}", req.method, pattern, res.status,
                 seconds * 1000, req.client_ip);
  };
  if (config.rate_limit > 0) {
    parts->rate_limiter = std::make_unique<RateLimiter>(config.rate_limit);
    RateLimiter* limiter = parts->rate_limiter.get();
    server_options.admit = [limiter](const HttpRequest& req) -> std::optional<HttpResponse> {
      // Probes and scrapes are never limited: they must see the server as it is.
      if (req.path == "/healthz" || req.path == "/readyz" || req.path == "/metrics") return std::nullopt;
      if (limiter->Allow(req.client_ip)) return std::nullopt;
      return DialectTransportError(req, TransportError::kTooManyRequests);
    };
  }
  parts->server = std::make_unique<HttpServer>(server_options, parts->router);
  Status started = parts->server->Start();
  if (!started.ok()) return started;
  {
    std::string base = !config.public_base_url.empty()
                           ? config.public_base_url
                           : "http://" + config.listen.substr(0, config.listen.rfind(':')) + ":" +
                                 std::to_string(parts->server->port());
    while (!base.empty() && base.back() == '/') base.pop_back();
    std::lock_guard<std::mutex> lock(parts->base_url_mu);
    parts->base_url = std::move(base);
  }

  SessionService* sessions = parts->sessions.get();
  auto retention = std::chrono::duration_cast<std::chrono::seconds>(config.session_retention);
  parts->purge_job = parts->ClusterJob("purge_expired_sessions", config.purge_interval, [sessions, retention] {
    auto purged = sessions->PurgeExpired(retention);
    if (!purged.ok()) {
      spdlog::warn("purge of expired sessions failed: {}", purged.status().ToString());
    } else if (purged.value() > 0) {
      spdlog::info("purged {} expired sessions", purged.value());
    }
  });
  parts->expiry_sweep = std::make_unique<ExpirySweep>(parts->session_store.get(), parts->payment_ledger.get());
  ExpirySweep* sweep = parts->expiry_sweep.get();
  parts->expiry_job = parts->ClusterJob("expire_sessions", config.expiry_sweep_interval, [sweep] {
    const ExpiryReport report = sweep->Run();
    if (report.failures > 0) {
      spdlog::warn("expiry sweep: {} expired, {} failures, first: {}", report.expired, report.failures,
                   report.first_failure.ToString());
    } else if (report.expired > 0) {
      spdlog::info("expiry sweep: {} sessions expired", report.expired);
    }
  });
  PaymentReconciler* reconciler = parts->reconciler.get();
  parts->reconcile_job =
      parts->ClusterJob("reconcile_payments", config.reconcile_interval, [reconciler, after = config.reconcile_after] {
        const ReconcileReport r = reconciler->Run(after);
        if (r.changed_anything() || r.pending_left > 0) {
          spdlog::info("payment reconciliation: {} pending resolved, {} left, {} sessions completed, {} reopened",
                       r.pending_resolved, r.pending_left, r.sessions_completed, r.sessions_reopened);
        }
        if (r.failures > 0) {
          spdlog::warn("payment reconciliation: {} failures, first: {}", r.failures, r.first_failure.ToString());
        }
      });
  sepa::SepaService* sepa_service = parts->sepa_service.get();
  parts->sepa_recurring_job = parts->ClusterJob("sepa_recurring", config.sepa_recurring_interval, [sepa_service] {
    const sepa::RecurringReport r = sepa_service->RunRecurring();
    if (r.created > 0 || r.lapsed > 0) {
      spdlog::info("sepa recurring: {} collections created, {} mandates lapsed", r.created, r.lapsed);
    }
    if (r.failures > 0) {
      spdlog::warn("sepa recurring: {} failures, first: {}", r.failures, r.first_failure.ToString());
    }
  });
  {
    WebhookSenderOptions sender_options;
    sender_options.timeout = config.webhook_timeout;
    sender_options.allow_private = config.webhooks_allow_private;
    parts->webhook_sender = std::make_unique<CurlWebhookSender>(sender_options);
    webhooks::DispatcherOptions options;
    options.schedule = config.webhook_retry_schedule;
    options.send_timeout = config.webhook_timeout;
    options.on_attempt = [metrics = parts->metrics.get()](const webhooks::ClaimedDelivery& d,
                                                         const webhooks::AttemptResult& r) {
      const char* outcome = r.disable_endpoint ? "endpoint_disabled" : webhooks::DeliveryStateName(r.state);
      metrics->WebhookAttempt(outcome);
      // Never the secret, the signature or the body.
      spdlog::info("webhook attempt endpoint={} event={} type={} attempt={} status={} error=\"{}\" outcome={}",
                   d.endpoint_id, d.event_id, d.event_type, d.attempt, r.log.http_status.value_or(0), r.log.error,
                   outcome);
    };
    parts->webhook_dispatcher = std::make_unique<webhooks::WebhookDispatcher>(
        parts->webhook_store.get(), parts->webhook_sender.get(), std::move(options));
    parts->webhook_worker = std::make_unique<WebhookWorker>(parts->webhook_dispatcher.get(), config.webhook_threads,
                                                            config.webhook_poll_interval);
  }
  return std::unique_ptr<App>(new App(std::move(parts)));
}

uint16_t App::port() const { return parts_->server ? parts_->server->port() : 0; }
std::string App::public_base_url() const { return parts_->BaseUrl(); }
const std::vector<Route>& App::routes() const { return parts_->router->routes(); }

void App::Shutdown() {
  if (!parts_) return;
  parts_->webhook_worker.reset();
  parts_->purge_job.reset();
  parts_->idempotency_purge_job.reset();
  parts_->reconcile_job.reset();
  parts_->expiry_job.reset();
  parts_->sepa_recurring_job.reset();
  if (parts_->server) {
    parts_->server->Shutdown();
    parts_->server.reset();
  }
}

}  // namespace prefill
