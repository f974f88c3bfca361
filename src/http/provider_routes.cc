#include "http/provider_routes.h"

#include <rapidjson/document.h>

#include <ctime>

#include "http/json_writer.h"
#include "http/payment_api.h"
#include "http/request_decoding.h"
#include "http/sandbox_approval.h"
#include "providers/provider_json.h"
#include "providers/stripe_webhook.h"

namespace prefill {
namespace {

HttpResponse Received(const std::string& what) {
  JsonWriter w;
  w.StartObject();
  w.Key("received");
  w.Bool(true);
  w.Member("result", what);
  w.EndObject();
  return HttpResponse::Json(200, w.Take());
}

HttpResponse Refused(int status, const std::string& error) {
  JsonWriter w;
  w.StartObject();
  w.Member("error", error);
  w.EndObject();
  HttpResponse r = HttpResponse::Json(status, w.Take());
  if (status == 503) r.SetHeader("Retry-After", "5");
  return r;
}

HttpResponse Page(int status, const std::string& title, const std::string& text) {
  HttpResponse r;
  r.status = status;
  r.body = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + EscapeHtml(title) +
           "</title></head><body><h1>" + EscapeHtml(title) + "</h1><p>" + EscapeHtml(text) + "</p></body></html>\n";
  SetPaymentPageHeaders(r, "default-src 'none'; frame-ancestors 'none'");
  return r;
}

// Settles `transaction_id` from a verified provider event, if it is a live
// payment of `method` routed to `account` (and, when known, `reference`).
HttpResponse SettleFromEvent(PaymentService& payments, const LiveProcessors& live, const std::string& account,
                             const std::string& method, const std::string& transaction_id,
                             const std::string& reference, const PaymentOutcome& outcome) {
  Result<Transaction> found = payments.FindTransaction(transaction_id);
  if (found.status().Is(Status::Code::kNotFound)) return Received("ignored: unknown payment");
  if (!found.ok()) return Refused(503, "storage unavailable, send again later");
  const ProcessorAccount* routed = live.AccountFor(found->form_id, method);
  if (found->is_test || found->payment_method != method || routed == nullptr || routed->name != account) {
    return Received("ignored: not a payment of this account");
  }
  if (!found->provider_reference.empty() && !reference.empty() && found->provider_reference != reference) {
    return Received("ignored: another payment of this transaction");
  }
  Result<Transaction> settled = payments.Settle(transaction_id, outcome);
  if (!settled.ok()) return Refused(503, "storage unavailable, send again later");
  return Received(TransactionStatusName(settled->status));
}

HttpResponse StripeWebhook(const HttpRequest& request, PaymentService& payments, const LiveProcessors* live,
                           const std::string& account_name, const ProviderRoutesOptions& options) {
  const ProcessorAccount* account = live ? live->accounts().Find(account_name) : nullptr;
  if (account == nullptr || account->provider != Provider::kStripe) return Refused(404, "unknown account");
  Status verified = VerifyStripeSignature(request.header("stripe-signature"), request.body, account->webhook_secret,
                                          options.now_unix());
  if (!verified.ok()) return Refused(400, "invalid signature");
  Result<StripeEvent> event = ParseStripeEvent(request.body);
  if (event.status().Is(Status::Code::kNotFound)) return Received("ignored: event type");
  if (!event.ok()) return Refused(400, "not a payment intent event");
  return SettleFromEvent(payments, *live, account_name, "credit_card", event->transaction_id, event->intent_id,
                         event->outcome);
}

HttpResponse PaypalWebhook(const HttpRequest& request, PaymentService& payments, const LiveProcessors* live,
                           const std::string& account_name) {
  PaypalProcessor* paypal = live ? live->paypal(account_name) : nullptr;
  if (paypal == nullptr) return Refused(404, "unknown account");
  Status verified = paypal->VerifyWebhook(request.headers, request.body);
  if (verified.Is(Status::Code::kUnavailable)) return Refused(503, "verification unavailable, send again later");
  if (!verified.ok()) return Refused(400, "invalid signature");
  rapidjson::Document doc;
  ParseJsonObject(request.body, &doc);
  const std::string type = JsonString(doc, {"event_type"});
  if (type != "PAYMENT.CAPTURE.COMPLETED" && type != "PAYMENT.CAPTURE.DENIED") return Received("ignored: event type");
  const std::string transaction_id = JsonString(doc, {"resource", "custom_id"});
  const std::string order = JsonString(doc, {"resource", "supplementary_data", "related_ids", "order_id"});
  if (transaction_id.empty()) return Refused(400, "capture without custom_id");
  const PaymentOutcome outcome = type == "PAYMENT.CAPTURE.COMPLETED"
                                     ? PaymentOutcome::Confirmed(order)
                                     : PaymentOutcome::Error("PayPal declined the payment, please choose another way to pay", order);
  return SettleFromEvent(payments, *live, account_name, "paypal", transaction_id, order, outcome);
}

// A donor back from a provider: `reference_param` (payment_intent, token),
// when given, must name the transaction's own payment.
HttpResponse Return(const HttpRequest& request, PaymentService& payments, const LiveProcessors* live,
                    const std::string& id, const std::string& method, const char* reference_param, bool approved) {
  if (live == nullptr) return Page(404, "Unknown payment", "There is no payment with this id.");
  Result<Transaction> found = payments.FindTransaction(id);
  if (found.status().Is(Status::Code::kNotFound) || (found.ok() && (found->is_test || found->payment_method != method))) {
    return Page(404, "Unknown payment", "There is no payment with this id.");
  }
  if (!found.ok()) return Page(503, "Try again", "The payment could not be loaded. Please try again in a moment.");
  Result<DecodedParams> params = DecodeParams(request);
  const std::string* reference = params.ok() ? params->Get(reference_param) : nullptr;
  if (reference != nullptr && *reference != found->provider_reference) {
    return Page(400, "Not this payment", "This return does not belong to this payment.");
  }
  Result<Transaction> decided = payments.ResolveAwaiting(id, approved);
  if (!decided.ok()) return Page(503, "Try again", "The payment could not be completed yet. Please reload this page.");
  const Transaction& t = *decided;
  const std::string& next = t.status == TransactionStatus::kConfirmed ? t.success_url : t.failure_url;
  if ((t.status == TransactionStatus::kConfirmed || t.status == TransactionStatus::kFailed ||
       t.status == TransactionStatus::kCancelled) &&
      !next.empty() && IsAcceptableRedirectUrl(next)) {
    HttpResponse redirect;
    redirect.status = 303;
    redirect.SetHeader("Location", next);
    redirect.SetHeader("Cache-Control", "no-store");
    return redirect;
  }
  switch (t.status) {
    case TransactionStatus::kConfirmed: return Page(200, "Thank you", "Your donation is confirmed.");
    case TransactionStatus::kFailed:
    case TransactionStatus::kCancelled: return Page(200, "Payment not completed", t.failure_reason);
    default: return Page(202, "Payment being confirmed", kOutcomeUnknownError);
  }
}

}  // namespace

void RegisterProviderRoutes(Router& router, PaymentService& payments, const LiveProcessors* live,
                            ProviderRoutesOptions options) {
  if (!options.now_unix) options.now_unix = [] { return static_cast<long long>(std::time(nullptr)); };
  router.Add("POST", "/webhooks/stripe/:account", [&payments, live, options](const HttpRequest& r, const PathParams& p) {
    return StripeWebhook(r, payments, live, p.at("account"), options);
  });
  router.Add("POST", "/webhooks/paypal/:account", [&payments, live](const HttpRequest& r, const PathParams& p) {
    return PaypalWebhook(r, payments, live, p.at("account"));
  });
  router.Add("GET", "/payments/stripe/return/:transaction_id", [&payments, live](const HttpRequest& r, const PathParams& p) {
    return Return(r, payments, live, p.at("transaction_id"), "credit_card", "payment_intent", true);
  });
  router.Add("GET", "/payments/paypal/return/:transaction_id", [&payments, live](const HttpRequest& r, const PathParams& p) {
    return Return(r, payments, live, p.at("transaction_id"), "paypal", "token", true);
  });
  router.Add("GET", "/payments/paypal/cancel/:transaction_id", [&payments, live](const HttpRequest& r, const PathParams& p) {
    return Return(r, payments, live, p.at("transaction_id"), "paypal", "token", false);
  });
}

}  // namespace prefill
