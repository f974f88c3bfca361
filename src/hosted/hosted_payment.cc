#include "hosted/hosted_payment.h"

#include "hosted/form_page.h"
#include "http/form_api_wire.h"
#include "http/json_writer.h"
#include "http/payment_api.h"

namespace prefill {
namespace {

const char* PaymentStatusName(PaymentResult::Kind kind) {
  switch (kind) {
    case PaymentResult::Kind::kConfirmed: return "confirmed";
    case PaymentResult::Kind::kAwaiting: return "awaiting";
    default: return "error";
  }
}

void NullOrString(JsonWriter& w, const std::string& value) {
  if (value.empty()) {
    w.Null();
  } else {
    w.String(value);
  }
}

}  // namespace

HostedPayFunction MakeHostedPayFunction(PaymentService& payments, std::function<std::string()> public_base_url) {
  return [&payments, public_base_url](const Form& form, const std::string& form_hash, const std::string& session_hash,
                                      const std::string& donor_ip) -> HttpResponse {
    const std::string base = public_base_url ? public_base_url() : std::string();
    PaymentOptions options;
    options.donor_ip = donor_ip;
    const std::string back = base + "/form/" + PercentEncode(form_hash) + "?fbSessionHash=" + PercentEncode(session_hash);
    if (IsAcceptableRedirectUrl(back)) {
      options.success_url = back;
      options.failure_url = back;
    }
    Result<PaymentResult> result = payments.Pay(form, session_hash, options);
    if (!result.ok()) return NumberedError(NumberedErrorFor(result.status()));
    if (result->kind == PaymentResult::Kind::kIncomplete) return NumberedError(201);

    std::string redirect;
    if (result->kind == PaymentResult::Kind::kAwaiting) {
      redirect = result->redirect_url;
      if (!redirect.empty() && redirect[0] == '/') redirect = base + redirect;
    }
    JsonWriter w;
    w.StartObject();
    w.Member("status", "success");
    w.Member("payment_status", PaymentStatusName(result->kind));
    w.Key("transaction");
    if (result->transaction) {
      WriteTransactionJson(w, *result->transaction);
    } else {
      w.Null();
    }
    w.Key("redirect_url");
    NullOrString(w, redirect);
    w.Key("session_hash");
    NullOrString(w, result->session_hash);
    w.Key("errors");
    WriteErrorsJson(w, result->errors, form.language());
    w.EndObject();
    return HttpResponse::Json(200, w.Take());
  };
}

}  // namespace prefill
