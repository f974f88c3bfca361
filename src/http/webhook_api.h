// The REST resources of webhook endpoints (SPEC 7.2), behind the REST API's
// keys, the scope webhooks:write and Idempotency-Key (rest_api.h):
//
//   POST   /v1/webhook-endpoints                 create; the answer (only it) carries the secret
//   GET    /v1/webhook-endpoints                 list, oldest first
//   DELETE /v1/webhook-endpoints/:id             remove with its deliveries
//   GET    /v1/webhook-endpoints/:id/deliveries  its attempts, newest first (?pageSize=1..100, default 25)
//
// Only translation: the rules are webhooks::WebhookEndpoints'. Error codes
// (400 unless noted): webhook_endpoint/invalid_url, webhook_endpoint/insecure_url,
// webhook_endpoint/credentials_in_url, webhook_endpoint/private_address,
// webhook_endpoint/invalid_events, webhook_endpoint/form_not_found, and
// not_found (404). Wire format: docs/webhooks.md, docs/rest-api.md.
#pragma once

#include "http/rest_api.h"
#include "webhooks/webhook_endpoints.h"

namespace prefill {

void RegisterWebhookApiRoutes(Router& router, const RestApiContext& rest, webhooks::WebhookEndpoints* endpoints);

}  // namespace prefill
