// Metrics: the Prometheus figures of one server, served as text on GET /metrics:
//   prefill_http_requests_total{route,method,status}
//   prefill_http_request_duration_seconds{route} (histogram)
//   prefill_sessions_created_total{sandbox}
//   prefill_payments_total{status}
//   prefill_db_pool_connections{state="size"|"open"|"in_use"}
//   prefill_http_connection_events_total{event} (refused by a cap, timed out)
//   prefill_payments_throttled_total{scope="session"|"client"} (card-testing defence)
// `route` is the route's pattern (never the raw path, which may hold hashes),
// or "unmatched". Thread-safe.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <string>

#include "http/router.h"

namespace prefill {

class Metrics {
 public:
  Metrics();

  void ObserveRequest(const std::string& route, const std::string& method, int status, double seconds);
  void SessionCreated(bool sandbox);
  void PaymentFinished(const std::string& payment_status);
  void SetPoolUsage(size_t size, size_t open, size_t in_use);
  void ConnectionEvent(const std::string& event);
  void PaymentThrottled(const std::string& scope);
  // One webhook delivery attempt: succeeded, pending (a retry follows), failed, endpoint_disabled.
  void WebhookAttempt(const std::string& outcome);

  std::string Render() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& durations_;
  prometheus::Family<prometheus::Counter>& sessions_created_;
  prometheus::Family<prometheus::Counter>& payments_;
  prometheus::Family<prometheus::Gauge>& pool_;
  prometheus::Family<prometheus::Counter>& connection_events_;
  prometheus::Family<prometheus::Counter>& payments_throttled_;
  prometheus::Family<prometheus::Counter>& webhook_attempts_;
};

// GET /metrics; `refresh` runs before each scrape (e.g. to read pool usage).
void RegisterMetricsRoute(Router& router, Metrics& metrics, std::function<void()> refresh);

}  // namespace prefill
