// ProviderHttp: the one way Prefill talks to a payment provider's API (Stripe,
// PayPal), on libcurl. Owned by the providers module (src/providers); used by
// the processors only.
//
// What every call holds to, whatever the caller asks (SPEC section 5.1):
//   - TLS peer and host verification always on (curl's defaults, never
//     switched off); plain http is refused unless the host is the loopback
//     (tests point api_base at a local fake server);
//   - a connect timeout and a total timeout; redirects are never followed
//     (a 3xx is an answer like any other, and an unexpected one);
//   - the response body is bounded (ProviderHttpOptions::max_response_bytes):
//     a larger answer is cut and reported as kTooLarge, which callers treat as
//     "outcome unknown", never as success or decline;
//   - a call that may move money carries the provider's idempotency header
//     (Stripe Idempotency-Key, PayPal PayPal-Request-Id) with the transaction
//     id: Send refuses a POST without one, so a retry can never charge twice.
// The classification of an answer (answered / transport failure / timeout /
// too large) is done here once; what a status code means is the processor's.
//
// Blocking: a call takes up to the total timeout. Processors are called from
// the worker pool (payment routes are Execution::kBlocking) and from the
// reconciliation job, never from a Pistache I/O thread.
//
// Secrets: request headers (Authorization) are never logged or kept; the
// client logs nothing at all. Thread-safe: every Send uses its own curl handle.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace prefill {

struct ProviderRequest {
  std::string method = "GET";  // GET or POST
  std::string url;             // absolute: the account's api_base + path
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Authorization, Content-Type
  std::string body;
  // Required for POST: the header name (Idempotency-Key, PayPal-Request-Id)
  // and its value (the transaction id, or a key derived from it).
  std::string idempotency_header;
  std::string idempotency_key;
};

struct ProviderResponse {
  enum class Outcome {
    kAnswered,   // a complete HTTP answer within the limits: see status and body
    kTransport,  // no answer: connection refused, reset, TLS failure, malformed HTTP
    kTimeout,    // the connect or total timeout passed
    kTooLarge,   // the body passed max_response_bytes; cut
  };
  Outcome outcome = Outcome::kTransport;
  int status = 0;  // HTTP status when kAnswered
  std::string body;
  std::string content_type;  // lower-cased, parameters kept
  std::string error;         // what went wrong, for logs; never holds a secret

  bool answered() const { return outcome == Outcome::kAnswered; }
  // Whether the answer's Content-Type is JSON.
  bool is_json() const;
};

struct ProviderHttpOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{20000};
  size_t max_response_bytes = 1024 * 1024;
};

class ProviderHttp {
 public:
  explicit ProviderHttp(ProviderHttpOptions options = ProviderHttpOptions());

  // InvalidArgument for a request this client refuses to send (a POST without
  // an idempotency key, a URL that is neither https nor loopback http, a
  // method other than GET/POST); otherwise the classified answer.
  Result<ProviderResponse> Send(const ProviderRequest& request) const;

  const ProviderHttpOptions& options() const { return options_; }

 private:
  ProviderHttpOptions options_;
};

// Decides, for each address curl is about to open a socket to (after name
// resolution, before connecting), whether it may: the webhook sender's SSRF
// check (webhooks/webhook_url.h). A refused address fails the call as
// kTransport with error "address refused"; curl tries the name's other addresses.
using AddressGuard = std::function<bool(const sockaddr* address, size_t length)>;

// The transfer itself, without ProviderHttp's request policy (idempotency key,
// loopback-only http): GET or POST of `request` under `options` (timeouts, no
// redirects, bounded body, TLS verification), every address checked by `guard`
// when set, no proxy when a guard is set (the guard must see the real peer).
// kTooLarge keeps the status when the headers had arrived. Used by
// ProviderHttp::Send and the webhook sender.
Result<ProviderResponse> PerformHttp(const ProviderRequest& request, const ProviderHttpOptions& options,
                                     const AddressGuard& guard = nullptr);

// Whether `url` may be called: https://, or http:// to 127.0.0.1, [::1] or
// localhost (a local fake provider in tests). Also used to check api_base.
bool IsAllowedProviderUrl(const std::string& url);

// application/x-www-form-urlencoded encoding of one key or value (RFC 3986
// unreserved characters kept, everything else %XX), as Stripe's API expects.
std::string FormEncode(const std::string& text);

// key=value&... of `pairs`, each side FormEncode'd, in the given order.
std::string FormBody(const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace prefill
