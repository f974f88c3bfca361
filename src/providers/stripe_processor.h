// StripeProcessor: live card payments through one Stripe account (SPEC 5.3),
// behind the PaymentProcessor interface. Prefill never sees a card number:
// credit_card_token is a PaymentMethod id (pm_...) made by Stripe.js in the
// donor's browser.
//
// Charge: POST {api_base}/v1/payment_intents, form-encoded: amount in minor
// units, lower-case currency, payment_method, confirm=true, return_url
// (this server's /payments/stripe/return/<transaction id>), metadata[session],
// metadata[transaction]; Authorization: Bearer <secret_key>; Idempotency-Key:
// <transaction id>. The answer:
//   succeeded                                 -> confirmed (reference pi_...)
//   requires_action + redirect_to_url         -> awaiting at that URL (3-D Secure)
//   402 card_error / requires_payment_method  -> error, Stripe's message as the reason
//   other 4xx (bad request, auth)             -> error (nothing was charged)
//   processing                                -> unknown (a webhook or Lookup decides)
//   429, 409, 5xx, timeout, no answer, too large, not JSON (an HTML page)
//                                             -> retried with the same
//      Idempotency-Key (Stripe replays what it recorded for it, so a retry
//      never charges twice), then unknown: the attempt stays pending. A JSON
//      answer that is not an intent is unknown too.
// Resolve (the donor's return from 3-D Secure): GET the intent and settle
// from its status; an intent still requiring action is cancelled first
// (Idempotency-Key <id>:cancel) so it can no longer succeed unrecorded.
// Lookup: the intent whose metadata[transaction] is the attempt's id, found
// with GET /v1/payment_intents/search (eventually consistent: Stripe indexes
// within about a minute, which the reconciler's 5-minute age covers; see
// docs/payments.md); none -> error (the charge never arrived); Unavailable
// when Stripe cannot be asked. Lookup never POSTs anything that could charge.
//
// Fault point (tests only): PREFILL_FAULT_POINT=stripe_after_create makes the
// process exit right after Stripe answered the create, before the outcome
// is recorded (common/fault_point.h).
//
// Thread-safe: no mutable state; the account outlives the processor.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "payments/payment_processor.h"
#include "providers/processor_accounts.h"
#include "providers/provider_http.h"

namespace prefill {

struct StripeOptions {
  int max_attempts = 3;                          // calls per Charge/Resolve, same key
  std::chrono::milliseconds retry_pause{200};    // doubled after each attempt
};

// Where the donor comes back after 3-D Secure: this path + transaction id.
inline constexpr char kStripeReturnPath[] = "/payments/stripe/return/";

// The amount in the currency's minor units as Stripe counts them (zero-decimal
// currencies such as JPY in whole units, three-decimal ones such as KWD in
// thousandths); nullopt when `amount` cannot be expressed exactly in them.
std::optional<long long> StripeMinorUnits(const std::string& amount, const std::string& currency);

// What Stripe's answer about one PaymentIntent (JSON) means for the attempt.
PaymentOutcome StripeIntentOutcome(const std::string& intent_json);

class StripeProcessor : public PaymentProcessor {
 public:
  StripeProcessor(const ProcessorAccount& account, const ProviderHttp& http,
                  std::function<std::string()> public_base_url, StripeOptions options = StripeOptions());

  PaymentOutcome Charge(const PaymentRequest& request) override;
  PaymentOutcome Resolve(const Transaction& awaiting, bool approved) override;
  Result<PaymentOutcome> Lookup(const PaymentRequest& attempt) override;

 private:
  // Sends with the account's key; retries what may be retried (see above).
  // nullopt when no usable answer came in any attempt.
  std::optional<ProviderResponse> Call(ProviderRequest request) const;
  PaymentOutcome Retrieve(const std::string& intent_id) const;

  const ProcessorAccount& account_;
  const ProviderHttp& http_;
  std::function<std::string()> public_base_url_;
  StripeOptions options_;
};

}  // namespace prefill
