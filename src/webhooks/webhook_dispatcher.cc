#include "webhooks/webhook_dispatcher.h"

#include <algorithm>

#include "common/fault_point.h"
#include "webhooks/webhook_signature.h"

namespace prefill::webhooks {
namespace {

int64_t UnixSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string Trimmed(std::string text, size_t limit) {
  if (text.size() > limit) text.resize(limit);
  return text;
}

}  // namespace

const char* DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending: return "pending";
    case DeliveryState::kSucceeded: return "succeeded";
    case DeliveryState::kFailed: return "failed";
  }
  return "pending";
}

WebhookDispatcher::WebhookDispatcher(WebhookStore* store, WebhookSender* sender, DispatcherOptions options,
                                     NowFunction now)
    : store_(store), sender_(sender), options_(std::move(options)), now_(std::move(now)) {}

Result<FanOutReport> WebhookDispatcher::FanOut() {
  FanOutReport report;
  auto endpoints = store_->ListEndpoints();
  if (!endpoints.ok()) return endpoints.status();
  std::vector<Endpoint> enabled;
  for (const Endpoint& e : *endpoints) {
    if (e.enabled) enabled.push_back(e);
  }
  if (enabled.empty()) return report;  // nothing can match; the cursor waits
  auto cursor = store_->FanOutCursor();
  if (!cursor.ok()) return cursor.status();
  // No endpoint takes an event older than itself: start no earlier than the oldest.
  TimePoint from = std::min_element(enabled.begin(), enabled.end(), [](const Endpoint& a, const Endpoint& b) {
                     return a.created_at < b.created_at;
                   })->created_at - std::chrono::microseconds(1);
  if (*cursor) from = std::max(from, **cursor - std::chrono::duration_cast<std::chrono::microseconds>(kFanOutLookback));
  std::string from_id;
  std::optional<TimePoint> newest;
  while (true) {
    auto events = store_->EventsAfter(from, from_id, options_.fan_out_batch);
    if (!events.ok()) return events.status();
    std::vector<NewDelivery> deliveries;
    for (const EventHead& event : *events) {
      ++report.events;
      for (const Endpoint& endpoint : enabled) {
        if (Wants(endpoint, event)) deliveries.push_back({endpoint.id, event.id, event.type, event.created_at});
      }
    }
    if (!deliveries.empty()) {
      if (Status s = store_->AddDeliveries(deliveries); !s.ok()) return s;
      report.deliveries += static_cast<int>(deliveries.size());
    }
    if (!events->empty()) {
      from = events->back().created_at;
      from_id = events->back().id;
      newest = from;
    }
    if (events->size() < options_.fan_out_batch) break;
  }
  if (newest) {
    if (Status s = store_->AdvanceFanOutCursor(*newest); !s.ok()) return s;
  }
  return report;
}

Result<WebhookPost> WebhookDispatcher::SignedPost(const ClaimedDelivery& delivery, int64_t timestamp) {
  auto signature = Sign(delivery.secret, delivery.event_id, timestamp, delivery.body);
  if (!signature.ok()) return signature.status();
  WebhookPost post;
  post.url = delivery.url;
  post.body = delivery.body;
  post.headers = {{"Content-Type", "application/json"},
                  {"webhook-id", delivery.event_id},
                  {"webhook-timestamp", std::to_string(timestamp)},
                  {"webhook-signature", *signature}};
  return post;
}

Result<bool> WebhookDispatcher::DeliverOne() {
  const TimePoint now = now_();
  const auto lease = std::chrono::duration_cast<std::chrono::microseconds>(options_.send_timeout + options_.lease_margin);
  auto claimed = store_->ClaimDue(now, now + lease);
  if (!claimed.ok()) return claimed.status();
  if (!*claimed) return false;
  const ClaimedDelivery& d = **claimed;
  FaultPoint("webhook_claimed");  // tests: a process killed between claim and send

  AttemptResult result;
  result.log.endpoint_id = d.endpoint_id;
  result.log.event_id = d.event_id;
  result.log.event_type = d.event_type;
  result.log.attempt = d.attempt;
  result.log.attempted_at = now;
  auto post = SignedPost(d, UnixSeconds(now));
  WebhookAnswer answer;
  if (d.event_missing) {
    result.log.error = "the event is no longer stored";
    result.state = DeliveryState::kFailed;
    result.failures = d.failures + 1;
    if (Status s = store_->RecordAttempt(d, result); !s.ok()) return s;
    if (options_.on_attempt) options_.on_attempt(d, result);
    return true;
  }
  if (post.ok()) {
    const auto started = std::chrono::steady_clock::now();
    answer = sender_->Post(*post);
    result.log.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  } else {
    answer.error = "the endpoint's secret cannot sign";  // never the secret itself
  }
  if (answer.answered) result.log.http_status = answer.status;
  result.log.error = Trimmed(answer.error, 255);

  if (answer.answered && answer.status >= 200 && answer.status <= 299) {
    result.state = DeliveryState::kSucceeded;
    result.failures = 0;
  } else if (answer.answered && answer.status == 410) {
    result.state = DeliveryState::kFailed;
    result.failures = d.failures + 1;
    result.disable_endpoint = true;
    result.disabled_reason = "the receiver answered 410 Gone";
    if (result.log.error.empty()) result.log.error = "410 Gone: endpoint disabled";
  } else {
    result.failures = d.failures + 1;
    if (answer.answered && result.log.error.empty()) {
      result.log.error = answer.status >= 300 && answer.status <= 399 ? "redirect not followed" : "not a 2xx answer";
    }
    auto delay = DelayAfter(options_.schedule, result.failures);
    if (delay) {
      result.state = DeliveryState::kPending;
      result.next_at = now_() + std::chrono::duration_cast<std::chrono::microseconds>(Jitter(*delay));
      result.log.next_attempt_at = result.next_at;
    } else {
      result.state = DeliveryState::kFailed;
    }
  }
  if (Status s = store_->RecordAttempt(d, result); !s.ok()) return s;
  if (options_.on_attempt) options_.on_attempt(d, result);
  return true;
}

}  // namespace prefill::webhooks
