// The sandbox PayPal approval page: what a donor sees at the provider while a
// sandbox PayPal payment is awaiting approval (SPEC section 5).
//
//   GET  /sandbox/paypal/:id          the payment (amount, currency, reference)
//                                     with Approve and Cancel buttons; for a
//                                     payment already decided, its result
//   POST /sandbox/paypal/:id/approve  PaymentService::ResolveAwaiting(id, true)
//   POST /sandbox/paypal/:id/cancel   PaymentService::ResolveAwaiting(id, false)
//     -> 303 to the transaction's success URL (confirmed) or failure URL
//        (cancelled/failed) when it has one, else a 200 HTML result page;
//        409 with the result page when the payment had already been decided
//        the other way (approve after cancel). Repeating a decision is harmless.
// Only sandbox PayPal transactions are shown or decided here: any other id is
// a 404 page, so live payments can never be approved through the sandbox.
// Every value in the HTML is escaped; the page may not be framed.
#pragma once

#include <string>

#include "http/http_message.h"
#include "http/router.h"
#include "payments/payment_service.h"

namespace prefill {

// `text` with &, <, >, " and ' replaced by character references.
std::string EscapeHtml(const std::string& text);

// The headers of a standalone payment page (approval, result, return pages):
// HTML, no caching, `csp`, never framed, nosniff, no referrer.
void SetPaymentPageHeaders(HttpResponse& response, const std::string& csp);

HttpResponse SandboxApprovalPage(PaymentService& payments, const std::string& transaction_id);
HttpResponse SandboxApprovalDecision(PaymentService& payments, const std::string& transaction_id, bool approved);

}  // namespace prefill
