// The REST API (SPEC section 7): donation sessions as resources for
// server-to-server use, authenticated by secret API keys.
//
//   POST  /v1/donation-sessions               create           (sessions:write)
//   GET   /v1/donation-sessions               list, paginated  (sessions:read)
//   GET   /v1/donation-sessions/:id           retrieve         (sessions:read)
//   PATCH /v1/donation-sessions/:id           values, metadata (sessions:write)
//   POST  /v1/donation-sessions/:id/process   lock, extend     (sessions:write)
//   POST  /v1/donation-sessions/:id/confirm   complete         (sessions:write)
//   POST  /v1/donation-sessions/:id/expire    end now          (sessions:write)
//   POST  /v1/donation-sessions/:id/choose-campaign  (interactive commerce;
//                                              sessions:write or its session secret)
//   PUT   /v1/donation-sessions/:id/allocations      (portion_of_sales; sessions:write)
//   GET   /v1/donations                       donation intents (sessions:read)
//
// Every request needs "Authorization: Bearer <key>" (401 without a valid key,
// 403 without the scope). A session secret (rest/session_secret.h) instead of
// a key is good for GET /v1/donation-sessions/:id (without metadata) and
// choose-campaign of its own session only; 403 forbidden everywhere else,
// including every route added with AddGuardedRestRoute. Every POST honours Idempotency-Key (rest/idempotency.h).
// Bodies are JSON objects, decoded by rest/rest_bodies.h (unknown members are
// refused). A session's `id` is its fbSessionHash: a session made here is the
// same session the form API reads with that hash, and the other way round (one
// session core). This file only translates: decode the body, call the rules
// (rest/rest_sessions.h, the session core), render the answer.
// Wire format: http/rest_wire.h; decisions: docs/rest-api.md.
#pragma once

#include <functional>
#include <string>

#include "forms/form_registry.h"
#include "http/router.h"
#include "rest/api_key_store.h"
#include "rest/commerce_sessions.h"
#include "rest/idempotency.h"
#include "rest/rest_sessions.h"
#include "rest/session_attributes.h"
#include "rest/session_query.h"
#include "session/session_lifecycle.h"
#include "session/session_service.h"

namespace prefill {

// Everything the REST API works with; all must outlive the router.
struct RestApiContext {
  const FormRegistry* forms = nullptr;
  RestSessions* sessions = nullptr;  // the business rules (rest/rest_sessions.h)
  CommerceSessions* commerce = nullptr;  // required: commerce types and every confirm (rest/commerce_sessions.h)
  SessionQuery* query = nullptr;
  ApiKeyStore* keys = nullptr;
  Idempotency* idempotency = nullptr;
  // The base URL of links (hosted page, pagination), no trailing slash. Called
  // per request: an App listening on port 0 knows it only once it listens.
  std::function<std::string()> base_url;
  NowFunction now = SystemNow;  // the clock of listings (effective state)
};

void RegisterRestApiRoutes(Router& router, const RestApiContext& context);

// Adds one more /v1 route behind the same key, scope and Idempotency-Key
// handling (for REST resources of other areas: http/sepa_api.h).
using RestHandler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;
void AddGuardedRestRoute(Router& router, const RestApiContext& context, const char* method, const std::string& pattern,
                         Scope scope, RestHandler handler);

}  // namespace prefill
