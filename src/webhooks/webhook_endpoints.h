// WebhookEndpoints: creating, listing and removing endpoints and reading their
// delivery log (SPEC 7.2), shared by `prefill webhooks ...` and
// /v1/webhook-endpoints so both apply the same rules.
//
// Create checks, in this order: the URL (webhook_url.h, with the server's
// allow_private), the event filter, the form (when given, it must be loaded).
// A refusal is a typed EndpointRefusal (the dialect picks its wire code); a
// storage failure is a Status. The secret is generated here and returned in
// CreatedEndpoint only: it is stored to sign with and never shown again.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/status.h"
#include "webhooks/webhook_store.h"
#include "webhooks/webhook_url.h"

namespace prefill::webhooks {

struct EndpointRequest {
  std::string url;
  std::vector<std::string> events;  // type names or "*"
  std::string form_id;              // optional
};

struct CreatedEndpoint {
  Endpoint endpoint;
  std::string secret;  // "whsec_..."; give it to the caller, once
};

enum class EndpointProblem { kInvalidUrl, kInsecureUrl, kCredentialsInUrl, kPrivateAddress, kInvalidEvents, kFormNotFound };

struct EndpointRefusal {
  EndpointProblem problem;
  std::string reason;
};

using CreateOutcome = std::variant<CreatedEndpoint, EndpointRefusal, Status>;

class WebhookEndpoints {
 public:
  // `form_exists` answers whether a form id is loaded.
  WebhookEndpoints(WebhookStore* store, std::function<bool(const std::string&)> form_exists, bool allow_private,
                   NowFunction now = SystemNow);

  CreateOutcome Create(const EndpointRequest& request);
  Result<std::vector<Endpoint>> List() { return store_->ListEndpoints(); }
  Status Delete(const std::string& id) { return store_->DeleteEndpoint(id); }
  // NotFound for an unknown endpoint; else its newest `limit` attempts.
  Result<std::vector<Attempt>> Deliveries(const std::string& endpoint_id, size_t limit);
  // `prefill webhooks retry EVENT_ID`: sends the event again to every enabled
  // endpoint that had it (same webhook-id); returns how many deliveries.
  Result<int> Retry(const std::string& event_id) { return store_->RetryEvent(event_id, now_()); }

 private:
  WebhookStore* store_;
  std::function<bool(const std::string&)> form_exists_;
  const bool allow_private_;
  NowFunction now_;
};

}  // namespace prefill::webhooks
