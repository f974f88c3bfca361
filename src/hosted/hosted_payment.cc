#include "hosted/hosted_payment.h"
#include "common/text_codec.h"

#include "hosted/form_page.h"
#include "http/form_api_wire.h"
#include "http/json_writer.h"
#include "http/payment_api.h"

namespace prefill {

HostedPayFunction MakeHostedPayFunction(PaymentService& payments, std::function<std::string()> public_base_url,
                                        std::function<void(const std::string&)> on_payment,
                                        PaymentThrottle* throttle) {
  return [&payments, public_base_url, on_payment, throttle](const HostedPayRequest& request) -> Result<HostedPayment> {
    const Form& form = request.form;
    const std::string& session_hash = request.session_hash;
    const std::string& donor_ip = request.donor_ip;
    const std::string base = public_base_url ? public_base_url() : std::string();
    PaymentOptions options;
    options.donor_ip = donor_ip;
    std::string back =
        base + "/form/" + PercentEncode(request.form_hash) + "?fbSessionHash=" + PercentEncode(session_hash);
    if (!request.lang.empty()) back += "&lang=" + PercentEncode(request.lang);
    if (IsAcceptableRedirectUrl(back)) {
      options.success_url = back;
      options.failure_url = back;
    }
    if (auto refused = RefuseThrottled(throttle, session_hash, donor_ip)) {
      HostedPayment throttled;
      throttled.throttled = std::move(*refused);
      return throttled;
    }
    Result<PaymentResult> result = payments.Pay(FormLookup{&form, request.sandbox}, session_hash, options);
    CountFailedAttempt(throttle, result, session_hash, donor_ip);
    if (!result.ok()) return result.status();
    if (on_payment && result->kind != PaymentResult::Kind::kIncomplete) on_payment(PaymentStatusName(result->kind));
    HostedPayment paid{std::move(*result), "", std::nullopt};
    if (paid.result.kind == PaymentResult::Kind::kAwaiting) {
      paid.redirect_url = paid.result.redirect_url;
      if (!paid.redirect_url.empty() && paid.redirect_url[0] == '/') paid.redirect_url = base + paid.redirect_url;
    }
    return paid;
  };
}

HostedPaymentLookup MakeConfirmedPaymentLookup(PaymentService& payments) {
  return [&payments](const std::string& session_hash) -> std::optional<Transaction> {
    auto list = payments.TransactionsOfSession(session_hash);
    if (!list.ok()) return std::nullopt;
    std::optional<Transaction> latest;
    for (const Transaction& t : list.value()) {
      if (t.status != TransactionStatus::kConfirmed) continue;
      if (!latest || t.updated_at > latest->updated_at) latest = t;
    }
    return latest;
  };
}

HttpResponse HostedPaymentAnswer(const Result<HostedPayment>& paid, const Form& form) {
  if (!paid.ok()) return NumberedError(NumberedErrorFor(paid.status()));
  if (paid->throttled) return *paid->throttled;
  if (paid->result.kind == PaymentResult::Kind::kIncomplete) return NumberedError(201);
  return PaymentAnswer(paid->result, paid->redirect_url, form);
}

}  // namespace prefill
