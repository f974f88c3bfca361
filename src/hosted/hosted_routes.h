// The hosted donation form (SPEC section 6) and its same-origin endpoints:
//
//   GET  /form/<form hash>[?fbSessionHash=h]   the form page (HTML), filled from the session
//   POST /form/<form hash>[?fbSessionHash=h]   the page without JavaScript: saves the
//                                              posted payment[...] values, pays when the
//                                              session is complete, and shows the page again
//                                              (errors beside fields, thank-you, or a 303 to
//                                              the approval page)
//   GET  /form/<form hash>/data[?fbSessionHash=h]  the page's data as JSON (prefill.js, shops)
//   POST /form/<form hash>/session             updateSession (createSession without
//                                              fbSessionHash); answers as /app/updateSession;
//                                              with neither fbSessionHash nor values: the
//                                              errors of an empty session, hash "", nothing
//                                              stored (an empty first submit)
//   POST /form/<form hash>/payment             /app/payment for fbSessionHash, with `ip`
//                                              taken from the connection
//   GET  /static/prefill.js, /static/prefill.css
//
// Why own endpoints instead of /app/...: the hosted page must work for forms with
// api_enabled false (SPEC section 1), and a browser cannot know the donor's IP
// that /app/payment requires (error 110) - the server fills it from the TCP peer
// here, while /app/payment keeps refusing API calls without `ip`.
//
// Every page and endpoint takes `lang` (?lang=de, ?lang=en-GB): the page's
// language when the page has texts for it (PageLanguage), else the form's;
// validator messages of the session endpoint follow it too.
//
// Locked (_fix) values are read-only on the page and refused by the session core
// (Authority::kForm) whatever a tampered request sends.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "forms/form_registry.h"
#include "http/http_message.h"
#include "http/router.h"
#include "payments/transaction.h"
#include "payments/payment_service.h"
#include "session/session_service.h"

namespace prefill {

// A payment made from the page: what PaymentService answered, and the approval
// page to send the donor to (absolute; kAwaiting only, else empty).
struct HostedPayment {
  PaymentResult result;
  std::string redirect_url;
  // Set when the payment throttle refused before any attempt (error 109 with
  // its Retry-After, payment_api.h RefuseThrottled); `result` is then unused.
  std::optional<HttpResponse> throttled;
};

// What the page asks to pay: the session `session_hash` of `form`, opened on the
// page of `form_hash`, for the donor at `donor_ip`, the page shown with `lang`
// (the raw ?lang= value, empty when none) so that a donor back from an approval
// page (PayPal, 3-D Secure) sees the thank-you state in the same language.
struct HostedPayRequest {
  const Form& form;
  std::string form_hash;
  std::string session_hash;
  std::string donor_ip;
  std::string lang;
  bool sandbox;  // form_hash is the form's sandbox hash: only sandbox sessions are paid through it
};

// A non-OK Status is the session's refusal (NotFound, Locked, Processed,
// Expired, Unavailable) as PaymentService gives it. hosted_payment.h makes the
// real one.
using HostedPayFunction = std::function<Result<HostedPayment>(const HostedPayRequest& request)>;

// The confirmed payment of the session `session_hash`, if there is one (for
// what the thank-you state shows); hosted_payment.h makes the real one.
using HostedPaymentLookup = std::function<std::optional<Transaction>(const std::string& session_hash)>;

struct HostedRoutesOptions {
  HostedPayFunction pay;  // null: payments answer error 101
  HostedPaymentLookup confirmed_payment;  // null: the thank-you state shows the session's values only
  // The demo charity shop (GET /sandbox/shop) on this form hash (a sandbox
  // hash); empty: no demo shop.
  std::string demo_shop_form_hash = "demo_sandbox_hash_0001";
  // The Stripe publishable key for a form's live card payments ("" when its
  // cards do not go to Stripe); null: none.
  std::function<std::string(const Form&)> stripe_publishable_key;
};

// `forms`, `sessions` and what `options.pay` uses must outlive the router.
void RegisterHostedRoutes(Router& router, const FormRegistry& forms, SessionService& sessions,
                          HostedRoutesOptions options);

}  // namespace prefill
