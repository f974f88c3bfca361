// Payment for the hosted page: what POST /form/<hash>/payment runs
// (see hosted_routes.h for why the page does not call /app/payment itself).
//
// MakeHostedPayFunction pays through the PaymentService like /app/payment in
// session mode and hands back the typed PaymentResult (the page's JSON endpoint
// answers it as /app/payment does: HostedPaymentAnswer), with three
// differences that come from where the call is made:
//   - the donor's IP is the connection's, never a request parameter;
//   - the success and failure redirect URLs of an approval page (PayPal) lead
//     back to the hosted page of the session, which then shows the thank-you
//     state or the form again;
//   - the form's api_enabled is not consulted: the hosted page works without it.
#pragma once

#include <functional>
#include <string>

#include "hosted/hosted_routes.h"
#include "payments/payment_service.h"
#include "payments/payment_throttle.h"

namespace prefill {

// `public_base_url` gives the absolute base ("http://host:port", no trailing
// slash), asked per call; `on_payment` (optional) is told the payment_status of
// every payment, as /app/payment tells its own. `payments` must outlive the function.
HostedPayFunction MakeHostedPayFunction(PaymentService& payments, std::function<std::string()> public_base_url,
                                        std::function<void(const std::string&)> on_payment = nullptr,
                                        PaymentThrottle* throttle = nullptr);

// The latest confirmed transaction of a session, for the thank-you state
// (none when there is none or storage fails: the page then shows less).
HostedPaymentLookup MakeConfirmedPaymentLookup(PaymentService& payments);

// The JSON answer of POST /form/<hash>/payment for `paid`: a numbered error for
// a refusal (201 for an incomplete session, 202-207/900 by state), otherwise
// /app/payment's {"status":"success","payment_status",...}.
HttpResponse HostedPaymentAnswer(const Result<HostedPayment>& paid, const Form& form);

}  // namespace prefill
