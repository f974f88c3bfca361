// PaypalProcessor: live PayPal payments through one PayPal account, Orders v2
// (SPEC 5.3), behind the PaymentProcessor interface.
//
//   token:   POST {api_base}/v1/oauth2/token (client credentials, Basic
//            auth), cached until a minute before it expires; a 401 on a call
//            drops it and the call is made once more with a fresh one.
//   Charge:  POST /v2/checkout/orders {intent CAPTURE, purchase_units[0]
//            {custom_id: transaction id, amount {currency_code, value}},
//            payment_source.paypal.experience_context {return_url, cancel_url}}
//            with PayPal-Request-Id: <transaction id> -> awaiting at the
//            payer-action (or approve) link. Creating an order moves no money.
//   Resolve: approved (the donor's return): POST /v2/checkout/orders/:id/capture
//            with PayPal-Request-Id: <transaction id>:capture (PayPal replays a
//            capture for the same id, so a repeated call captures once);
//            COMPLETED -> confirmed; DECLINED/FAILED or 422 INSTRUMENT_DECLINED
//            -> error; ORDER_ALREADY_CAPTURED -> the order's state; PENDING or
//            no answer -> unknown (a webhook or the reconciler decides).
//            Not approved (cancel): error "cancelled by donor", no call (an
//            uncaptured order lapses at PayPal).
//   Lookup:  the create is sent again with the same PayPal-Request-Id (PayPal
//            answers with the order it made for that id, or makes one: either
//            way no money moves), then GET /v2/checkout/orders/:id:
//            COMPLETED -> confirmed; VOIDED -> error; otherwise awaiting
//            (the reconciler cancels it: the donor never saw the link).
//   VerifyWebhook: POST /v1/notifications/verify-webhook-signature with the
//            PAYPAL-* transmission headers, the account's webhook_id and the
//            event; accepted only on verification_status SUCCESS.
// Calls that get no usable answer (5xx, 429, timeout, HTML, garbage, too
// large) are retried with the same request id, then unknown / Unavailable.
//
// Thread-safe: the token cache is guarded by a mutex.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "payments/payment_processor.h"
#include "providers/processor_accounts.h"
#include "providers/provider_http.h"

namespace prefill {

struct PaypalOptions {
  int max_attempts = 3;
  std::chrono::milliseconds retry_pause{200};
};

// Where PayPal sends the donor back: these paths + transaction id.
inline constexpr char kPaypalReturnPath[] = "/payments/paypal/return/";
inline constexpr char kPaypalCancelPath[] = "/payments/paypal/cancel/";

// PayPal's amount value for a canonical amount ("12.50"; whole units for
// HUF, JPY, TWD); nullopt when it cannot be expressed.
std::optional<std::string> PaypalAmountValue(const std::string& amount, const std::string& currency);

class PaypalProcessor : public PaymentProcessor {
 public:
  PaypalProcessor(const ProcessorAccount& account, const ProviderHttp& http,
                  std::function<std::string()> public_base_url, PaypalOptions options = PaypalOptions());

  PaymentOutcome Charge(const PaymentRequest& request) override;
  PaymentOutcome Resolve(const Transaction& awaiting, bool approved) override;
  Result<PaymentOutcome> Lookup(const PaymentRequest& attempt) override;

  // OK when PayPal confirms the event `body` was sent to this account's
  // webhook; Forbidden when it does not (or no webhook_id is configured);
  // Unavailable when PayPal cannot be asked. `headers` lower-cased.
  Status VerifyWebhook(const std::multimap<std::string, std::string>& headers, const std::string& body);

 private:
  std::optional<ProviderResponse> Call(ProviderRequest request, const std::string& request_id);
  std::optional<std::string> Token(const std::string& request_id, bool fresh);
  std::optional<ProviderResponse> CreateOrder(const PaymentRequest& request, const std::string& value);
  PaymentOutcome OrderOutcome(const std::string& order_json) const;
  PaymentOutcome GetOrder(const std::string& order_id, const std::string& request_id);

  const ProcessorAccount& account_;
  const ProviderHttp& http_;
  std::function<std::string()> public_base_url_;
  PaypalOptions options_;
  std::mutex token_mu_;
  std::string token_;
  std::chrono::steady_clock::time_point token_expires_{};
};

}  // namespace prefill
