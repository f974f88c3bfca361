// Webhook endpoints and which events they receive (SPEC 7.2).
//
// An endpoint is a URL, an event filter (a list of event types, or "*" for
// every type) and an optional form id (then only that form's events). It
// receives only events created at or after its own creation. Matching is this
// one function, Wants(); the fan-out of the delivery worker applies it.
// Sandbox and live events go to the same endpoints; the body tells them apart
// (`data.sandbox`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "session/session.h"

namespace prefill::webhooks {

// Every event type Prefill emits, in SPEC order.
const std::vector<std::string>& EventTypes();
bool IsEventType(std::string_view type);

// The events an endpoint subscribes to: every type, or the listed ones.
struct EventFilter {
  bool all = false;
  std::vector<std::string> types;  // when !all: known types, unique, in SPEC order

  bool Matches(std::string_view type) const;
};

// "*" or "a,b" (spaces around names ignored, repeats folded). InvalidArgument
// naming the first unknown type, or for an empty list.
Result<EventFilter> ParseEventFilter(std::string_view text);
// From a list (REST: ["a","b"] or ["*"]); the same rules.
Result<EventFilter> EventFilterFrom(const std::vector<std::string>& names);
// "*" or "a,b": the stored and printed form.
std::string FormatEventFilter(const EventFilter& filter);

struct Endpoint {
  std::string id;   // "we_" + 24 base64url characters
  std::string url;  // as given, checked by CheckWebhookUrl
  EventFilter events;
  std::string form_id;  // empty: every form
  bool enabled = true;
  std::string disabled_reason;  // e.g. "the receiver answered 410 Gone"
  TimePoint created_at{};
};

// The facts of an outbox event the fan-out matches on (the body stays in storage).
struct EventHead {
  std::string id;  // "evt_..."; also the webhook-id of every delivery
  std::string type;
  std::string form_id;
  bool sandbox = false;
  TimePoint created_at{};
};

// Whether `endpoint` receives `event`: enabled, created no later than the
// event, the type in its filter, and its form (if any) the event's.
bool Wants(const Endpoint& endpoint, const EventHead& event);

std::string NewEndpointId();

}  // namespace prefill::webhooks
