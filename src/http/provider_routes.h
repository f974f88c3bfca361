// The routes live payment providers and donors returning from them call
// (SPEC 5.3). A dialect: it only translates between HTTP and
// PaymentService / the live processors.
//
//   POST /webhooks/stripe/:account   Stripe events; accepted only with a valid
//        Stripe-Signature (providers/stripe_webhook.h) for that account's
//        webhook_secret. payment_intent.succeeded / payment_failed settle the
//        attempt named by the intent's metadata[transaction] if it is a live
//        card payment of a form routed to that account with that intent.
//        -> 200 {"received":true,...} (also for events it ignores: other
//        types, unknown payments, payments decided before, so Stripe stops
//        resending); 400 bad signature or payload; 404 unknown account;
//        503 storage down (Stripe retries).
//   POST /webhooks/paypal/:account   PayPal events, accepted only after
//        PayPal's verify-webhook-signature says SUCCESS; PAYMENT.CAPTURE.COMPLETED
//        / DENIED settle the attempt of resource.custom_id. Same answers.
//   GET  /payments/stripe/return/:transaction_id   the donor back from 3-D
//        Secure: settles the awaiting attempt from the intent (once).
//   GET  /payments/paypal/return/:transaction_id   the donor approved at PayPal:
//        captures (once, however often and concurrently it is visited).
//   GET  /payments/paypal/cancel/:transaction_id   the donor cancelled: the
//        session is open again.
//   A return whose payment_intent / token names another payment than the
//   transaction's is refused (400) and changes nothing. Returns answer 303 to
//   the transaction's success or failure URL, or a result page (HTML, escaped,
//   no-store, not framable).
//
// Every route runs on the worker pool (it may call a provider). Provider
// payloads are never logged (they carry donor data).
#pragma once

#include <functional>

#include "http/router.h"
#include "payments/payment_service.h"
#include "providers/live_processors.h"

namespace prefill {

struct ProviderRoutesOptions {
  std::function<long long()> now_unix;  // for Stripe-Signature's tolerance; default: the system clock
};

// `payments` and `live` must outlive the router; `live` may be null (no
// accounts: every webhook is 404, returns are 404).
void RegisterProviderRoutes(Router& router, PaymentService& payments, const LiveProcessors* live,
                            ProviderRoutesOptions options = ProviderRoutesOptions());

}  // namespace prefill
