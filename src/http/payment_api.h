// The payment endpoint of the form API (FundraisingBox Payment-API compatible,
// SPEC sections 3 and 5) and the sandbox PayPal approval page:
//
//   POST /app/payment
//     session mode:  hash, fbSessionHash, ip, optional success_redirect_url,
//                    failure_redirect_url (extra payment[...] values are ignored)
//     one-step mode: hash, payment[...], ip (no fbSessionHash): a new session is
//                    created from the values and paid at once if complete
//   -> 200 {"status":"success","payment_status":"confirmed"|"awaiting"|"error",
//           "transaction":{Transaction}|null,"redirect_url":string|null,
//           "session_hash":string|null,"errors":{Errors}}
//   Numbered errors: those of ResolveFormRequest (103-108), 110 without a valid
//   ip, 201 for an incomplete session (session mode; one-step mode answers
//   payment_status "error" with the field errors, since the client has no
//   session to correct otherwise), 202/203/206/207 by session state, 205 for
//   one-step mode without values, 900 when storage is down.
//   Redirect URLs must be URLs of an origin the form allows, of the shape
//   forms/redirect_target.h describes (absolute http(s), a host, no
//   credentials, no CR/LF, spaces or controls); anything else is error 111
//   (400) with a `reason` naming the parameter, before anything is touched.
//
//   GET  /sandbox/paypal/:transaction_id           the approval page (HTML)
//   POST /sandbox/paypal/:transaction_id/approve   -> 303 to success_redirect_url,
//   POST /sandbox/paypal/:transaction_id/cancel    -> 303 to failure_redirect_url,
//        or an HTML result page when none was given (see sandbox_approval.h).
//
// The Transaction JSON never carries a full IBAN, a card token or card data:
// see WriteTransactionJson. docs/payments.md describes every member.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "forms/form_registry.h"
#include "http/json_writer.h"
#include "http/router.h"
#include "payments/payment_service.h"
#include "payments/payment_throttle.h"
#include "payments/transaction.h"

namespace prefill {

struct PaymentApiOptions {
  // The absolute base URL (no trailing slash) that processor paths such as
  // the sandbox approval page are made absolute with; asked per request.
  std::function<std::string()> public_base_url;
  // Told the payment_status of every answered payment ("confirmed",
  // "awaiting", "error"), e.g. for metrics. Optional.
  std::function<void(const std::string&)> on_payment;
  // The card-testing defence (payment_throttle.h); null: no caps.
  PaymentThrottle* throttle = nullptr;
};

// The card-testing defence around one payment call, shared with the hosted page:
// error 109 (429, Retry-After) when a cap holds for `session` or `client`...
std::optional<HttpResponse> RefuseThrottled(PaymentThrottle* throttle, const std::string& session,
                                            const std::string& client);
// ...and, after the call, a failed attempt counted against both.
void CountFailedAttempt(PaymentThrottle* throttle, const Result<PaymentResult>& result, const std::string& session,
                        const std::string& client);

// {id, amount, currency, payment_method, interval, status, is_test, masked_iban,
//  provider_reference, failure_reason, instructions, created_at, updated_at},
// and sessionId (the session's hash) when `with_session_id` (webhook events,
// SPEC 7.2).
void WriteTransactionJson(JsonWriter& w, const Transaction& transaction, bool with_session_id = false);

// "confirmed", "awaiting" or "error" (an incomplete session is an error).
const char* PaymentStatusName(PaymentResult::Kind kind);

// The 200 answer of a payment: {"status":"success","payment_status",
// "transaction","redirect_url","session_hash","errors"}. Shared by
// /app/payment and the hosted page's payment endpoint.
HttpResponse PaymentAnswer(const PaymentResult& result, const std::string& redirect_url, const Form& form);

// Whether `url` has the shape of a redirect URL (forms/redirect_target.h
// RedirectUrlProblem). The origin is checked where the URL is taken from a
// client (RedirectTargetProblem); this is for URLs already checked or built by
// Prefill itself.
bool IsAcceptableRedirectUrl(const std::string& url);

// Whether `ip` is an IPv4 or IPv6 address in text form.
bool IsIpAddress(const std::string& ip);

// Registers /app/payment and the sandbox approval routes. `forms` and
// `payments` must outlive the router.
void RegisterPaymentRoutes(Router& router, const FormRegistry& forms, PaymentService& payments,
                           PaymentApiOptions options);

}  // namespace prefill
