#include "http/payment_api.h"
#include "common/time_format.h"

#include <arpa/inet.h>

#include <cctype>
#include <optional>
#include <variant>
#include <vector>

#include "http/form_api_wire.h"
#include "forms/redirect_target.h"
#include "http/sandbox_approval.h"
#include "validators/amount.h"

namespace prefill {
namespace {

constexpr size_t kMaxIpLength = 45;  // the longest IPv6 text form (with an embedded IPv4)

// A processor's path ("/sandbox/paypal/...") on this server, made absolute.
std::string AbsoluteUrl(const std::string& url, const PaymentApiOptions& options) {
  if (url.empty() || url[0] != '/' || !options.public_base_url) return url;
  return options.public_base_url() + url;
}

// The redirect URL parameter `name` (forms/redirect_target.h): "" when absent
// or empty, else the URL; error 111 when it is no URL the form allows, with
// the parameter and the reason beside the numbered error (FundraisingBox's
// shape plus a `reason` member, so a developer knows which URL and why).
std::variant<std::string, HttpResponse> RedirectParam(const DecodedParams& params, const char* name,
                                                      const Form& form) {
  const std::string* value = params.Get(name);
  if (!value || value->empty()) return std::string();
  const std::string problem = RedirectTargetProblem(form, *value);
  if (problem.empty()) return *value;
  const NumberedErrorInfo info = NumberedErrorOf(111);
  JsonWriter w;
  w.StartObject();
  w.Member("status", "error");
  w.Member("error", info.text);
  w.Member("reason", std::string(name) + " " + problem);
  w.EndObject();
  return HttpResponse::Json(info.http_status, w.Take());
}

HttpResponse Pay(const HttpRequest& request, const FormRegistry& forms, PaymentService& payments,
                 const PaymentApiOptions& options) {
  auto resolved = ResolveFormRequest(request, forms, /*require_api=*/true);
  if (auto* error = std::get_if<HttpResponse>(&resolved)) return *error;
  FormRequest& req = std::get<FormRequest>(resolved);
  const Form& form = *req.form;

  const std::string* ip = req.params.Get("ip");
  if (!ip || !IsIpAddress(*ip)) return NumberedError(110);

  PaymentOptions payment;
  payment.donor_ip = *ip;
  for (auto [name, target] : {std::pair{"success_redirect_url", &payment.success_url},
                              std::pair{"failure_redirect_url", &payment.failure_url}}) {
    auto url = RedirectParam(req.params, name, form);
    if (auto* refused = std::get_if<HttpResponse>(&url)) return std::move(*refused);
    *target = std::move(std::get<std::string>(url));
  }

  const std::string* session_hash = req.params.Get("fbSessionHash");
  const bool one_step = !session_hash || session_hash->empty();
  const std::string throttle_session = one_step ? std::string() : *session_hash;
  if (auto refused = RefuseThrottled(options.throttle, throttle_session, *ip)) return *refused;
  Result<PaymentResult> result = Status::Internal("unset");
  if (one_step) {
    std::vector<FieldInput> inputs = FieldInputsFromParams(req.params);
    if (inputs.empty()) return NumberedError(205);
    result = payments.PayNewSession(form, req.sandbox, inputs, payment);
  } else {
    result = payments.Pay(FormLookup{req.form, req.sandbox}, *session_hash, payment);
  }
  CountFailedAttempt(options.throttle, result, throttle_session, *ip);
  if (!result.ok()) return NumberedError(NumberedErrorFor(result.status()));
  if (result->kind == PaymentResult::Kind::kIncomplete) {
    if (!one_step) return NumberedError(201);
    result->errors.globals.push_back("session incomplete");
  }
  if (options.on_payment) options.on_payment(PaymentStatusName(result->kind));
  const std::string redirect =
      result->kind == PaymentResult::Kind::kAwaiting ? AbsoluteUrl(result->redirect_url, options) : "";
  return PaymentAnswer(*result, redirect, form);
}

}  // namespace

std::optional<HttpResponse> RefuseThrottled(PaymentThrottle* throttle, const std::string& session,
                                            const std::string& client) {
  if (!throttle) return std::nullopt;
  auto refusal = throttle->Check(session, client, PaymentThrottle::Clock::now());
  if (!refusal) return std::nullopt;
  HttpResponse response = NumberedError(109);
  response.SetHeader("Retry-After", std::to_string(refusal->retry_after.count()));
  return response;
}

void CountFailedAttempt(PaymentThrottle* throttle, const Result<PaymentResult>& result, const std::string& session,
                        const std::string& client) {
  if (!throttle || !result.ok()) return;
  if (result->kind != PaymentResult::Kind::kError || !result->transaction) return;  // no attempt, or not failed
  throttle->RecordFailure(session.empty() ? result->session_hash : session, client, PaymentThrottle::Clock::now());
}

const char* PaymentStatusName(PaymentResult::Kind kind) {
  switch (kind) {
    case PaymentResult::Kind::kConfirmed: return "confirmed";
    case PaymentResult::Kind::kAwaiting: return "awaiting";
    case PaymentResult::Kind::kError:
    case PaymentResult::Kind::kIncomplete: return "error";
  }
  return "error";
}

HttpResponse PaymentAnswer(const PaymentResult& result, const std::string& redirect_url, const Form& form) {
  JsonWriter w;
  w.StartObject();
  w.Member("status", "success");
  w.Member("payment_status", PaymentStatusName(result.kind));
  w.Key("transaction");
  if (result.transaction) {
    WriteTransactionJson(w, *result.transaction);
  } else {
    w.Null();
  }
  w.MemberOrNull("redirect_url", redirect_url);
  w.MemberOrNull("session_hash", result.session_hash);
  w.Key("errors");
  WriteErrorsJson(w, result.errors, form.language());
  w.EndObject();
  return HttpResponse::Json(200, w.Take());
}


void WriteTransactionJson(JsonWriter& w, const Transaction& t, bool with_session_id) {
  w.StartObject();
  w.Member("id", t.id);
  w.Member("amount", t.amount);
  w.Member("currency", t.currency);
  w.Member("payment_method", t.payment_method);
  w.Key("interval");
  w.Int(t.interval);
  w.Member("status", TransactionStatusName(t.status));
  w.Key("is_test");
  w.Bool(t.is_test);
  w.Key("masked_iban");
  if (t.masked_iban) {
    w.String(*t.masked_iban);
  } else {
    w.Null();
  }
  w.MemberOrNull("provider_reference", t.provider_reference);
  w.MemberOrNull("failure_reason", t.failure_reason);
  // "instructions" as before; "payment_instructions" is SPEC 5.4's name of the same object.
  for (const char* key : {"instructions", "payment_instructions"}) {
    w.Key(key);
    if (t.instructions) {
      w.StartObject();
      w.Member("account_holder", t.instructions->account_holder);
      w.Member("iban", t.instructions->iban);
      w.Member("bic", t.instructions->bic);
      w.Member("reference", t.instructions->reference);
      w.Member("amount", t.amount);
      w.Member("currency", t.currency);
      w.EndObject();
    } else {
      w.Null();
    }
  }
  w.Key("pre_notification");  // live SEPA direct debit (SPEC 5.2)
  if (t.pre_notification) {
    const SepaPreNotification& p = *t.pre_notification;
    w.StartObject();
    w.Member("mandate_reference", p.mandate_reference);
    w.Member("creditor_id", p.creditor_id);
    w.Member("creditor_name", p.creditor_name);
    w.Member("amount", validators::FormatCents(p.amount_cents));
    w.Member("currency", t.currency);
    w.Member("due_date", p.due_date);
    w.Key("interval");
    w.Int(p.interval_months);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Member("created_at", Iso8601(t.created_at));
  w.Member("updated_at", Iso8601(t.updated_at));
  if (with_session_id) w.Member("sessionId", t.session_hash);
  w.EndObject();
}

bool IsAcceptableRedirectUrl(const std::string& url) { return RedirectUrlProblem(url).empty(); }

bool IsIpAddress(const std::string& ip) {
  // A NUL would end the C string inet_pton reads: "192.0.2.1\0junk" is no address.
  if (ip.empty() || ip.size() > kMaxIpLength || ip.find('\0') != std::string::npos) return false;
  unsigned char buffer[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, ip.c_str(), buffer) == 1 || inet_pton(AF_INET6, ip.c_str(), buffer) == 1;
}

void RegisterPaymentRoutes(Router& router, const FormRegistry& forms, PaymentService& payments,
                           PaymentApiOptions options) {
  router.Add("POST", "/app/payment", [&forms, &payments, options](const HttpRequest& r, const PathParams&) {
    return Pay(r, forms, payments, options);
  });
  router.Add("GET", "/sandbox/paypal/:transaction_id", [&payments](const HttpRequest&, const PathParams& p) {
    return SandboxApprovalPage(payments, p.at("transaction_id"));
  });
  router.Add("POST", "/sandbox/paypal/:transaction_id/approve", [&payments](const HttpRequest&, const PathParams& p) {
    return SandboxApprovalDecision(payments, p.at("transaction_id"), true);
  });
  router.Add("POST", "/sandbox/paypal/:transaction_id/cancel", [&payments](const HttpRequest&, const PathParams& p) {
    return SandboxApprovalDecision(payments, p.at("transaction_id"), false);
  });
}

}  // namespace prefill
