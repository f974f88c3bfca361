#include "providers/paypal_processor.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <thread>

#include "forms/decimal_amount.h"
#include "providers/provider_json.h"
#include "rest/encoding.h"

namespace prefill {
namespace {

constexpr char kDeclined[] = "PayPal declined the payment, please choose another way to pay";
constexpr char kNotApproved[] = "the payment was not approved at PayPal";
constexpr char kRefused[] = "the PayPal payment could not be made";
constexpr char kCancelledByDonor[] = "cancelled by donor";

bool Usable(const ProviderResponse& r) {
  if (!r.answered() || r.status == 409 || r.status == 429 || r.status >= 500 || r.status == 401) return false;
  rapidjson::Document doc;
  return ParseJsonObject(r.body, &doc);
}

// The first issue of a PayPal error answer (details[0].issue), or "".
std::string Issue(const std::string& body) {
  rapidjson::Document doc;
  if (!ParseJsonObject(body, &doc)) return "";
  const rapidjson::Value* details = JsonAt(doc, {"details"});
  if (details == nullptr || !details->IsArray() || details->Empty()) return "";
  return JsonString((*details)[0], {"issue"});
}

std::string Link(const rapidjson::Value& order, const char* rel) {
  const rapidjson::Value* links = JsonAt(order, {"links"});
  if (links == nullptr || !links->IsArray()) return "";
  for (const auto& link : links->GetArray()) {
    if (JsonString(link, {"rel"}) == rel) return JsonString(link, {"href"});
  }
  return "";
}

}  // namespace

std::optional<std::string> PaypalAmountValue(const std::string& amount, const std::string& currency) {
  std::optional<validators::Cents> cents = ParseDecimalCents(amount);
  if (!cents || *cents <= 0) return std::nullopt;
  if (currency == "HUF" || currency == "JPY" || currency == "TWD") {
    if (*cents % 100 != 0) return std::nullopt;
    return std::to_string(*cents / 100);
  }
  return FormatCents(*cents);
}

PaypalProcessor::PaypalProcessor(const ProcessorAccount& account, const ProviderHttp& http,
                                 std::function<std::string()> public_base_url, PaypalOptions options)
    : account_(account), http_(http), public_base_url_(std::move(public_base_url)), options_(options) {}

std::optional<std::string> PaypalProcessor::Token(const std::string& request_id, bool fresh) {
  std::lock_guard<std::mutex> lock(token_mu_);
  if (!fresh && !token_.empty() && std::chrono::steady_clock::now() < token_expires_) return token_;
  ProviderRequest request;
  request.method = "POST";
  request.url = account_.api_base + "/v1/oauth2/token";
  request.headers = {{"Authorization", "Basic " + Base64Encode(account_.client_id.reveal() + ":" +
                                                         account_.client_secret.reveal())},
                     {"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = "grant_type=client_credentials";
  request.idempotency_header = "PayPal-Request-Id";
  request.idempotency_key = request_id;
  Result<ProviderResponse> answer = http_.Send(request);
  if (!answer.ok() || !answer->answered() || answer->status != 200) return std::nullopt;
  rapidjson::Document doc;
  if (!ParseJsonObject(answer->body, &doc)) return std::nullopt;
  const std::string token = JsonString(doc, {"access_token"});
  const rapidjson::Value* expires = JsonAt(doc, {"expires_in"});
  if (token.empty() || expires == nullptr || !expires->IsInt64()) return std::nullopt;
  token_ = token;
  token_expires_ = std::chrono::steady_clock::now() + std::chrono::seconds(std::max<int64_t>(0, expires->GetInt64() - 60));
  return token_;
}

std::optional<ProviderResponse> PaypalProcessor::Call(ProviderRequest request, const std::string& request_id) {
  if (request.method == "POST") {
    request.idempotency_header = "PayPal-Request-Id";
    request.idempotency_key = request_id;
    request.headers.emplace_back("Content-Type", "application/json");
  }
  const size_t fixed_headers = request.headers.size();
  std::chrono::milliseconds pause = options_.retry_pause;
  bool fresh_token = false;
  for (int attempt = 1; attempt <= std::max(1, options_.max_attempts); ++attempt) {
    std::optional<std::string> token = Token(request_id, fresh_token);
    if (token) {
      request.headers.resize(fixed_headers);
      request.headers.emplace_back("Authorization", "Bearer " + *token);
      Result<ProviderResponse> response = http_.Send(request);
      if (!response.ok()) return std::nullopt;
      if (Usable(*response)) return std::move(response.value());
      fresh_token = response->answered() && response->status == 401;
    }
    if (attempt < options_.max_attempts) {
      std::this_thread::sleep_for(pause);
      pause *= 2;
    }
  }
  return std::nullopt;
}

std::optional<ProviderResponse> PaypalProcessor::CreateOrder(const PaymentRequest& request, const std::string& value) {
  const std::string base = public_base_url_();
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("intent");
  w.String("CAPTURE");
  w.Key("purchase_units");
  w.StartArray();
  w.StartObject();
  w.Key("custom_id");
  w.String(request.transaction_id.c_str());
  w.Key("amount");
  w.StartObject();
  w.Key("currency_code");
  w.String(request.currency.c_str());
  w.Key("value");
  w.String(value.c_str());
  w.EndObject();
  w.EndObject();
  w.EndArray();
  w.Key("payment_source");
  w.StartObject();
  w.Key("paypal");
  w.StartObject();
  w.Key("experience_context");
  w.StartObject();
  w.Key("return_url");
  w.String((base + kPaypalReturnPath + request.transaction_id).c_str());
  w.Key("cancel_url");
  w.String((base + kPaypalCancelPath + request.transaction_id).c_str());
  w.Key("user_action");
  w.String("PAY_NOW");
  w.Key("shipping_preference");
  w.String("NO_SHIPPING");
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.EndObject();
  ProviderRequest create;
  create.method = "POST";
  create.url = account_.api_base + "/v2/checkout/orders";
  create.body = buffer.GetString();
  return Call(std::move(create), request.transaction_id);
}

PaymentOutcome PaypalProcessor::OrderOutcome(const std::string& order_json) const {
  rapidjson::Document doc;
  if (!ParseJsonObject(order_json, &doc)) return PaymentOutcome::Unknown("not an order");
  const std::string id = JsonString(doc, {"id"});
  const std::string status = JsonString(doc, {"status"});
  if (id.empty()) return PaymentOutcome::Unknown("order without id");
  if (status == "COMPLETED") {
    const rapidjson::Value* units = JsonAt(doc, {"purchase_units"});
    if (units != nullptr && units->IsArray() && !units->Empty()) {
      const rapidjson::Value* captures = JsonAt((*units)[0], {"payments", "captures"});
      if (captures != nullptr && captures->IsArray() && !captures->Empty()) {
        const std::string capture = JsonString((*captures)[0], {"status"});
        if (capture == "DECLINED" || capture == "FAILED") return PaymentOutcome::Error(kDeclined, id);
        if (capture == "PENDING") return PaymentOutcome::Unknown("capture pending", id);
      }
    }
    return PaymentOutcome::Confirmed(id);
  }
  if (status == "VOIDED") return PaymentOutcome::Error(kNotApproved, id);
  std::string approve = Link(doc, "payer-action");
  if (approve.empty()) approve = Link(doc, "approve");
  if (approve.empty() || !IsAllowedProviderUrl(approve)) return PaymentOutcome::Unknown("order without approval link", id);
  return PaymentOutcome::Awaiting(id, approve);
}

PaymentOutcome PaypalProcessor::GetOrder(const std::string& order_id, const std::string& request_id) {
  ProviderRequest get;
  get.url = account_.api_base + "/v2/checkout/orders/" + FormEncode(order_id);
  std::optional<ProviderResponse> answer = Call(std::move(get), request_id);
  if (!answer || answer->status != 200) return PaymentOutcome::Unknown("order could not be read", order_id);
  return OrderOutcome(answer->body);
}

PaymentOutcome PaypalProcessor::Charge(const PaymentRequest& request) {
  std::optional<std::string> value = PaypalAmountValue(request.amount, request.currency);
  if (!value) return PaymentOutcome::Error("amount cannot be paid in " + request.currency);
  std::optional<ProviderResponse> answer = CreateOrder(request, *value);
  if (!answer) return PaymentOutcome::Unknown("no usable answer from PayPal");
  if (answer->status >= 400) return PaymentOutcome::Error(kRefused);  // no order: nothing to approve
  PaymentOutcome outcome = OrderOutcome(answer->body);
  // A fresh order is only ever awaiting the donor; anything else is not understood.
  if (outcome.kind != PaymentOutcome::Kind::kAwaiting) return PaymentOutcome::Unknown("unexpected order state");
  return outcome;
}

PaymentOutcome PaypalProcessor::Resolve(const Transaction& awaiting, bool approved) {
  if (!approved) return PaymentOutcome::Error(kCancelledByDonor, awaiting.provider_reference);
  if (awaiting.provider_reference.empty()) return PaymentOutcome::Unknown("no order to capture");
  ProviderRequest capture;
  capture.method = "POST";
  capture.url = account_.api_base + "/v2/checkout/orders/" + FormEncode(awaiting.provider_reference) + "/capture";
  capture.body = "{}";
  std::optional<ProviderResponse> answer = Call(std::move(capture), awaiting.id + ":capture");
  if (!answer) return PaymentOutcome::Unknown("capture unanswered", awaiting.provider_reference);
  if (answer->status >= 400) {
    const std::string issue = Issue(answer->body);
    if (issue == "INSTRUMENT_DECLINED" || issue == "PAYER_ACTION_REQUIRED" || issue == "TRANSACTION_REFUSED") {
      return PaymentOutcome::Error(kDeclined, awaiting.provider_reference);
    }
    if (issue == "ORDER_ALREADY_CAPTURED") return GetOrder(awaiting.provider_reference, awaiting.id + ":capture");
    if (issue == "ORDER_NOT_APPROVED") return PaymentOutcome::Error(kNotApproved, awaiting.provider_reference);
    return PaymentOutcome::Error(kRefused, awaiting.provider_reference);
  }
  return OrderOutcome(answer->body);
}

Result<PaymentOutcome> PaypalProcessor::Lookup(const PaymentRequest& attempt) {
  std::optional<std::string> value = PaypalAmountValue(attempt.amount, attempt.currency);
  if (!value) return PaymentOutcome::Error("amount cannot be paid in " + attempt.currency);
  std::optional<ProviderResponse> answer = CreateOrder(attempt, *value);  // replayed for the same request id
  if (!answer || answer->status >= 400) return Status::Unavailable("PayPal order unavailable");
  rapidjson::Document doc;
  ParseJsonObject(answer->body, &doc);
  const std::string id = JsonString(doc, {"id"});
  if (id.empty()) return Status::Unavailable("PayPal order without id");
  PaymentOutcome now = GetOrder(id, attempt.transaction_id);
  if (now.kind == PaymentOutcome::Kind::kUnknown) return Status::Unavailable("PayPal order state unknown");
  return now;
}

Status PaypalProcessor::VerifyWebhook(const std::multimap<std::string, std::string>& headers, const std::string& body) {
  if (account_.webhook_id.empty()) return Status::Forbidden("no webhook_id for this account");
  rapidjson::Document event;
  if (!ParseJsonObject(body, &event)) return Status::Forbidden("not a PayPal event");
  auto header = [&headers](const char* name) {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  };
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  for (auto [key, name] : {std::pair{"auth_algo", "paypal-auth-algo"}, std::pair{"cert_url", "paypal-cert-url"},
                           std::pair{"transmission_id", "paypal-transmission-id"},
                           std::pair{"transmission_sig", "paypal-transmission-sig"},
                           std::pair{"transmission_time", "paypal-transmission-time"}}) {
    const std::string value = header(name);
    if (value.empty()) return Status::Forbidden(std::string("missing header ") + name);
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  }
  w.Key("webhook_id");
  w.String(account_.webhook_id.c_str());
  w.Key("webhook_event");
  w.RawValue(body.data(), body.size(), rapidjson::kObjectType);  // as received: PayPal checks these bytes
  w.EndObject();
  ProviderRequest verify;
  verify.method = "POST";
  verify.url = account_.api_base + "/v1/notifications/verify-webhook-signature";
  verify.body = buffer.GetString();
  std::optional<ProviderResponse> answer = Call(std::move(verify), "verify:" + header("paypal-transmission-id"));
  if (!answer || answer->status != 200) return Status::Unavailable("PayPal verification unavailable");
  rapidjson::Document doc;
  ParseJsonObject(answer->body, &doc);
  if (JsonString(doc, {"verification_status"}) != "SUCCESS") return Status::Forbidden("PayPal did not verify the event");
  return Status::OK();
}

}  // namespace prefill
