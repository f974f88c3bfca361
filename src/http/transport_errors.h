// Transport-level errors in the dialect of the route they belong to
// (HttpServerOptions::transport_error, http_server.h).
//
// A path under /v1 belongs to the REST API and gets its error object
// ({"error":{"code","title","message","reasons":[]}}, rest_wire.h):
//   404 not_found, 405 method_not_allowed, 413 request_too_large,
//   429 rate_limited (Retry-After: 1), 500 internal_error,
//   503 service_unavailable (Retry-After: 1).
// Every other path keeps the form API's answers: numbered errors 107 (413),
// 109 (429), 101 (500), 900 (503), and {"status":"error","error":"not found:
// <path>"} / "method not allowed: <method>" for 404 / 405, as before.
// Stateless; thread-safe.
#pragma once

#include "http/http_message.h"
#include "http/http_server.h"

namespace prefill {

// Whether `path` belongs to the REST API (/v1 or below).
bool IsRestPath(const std::string& path);

HttpResponse DialectTransportError(const HttpRequest& request, TransportError error);

}  // namespace prefill
