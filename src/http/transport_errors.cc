#include "http/transport_errors.h"

#include "http/form_api_wire.h"
#include "http/rest_wire.h"
#include "http/router.h"

namespace prefill {

bool IsRestPath(const std::string& path) { return path == "/v1" || path.rfind("/v1/", 0) == 0; }

HttpResponse DialectTransportError(const HttpRequest& request, TransportError error) {
  if (IsRestPath(request.path)) {
    switch (error) {
      case TransportError::kNotFound:
        return RestError(404, "not_found", "No such resource.", {"see docs/openapi.yaml for the routes"});
      case TransportError::kMethodNotAllowed:
        return RestError(405, "method_not_allowed", "This resource does not support this method.",
                         {"method " + request.method + " is not allowed here"});
      case TransportError::kTooLarge:
        return RestError(413, "request_too_large", "The request is too large.");
      case TransportError::kTooManyRequests: {
        HttpResponse limited = RestError(429, "rate_limited", "Too many requests, try again later.");
        limited.SetHeader("Retry-After", "1");
        return limited;
      }
      case TransportError::kInternal:
        return RestError(500, "internal_error", "An internal error occurred.");
      case TransportError::kUnavailable:
        return RestError(503, "service_unavailable", "The service is temporarily unavailable, try again.");
    }
  }
  switch (error) {
    case TransportError::kNotFound: return JsonError(404, "not found: " + request.path);
    case TransportError::kMethodNotAllowed: return JsonError(405, "method not allowed: " + request.method);
    case TransportError::kTooLarge: return NumberedError(107);
    case TransportError::kTooManyRequests: return NumberedError(109);
    case TransportError::kInternal: return NumberedError(101);
    case TransportError::kUnavailable: return NumberedError(900);
  }
  return NumberedError(101);
}

}  // namespace prefill
