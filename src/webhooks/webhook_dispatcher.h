// WebhookDispatcher: the delivery rules of SPEC 7.2, on a WebhookStore and a
// WebhookSender (no SQL, no HTTP here). The app's delivery worker
// (app/webhook_worker.h) calls it from background threads, never from the
// HTTP I/O threads.
//
//   FanOut():     every outbox event not yet fanned out becomes one delivery
//                 per endpoint that Wants() it. Events are read from a little
//                 before the stored cursor (kFanOutLookback), because an
//                 event's created_at is taken before its transaction commits:
//                 an event committed late with an older time is still seen.
//                 Adding a delivery twice is a no-op, so several nodes may
//                 fan out at once.
//   DeliverOne(): claims one due delivery (compare-and-set, with a lease of
//                 the send timeout plus a margin), POSTs the body signed with
//                 a fresh timestamp, and records the attempt: any 2xx
//                 succeeds; 410 fails it and disables the endpoint; anything
//                 else (3xx included: redirects are not followed; a refused
//                 address; a timeout) is retried per the schedule, then failed.
//                 The webhook-id is the event id on every attempt: delivery is
//                 at least once and receivers deduplicate by it.
//
// Thread-safe if the store and sender are.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "session/session.h"
#include "webhooks/retry_schedule.h"
#include "webhooks/webhook_store.h"

namespace prefill::webhooks {

struct WebhookPost {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct WebhookAnswer {
  bool answered = false;  // an HTTP status came back
  int status = 0;
  std::string error;  // when not answered: refused address, timeout, connection error
};

// Sends one POST; blocks up to its timeout. Implemented on libcurl by
// providers/webhook_sender.h (with the connect-time SSRF check).
class WebhookSender {
 public:
  virtual ~WebhookSender() = default;
  virtual WebhookAnswer Post(const WebhookPost& post) = 0;
};

inline constexpr std::chrono::seconds kFanOutLookback{60};

struct DispatcherOptions {
  RetrySchedule schedule = DefaultRetrySchedule();
  std::chrono::milliseconds send_timeout{15000};  // the sender's; the claim lease adds a margin to it
  std::chrono::milliseconds lease_margin{5000};
  size_t fan_out_batch = 500;
  // Called after each recorded attempt (the app logs it and counts it).
  std::function<void(const ClaimedDelivery&, const AttemptResult&)> on_attempt;
};

struct FanOutReport {
  int events = 0;      // events looked at
  int deliveries = 0;  // deliveries offered (existing ones included)
};

class WebhookDispatcher {
 public:
  WebhookDispatcher(WebhookStore* store, WebhookSender* sender, DispatcherOptions options,
                    NowFunction now = SystemNow);

  Result<FanOutReport> FanOut();
  // True if a delivery was attempted (the caller loops while there is work).
  Result<bool> DeliverOne();

  // The headers of one attempt (content-type and the three webhook-* headers).
  static Result<WebhookPost> SignedPost(const ClaimedDelivery& delivery, int64_t timestamp);

 private:
  WebhookStore* store_;
  WebhookSender* sender_;
  const DispatcherOptions options_;
  NowFunction now_;
};

}  // namespace prefill::webhooks
