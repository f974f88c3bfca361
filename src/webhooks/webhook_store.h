// WebhookStore: where endpoints, deliveries and the delivery log live, and how
// the outbox (`webhook_events`, written by the changes themselves) is read.
// The MariaDB implementation is storage/mysql_webhook_store.h.
//
// A delivery is one (endpoint, event) pair. Its `attempts` counter is the
// claim token: ClaimDue raises it with a compare-and-set and moves the row's
// next attempt to the claim's lease expiry, so of several workers (threads,
// processes, nodes) exactly one gets a due delivery, and a worker that dies
// mid-attempt simply lets the lease run out (the delivery is due again).
// RecordAttempt writes the log row of that attempt and, only if the counter is
// still the claimed one, the delivery's next state — one transaction.
//
// Secrets leave the store only inside a ClaimedDelivery (to sign) and once
// from InsertEndpoint's caller; no listing returns them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "webhooks/webhook_endpoint.h"

namespace prefill::webhooks {

enum class DeliveryState { kPending, kSucceeded, kFailed };
const char* DeliveryStateName(DeliveryState state);  // "pending", "succeeded", "failed"

// One row of the delivery log: one attempt of one delivery.
struct Attempt {
  std::string endpoint_id;
  std::string event_id;
  std::string event_type;
  int attempt = 0;  // 1 for the first attempt of the delivery
  TimePoint attempted_at{};
  std::optional<int> http_status;  // when the receiver answered
  std::string error;               // when it did not, or why the answer failed
  std::optional<TimePoint> next_attempt_at;  // none: succeeded, failed or disabled
  int64_t duration_ms = 0;
};

struct NewDelivery {
  std::string endpoint_id;
  std::string event_id;
  std::string event_type;
  TimePoint due{};
};

struct ClaimedDelivery {
  std::string endpoint_id;
  std::string event_id;
  std::string event_type;
  std::string url;
  std::string secret;  // to sign with; never logged
  std::string body;    // the event's exact JSON body
  int attempt = 0;     // the claim token: this attempt's number
  int failures = 0;    // consecutive failed attempts before this one
  bool event_missing = false;  // the outbox row is gone: nothing to send, the delivery fails
};

// What RecordAttempt stores after an attempt.
struct AttemptResult {
  Attempt log;
  DeliveryState state = DeliveryState::kPending;
  int failures = 0;                  // consecutive failures including this attempt (0 on success)
  std::optional<TimePoint> next_at;  // when state is pending
  bool disable_endpoint = false;     // 410 Gone
  std::string disabled_reason;
};

class WebhookStore {
 public:
  virtual ~WebhookStore() = default;

  // Endpoints.
  virtual Status InsertEndpoint(const Endpoint& endpoint, const std::string& secret) = 0;
  virtual Result<std::vector<Endpoint>> ListEndpoints() = 0;  // oldest first
  virtual Result<Endpoint> FindEndpoint(const std::string& id) = 0;  // NotFound
  // Removes the endpoint with its deliveries and their log; NotFound if none.
  virtual Status DeleteEndpoint(const std::string& id) = 0;
  // The endpoint's attempts, newest first, at most `limit`.
  virtual Result<std::vector<Attempt>> ListAttempts(const std::string& endpoint_id, size_t limit) = 0;

  // Fan-out. The cursor is the newest event creation time fanned out so far
  // (none before the first fan-out).
  virtual Result<std::optional<TimePoint>> FanOutCursor() = 0;
  virtual Status AdvanceFanOutCursor(TimePoint to) = 0;  // never moves it back
  // Events with (created_at, id) after (from, from_id), oldest first, at most `limit`.
  virtual Result<std::vector<EventHead>> EventsAfter(TimePoint from, const std::string& from_id, size_t limit) = 0;
  // Inserts the deliveries not there yet (an existing pair is left alone).
  virtual Status AddDeliveries(const std::vector<NewDelivery>& deliveries) = 0;

  // Delivery. Claims one pending delivery due at `now` to an enabled endpoint
  // until `lease_until`; nullopt when none is due or another worker won.
  virtual Result<std::optional<ClaimedDelivery>> ClaimDue(TimePoint now, TimePoint lease_until) = 0;
  virtual Status RecordAttempt(const ClaimedDelivery& claimed, const AttemptResult& result) = 0;
  // Makes every delivery of `event_id` to an enabled endpoint that is not
  // pending due again at `now` with a fresh schedule; returns how many. NotFound
  // if the event has no delivery at all.
  virtual Result<int> RetryEvent(const std::string& event_id, TimePoint now) = 0;
};

}  // namespace prefill::webhooks
