// App: one running Prefill server, wired from its configuration: the database
// pool, the form registry, the session core, the HTTP dialects and the
// background jobs. `prefill serve` runs one; integration tests start one on a
// free port against their own database.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "webhooks/retry_schedule.h"
#include "http/http_server.h"
#include "http/router.h"

namespace prefill {

struct AppConfig {
  std::string listen = "127.0.0.1:8080";
  std::string database_url;
  std::string forms_dir = "forms";
  // The processor accounts file (SPEC 5.3; --processors / PREFILL_PROCESSORS);
  // empty: none, and a form routing a method to an account refuses the start.
  std::string processors_file;
  int threads = 0;  // 0: derived from the number of cores
  // Where database work runs (--dispatch, http/http_server.h): kPool on `threads`
  // workers beside one I/O thread per core; kInline on `threads` I/O threads, each
  // with its own pooled connection. The pool has `threads` connections either way.
  // kInline by default: less CPU per session call in the interleaved A/B of
  // docs/benchmarks.md ("The hand-off").
  Dispatch dispatch = Dispatch::kInline;
  size_t max_request_bytes = 256 * 1024;
  // Connection hygiene (docs/reliability.md): header block limit, caps, timeouts in seconds.
  size_t max_header_bytes = 32 * 1024;
  size_t max_connections = 10000;
  size_t max_connections_per_client = 256;
  int header_timeout_seconds = 10;
  int body_timeout_seconds = 30;
  int idle_timeout_seconds = 15;
  // Card-testing defence (docs/reliability.md): failed payment attempts per session and
  // per client address in a sliding window; 0 turns a cap off.
  int failed_payments_per_session = 5;
  int failed_payments_per_client = 20;
  int failed_payment_window_seconds = 3600;
  int rate_limit = 0;  // requests per second per client IP; 0: unlimited
  std::string public_base_url;  // for links in answers; empty: http://<listen>
  std::chrono::hours session_retention{24 * 30};  // expired sessions are purged after this
  std::chrono::milliseconds purge_interval{60 * 1000};
  // Payment reconciliation (docs/payments.md): how often it runs, and how old a
  // pending attempt or a processing session must be before it is repaired
  // (longer than any processor call may take).
  std::chrono::milliseconds reconcile_interval{60 * 1000};
  std::chrono::seconds reconcile_after{5 * 60};
  // How often open sessions past expires_at are marked expired with their
  // donation_session.expired event (docs/webhooks.md "The outbox"): well
  // within SPEC 7.2's minute.
  std::chrono::milliseconds expiry_sweep_interval{20 * 1000};
  // How often recurrent SEPA mandates get their next collection and unused
  // mandates lapse (docs/sepa.md).
  std::chrono::milliseconds sepa_recurring_interval{60 * 60 * 1000};
  // Webhook delivery (SPEC 7.2, docs/webhooks.md): the retry schedule
  // (--webhook-retry-schedule), whether http:// and non-public addresses are
  // allowed (--webhooks-allow-private), the send timeout (--webhook-timeout),
  // how often the worker looks for due deliveries, and its threads.
  webhooks::RetrySchedule webhook_retry_schedule = webhooks::DefaultRetrySchedule();
  bool webhooks_allow_private = false;
  std::chrono::milliseconds webhook_timeout{15000};
  std::chrono::milliseconds webhook_poll_interval{500};
  int webhook_threads = 2;
};

class App {
 public:
  // Loads the forms (a broken form file refuses the start, naming file, path
  // and problem), connects the pool and starts listening.
  static Result<std::unique_ptr<App>> Start(const AppConfig& config);
  ~App();
  uint16_t port() const;
  // The base URL links in answers start with (no trailing slash).
  std::string public_base_url() const;
  // Every route the server answers (method, pattern), for documentation checks.
  const std::vector<Route>& routes() const;
  void Shutdown();

  struct Parts;

 private:
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace prefill
