#include "providers/stripe_processor.h"
#include "validators/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <thread>

#include "common/fault_point.h"
#include "forms/decimal_amount.h"
#include "providers/provider_json.h"

namespace prefill {
namespace {

// Stripe's zero-decimal and three-decimal currencies (docs.stripe.com/currencies).
constexpr std::array<const char*, 16> kZeroDecimal = {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
                                                      "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"};
constexpr std::array<const char*, 5> kThreeDecimal = {"BHD", "JOD", "KWD", "OMR", "TND"};

constexpr char kCardDetailsMissing[] = "card details missing, please enter your card again";
constexpr char kCardRefused[] = "the card payment could not be made";
constexpr char kAuthenticationFailed[] = "card authentication failed, please try again";

template <size_t N>
bool Listed(const std::array<const char*, N>& list, const std::string& code) {
  return std::any_of(list.begin(), list.end(), [&](const char* c) { return code == c; });
}

// Whether a call that got `response` may be sent again with the same key.
bool Retryable(const ProviderResponse& response) {
  if (!response.answered()) return true;  // timeout, no answer, too large
  return response.status == 409 || response.status == 429 || response.status >= 500;
}

// Whether `response` is a readable answer to act on (not to retry).
bool Usable(const ProviderResponse& response) {
  if (Retryable(response)) return false;
  rapidjson::Document doc;
  return ParseJsonObject(response.body, &doc);  // an HTML error page or garbage is not
}

// A card_error (402) or other 4xx answer: a decline or a refused request;
// either way Stripe took no money for it.
PaymentOutcome ErrorOutcome(const ProviderResponse& response) {
  rapidjson::Document doc;
  ParseJsonObject(response.body, &doc);
  const std::string type = JsonString(doc, {"error", "type"});
  const std::string message = JsonString(doc, {"error", "message"});
  const std::string intent = JsonString(doc, {"error", "payment_intent", "id"});
  if (type == "card_error" && !message.empty()) return PaymentOutcome::Error(message, intent);
  return PaymentOutcome::Error(kCardRefused, intent);
}

}  // namespace

std::optional<long long> StripeMinorUnits(const std::string& amount, const std::string& currency) {
  std::optional<validators::Cents> cents = ParseDecimalCents(amount);
  if (!cents || *cents <= 0) return std::nullopt;
  const std::string code = [&] {
    std::string c = currency;
    std::transform(c.begin(), c.end(), c.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    return c;
  }();
  if (Listed(kZeroDecimal, code)) {
    if (*cents % 100 != 0) return std::nullopt;
    return *cents / 100;
  }
  if (Listed(kThreeDecimal, code)) return *cents * 10;
  return *cents;
}

PaymentOutcome StripeIntentOutcome(const std::string& intent_json) {
  rapidjson::Document doc;
  if (!ParseJsonObject(intent_json, &doc) || JsonString(doc, {"object"}) != "payment_intent") {
    return PaymentOutcome::Unknown("not a payment intent");
  }
  const std::string id = JsonString(doc, {"id"});
  const std::string status = JsonString(doc, {"status"});
  if (id.empty()) return PaymentOutcome::Unknown("payment intent without id");
  if (status == "succeeded") return PaymentOutcome::Confirmed(id);
  if (status == "requires_action") {
    const std::string url = JsonString(doc, {"next_action", "redirect_to_url", "url"});
    if (!url.empty() && IsAllowedProviderUrl(url)) return PaymentOutcome::Awaiting(id, url);
    return PaymentOutcome::Unknown("requires an action other than a redirect", id);
  }
  if (status == "requires_payment_method" || status == "canceled") {
    std::string message = JsonString(doc, {"last_payment_error", "message"});
    if (message.empty()) message = status == "canceled" ? kAuthenticationFailed : kCardRefused;
    return PaymentOutcome::Error(message, id);
  }
  // processing, requires_confirmation, requires_capture: not decided by this answer.
  return PaymentOutcome::Unknown("payment intent " + status, id);
}

StripeProcessor::StripeProcessor(const ProcessorAccount& account, const ProviderHttp& http,
                                 std::function<std::string()> public_base_url, StripeOptions options)
    : account_(account), http_(http), public_base_url_(std::move(public_base_url)), options_(options) {}

std::optional<ProviderResponse> StripeProcessor::Call(ProviderRequest request) const {
  request.headers.emplace_back("Authorization", "Bearer " + account_.secret_key.reveal());
  if (request.method == "POST") request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  std::chrono::milliseconds pause = options_.retry_pause;
  for (int attempt = 1; attempt <= std::max(1, options_.max_attempts); ++attempt) {
    Result<ProviderResponse> response = http_.Send(request);
    if (!response.ok()) return std::nullopt;  // refused before sending: nothing reached Stripe
    if (Usable(*response)) return std::move(response.value());
    // Anything else is sent again with the same key: Stripe replays what it
    // recorded for the key, so a retry can never charge twice.
    if (attempt < options_.max_attempts) {
      std::this_thread::sleep_for(pause);
      pause *= 2;
    }
  }
  return std::nullopt;
}

PaymentOutcome StripeProcessor::Charge(const PaymentRequest& request) {
  auto token_it = request.values.find("credit_card_token");
  const std::string token = token_it == request.values.end() ? "" : token_it->second;
  if (token.rfind("pm_", 0) != 0) return PaymentOutcome::Error(kCardDetailsMissing);
  std::optional<long long> minor = StripeMinorUnits(request.amount, request.currency);
  if (!minor) return PaymentOutcome::Error("amount cannot be paid in " + request.currency);

  ProviderRequest create;
  create.method = "POST";
  create.url = account_.api_base + "/v1/payment_intents";
  create.idempotency_header = "Idempotency-Key";
  create.idempotency_key = request.transaction_id;
  create.body = FormBody({{"amount", std::to_string(*minor)},
                          {"currency", validators::AsciiLower(request.currency)},
                          {"payment_method", token},
                          {"confirm", "true"},
                          {"return_url", public_base_url_() + kStripeReturnPath + request.transaction_id},
                          {"metadata[session]", request.session_hash},
                          {"metadata[transaction]", request.transaction_id}});
  std::optional<ProviderResponse> answer = Call(std::move(create));
  FaultPoint("stripe_after_create");
  if (!answer) return PaymentOutcome::Unknown("no usable answer from Stripe");
  if (answer->status >= 400) return ErrorOutcome(*answer);
  if (answer->status != 200) return PaymentOutcome::Unknown("unexpected status " + std::to_string(answer->status));
  return StripeIntentOutcome(answer->body);
}

PaymentOutcome StripeProcessor::Retrieve(const std::string& intent_id) const {
  ProviderRequest get;
  get.url = account_.api_base + "/v1/payment_intents/" + FormEncode(intent_id);
  std::optional<ProviderResponse> answer = Call(std::move(get));
  if (!answer || answer->status != 200) return PaymentOutcome::Unknown("intent could not be retrieved", intent_id);
  return StripeIntentOutcome(answer->body);
}

PaymentOutcome StripeProcessor::Resolve(const Transaction& awaiting, bool approved) {
  if (awaiting.provider_reference.empty()) return PaymentOutcome::Unknown("no payment intent to resolve");
  PaymentOutcome now = Retrieve(awaiting.provider_reference);
  if (now.kind != PaymentOutcome::Kind::kAwaiting) return now;
  // Still waiting for the donor's authentication, who is back (or gave up):
  // cancel it, so that it can never succeed without being recorded.
  ProviderRequest cancel;
  cancel.method = "POST";
  cancel.url = account_.api_base + "/v1/payment_intents/" + FormEncode(awaiting.provider_reference) + "/cancel";
  cancel.idempotency_header = "Idempotency-Key";
  cancel.idempotency_key = awaiting.id + ":cancel";
  std::optional<ProviderResponse> answer = Call(std::move(cancel));
  if (!answer) return PaymentOutcome::Unknown("cancel unanswered", awaiting.provider_reference);
  if (answer->status == 200) {
    PaymentOutcome cancelled = StripeIntentOutcome(answer->body);
    if (cancelled.kind == PaymentOutcome::Kind::kError) cancelled.error = kAuthenticationFailed;
    return cancelled;
  }
  // E.g. it succeeded meanwhile: the intent says. One still waiting for the
  // donor could yet succeed, so it is not called failed.
  PaymentOutcome after = Retrieve(awaiting.provider_reference);
  if (after.kind == PaymentOutcome::Kind::kAwaiting) {
    return PaymentOutcome::Unknown("intent still requires action", awaiting.provider_reference);
  }
  return after;
}

Result<PaymentOutcome> StripeProcessor::Lookup(const PaymentRequest& attempt) {
  ProviderRequest search;
  search.url = account_.api_base + "/v1/payment_intents/search?query=" +
               FormEncode("metadata['transaction']:'" + attempt.transaction_id + "'");
  std::optional<ProviderResponse> answer = Call(std::move(search));
  if (!answer || answer->status != 200) return Status::Unavailable("Stripe search unavailable");
  rapidjson::Document doc;
  ParseJsonObject(answer->body, &doc);
  const rapidjson::Value* data = JsonAt(doc, {"data"});
  if (data == nullptr || !data->IsArray()) return Status::Unavailable("Stripe search answer unreadable");
  if (data->Empty()) return PaymentOutcome::Error("payment interrupted, please pay again");
  for (const auto& intent : data->GetArray()) {
    if (JsonString(intent, {"metadata", "transaction"}) != attempt.transaction_id) continue;
    // Decided on the intent as it is now (the search index may lag its
    // status), with the same rules as Charge.
    PaymentOutcome outcome = Retrieve(JsonString(intent, {"id"}));
    if (outcome.kind == PaymentOutcome::Kind::kUnknown) return Status::Unavailable("intent not decided yet");
    return outcome;
  }
  return Status::Unavailable("Stripe search answered other intents");
}

}  // namespace prefill
