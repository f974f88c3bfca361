// Stripe webhooks (SPEC 5.3): the Stripe-Signature check and the events that
// settle a card payment. Pure: no I/O; the HTTP route is
// http/provider_routes.h, the settling PaymentService's.
//
// Stripe-Signature: "t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]". The
// payload is accepted when some v1 equals HMAC-SHA256("<t>.<raw body>") keyed
// with the account's webhook_secret (compared in constant time) and t is
// within `tolerance` of now, either way (a stale or replayed-late event is
// refused). Unknown schemes (v0) are ignored. A replay within the tolerance
// passes the check; it is harmless because settling is a compare-and-set on
// the attempt's status (a second identical event changes nothing).
#pragma once

#include <chrono>
#include <string>

#include "common/status.h"
#include "payments/payment_processor.h"
#include "providers/processor_accounts.h"

namespace prefill {

inline constexpr std::chrono::seconds kStripeSignatureTolerance{300};

// The v1 signature of `payload` at `timestamp`: hex HMAC-SHA256 of "t.payload".
std::string StripeSignature(const std::string& payload, const Secret& secret, long long timestamp);

// OK, or Forbidden naming what is wrong (never the secret or a signature).
Status VerifyStripeSignature(const std::string& header, const std::string& payload, const Secret& secret,
                             long long now_unix, std::chrono::seconds tolerance = kStripeSignatureTolerance);

// A Stripe event that settles an attempt.
struct StripeEvent {
  std::string id;              // evt_...
  std::string type;            // payment_intent.succeeded | payment_intent.payment_failed
  std::string intent_id;       // pi_...
  std::string transaction_id;  // the intent's metadata[transaction]
  PaymentOutcome outcome;      // confirmed or error, as the event says
};

// NotFound for a well-formed event of another type (acknowledged, ignored);
// InvalidArgument for a payload that is not a payment-intent event.
Result<StripeEvent> ParseStripeEvent(const std::string& payload);

}  // namespace prefill
