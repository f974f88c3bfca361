#include "http/metrics.h"

#include <prometheus/text_serializer.h>

namespace prefill {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(BuildCounter().Name("prefill_http_requests_total").Help("HTTP requests answered").Register(*registry_)),
      durations_(BuildHistogram()
                     .Name("prefill_http_request_duration_seconds")
                     .Help("Time from request parsed to answer sent")
                     .Register(*registry_)),
      sessions_created_(
          BuildCounter().Name("prefill_sessions_created_total").Help("Sessions created").Register(*registry_)),
      payments_(BuildCounter().Name("prefill_payments_total").Help("Payment attempts by outcome").Register(*registry_)),
      pool_(BuildGauge().Name("prefill_db_pool_connections").Help("Database pool connections").Register(*registry_)),
      connection_events_(BuildCounter()
                             .Name("prefill_http_connection_events_total")
                             .Help("Connections refused by a cap or closed by a timeout")
                             .Register(*registry_)),
      payments_throttled_(BuildCounter()
                              .Name("prefill_payments_throttled_total")
                              .Help("Payment attempts refused by the failed-attempt caps")
                              .Register(*registry_)),
      webhook_attempts_(BuildCounter()
                            .Name("prefill_webhook_attempts_total")
                            .Help("Webhook delivery attempts by outcome")
                            .Register(*registry_)) {}

void Metrics::ObserveRequest(const std::string& route, const std::string& method, int status, double seconds) {
  requests_.Add({{"route", route}, {"method", method}, {"status", std::to_string(status)}}).Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                                   0.05,   0.1,   0.25,   0.5,   1,    2.5};
  durations_.Add({{"route", route}}, kBuckets).Observe(seconds);
}

void Metrics::SessionCreated(bool sandbox) {
  sessions_created_.Add({{"sandbox", sandbox ? "true" : "false"}}).Increment();
}

void Metrics::PaymentFinished(const std::string& payment_status) {
  payments_.Add({{"status", payment_status}}).Increment();
}

void Metrics::SetPoolUsage(size_t size, size_t open, size_t in_use) {
  pool_.Add({{"state", "size"}}).Set(static_cast<double>(size));
  pool_.Add({{"state", "open"}}).Set(static_cast<double>(open));
  pool_.Add({{"state", "in_use"}}).Set(static_cast<double>(in_use));
}

void Metrics::ConnectionEvent(const std::string& event) { connection_events_.Add({{"event", event}}).Increment(); }

void Metrics::WebhookAttempt(const std::string& outcome) { webhook_attempts_.Add({{"outcome", outcome}}).Increment(); }

void Metrics::PaymentThrottled(const std::string& scope) { payments_throttled_.Add({{"scope", scope}}).Increment(); }

std::string Metrics::Render() const { return prometheus::TextSerializer().Serialize(registry_->Collect()); }

void RegisterMetricsRoute(Router& router, Metrics& metrics, std::function<void()> refresh) {
  router.Add("GET", "/metrics", [&metrics, refresh](const HttpRequest&, const PathParams&) {
    if (refresh) refresh();
    HttpResponse response;
    response.status = 200;
    response.body = metrics.Render();
    response.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return response;
  }, Execution::kInline);
}

}  // namespace prefill
