#include "webhooks/webhook_endpoints.h"

#include "webhooks/webhook_signature.h"

namespace prefill::webhooks {

WebhookEndpoints::WebhookEndpoints(WebhookStore* store, std::function<bool(const std::string&)> form_exists,
                                   bool allow_private, NowFunction now)
    : store_(store), form_exists_(std::move(form_exists)), allow_private_(allow_private), now_(std::move(now)) {}

CreateOutcome WebhookEndpoints::Create(const EndpointRequest& request) {
  const UrlVerdict url = CheckWebhookUrl(request.url, allow_private_);
  switch (url.problem) {
    case UrlProblem::kNone: break;
    case UrlProblem::kNotAUrl: return EndpointRefusal{EndpointProblem::kInvalidUrl, url.reason};
    case UrlProblem::kInsecure: return EndpointRefusal{EndpointProblem::kInsecureUrl, url.reason};
    case UrlProblem::kCredentials: return EndpointRefusal{EndpointProblem::kCredentialsInUrl, url.reason};
    case UrlProblem::kPrivateAddress: return EndpointRefusal{EndpointProblem::kPrivateAddress, url.reason};
  }
  auto events = EventFilterFrom(request.events);
  if (!events.ok()) return EndpointRefusal{EndpointProblem::kInvalidEvents, events.status().message()};
  if (!request.form_id.empty() && !(form_exists_ && form_exists_(request.form_id))) {
    return EndpointRefusal{EndpointProblem::kFormNotFound, "no form has the id \"" + request.form_id.substr(0, 191) + "\""};
  }
  CreatedEndpoint created;
  created.endpoint.id = NewEndpointId();
  created.endpoint.url = request.url;
  created.endpoint.events = *events;
  created.endpoint.form_id = request.form_id;
  created.endpoint.created_at = now_();
  created.secret = GenerateSecret();
  if (Status s = store_->InsertEndpoint(created.endpoint, created.secret); !s.ok()) return s;
  return created;
}

Result<std::vector<Attempt>> WebhookEndpoints::Deliveries(const std::string& endpoint_id, size_t limit) {
  auto endpoint = store_->FindEndpoint(endpoint_id);
  if (!endpoint.ok()) return endpoint.status();
  return store_->ListAttempts(endpoint_id, limit);
}

}  // namespace prefill::webhooks
