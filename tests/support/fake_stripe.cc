#include "support/fake_stripe.h"

namespace prefill::testing {
namespace {

FakeResponse StripeError(int status, const std::string& type, const std::string& message,
                         const std::string& extra = "") {
  return FakeResponse::Json(status, R"({"error":{"type":")" + type + R"(","message":")" + message + "\"" + extra +
                                        "}}");
}

}  // namespace

FakeStripe::FakeStripe(std::string secret_key) : secret_key_(std::move(secret_key)) {
  server_ = std::make_unique<FakeHttpServer>([this](const RecordedRequest& r) { return Handle(r); });
}

void FakeStripe::InjectCreateFault(Fault fault, int times) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int i = 0; i < times; ++i) faults_.push_back(fault);
}

void FakeStripe::CompleteAuthentication(const std::string& intent_id, bool success) {
  std::lock_guard<std::mutex> lock(mu_);
  Intent& intent = intents_.at(intent_id);
  intent.status = success ? "succeeded" : "requires_payment_method";
  if (!success) intent.error_message = "We are unable to authenticate your payment method.";
  intent.redirect_url.clear();
}

int FakeStripe::intents_created() const {
  std::lock_guard<std::mutex> lock(mu_);
  return created_;
}

int FakeStripe::succeeded_charges() const {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (const auto& [id, intent] : intents_) n += intent.status == "succeeded";
  return n;
}

std::string FakeStripe::intent_json(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = intents_.find(id);
  return it == intents_.end() ? "" : Json(it->second);
}

std::string FakeStripe::intent_of(const std::string& transaction_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [id, intent] : intents_) {
    if (intent.transaction == transaction_id) return id;
  }
  return "";
}

std::string FakeStripe::Json(const Intent& i) const {
  std::string json = R"({"id":")" + i.id + R"(","object":"payment_intent","amount":)" + std::to_string(i.amount) +
                     R"(,"currency":")" + i.currency + R"(","status":")" + i.status + R"(","payment_method":")" +
                     i.payment_method + R"(","client_secret":")" + i.id + R"(_secret_x","metadata":{"session":")" +
                     i.session + R"(","transaction":")" + i.transaction + R"("})";
  if (!i.redirect_url.empty()) {
    json += R"(,"next_action":{"type":"redirect_to_url","redirect_to_url":{"url":")" + i.redirect_url +
            R"(","return_url":"x"}})";
  } else {
    json += R"(,"next_action":null)";
  }
  if (!i.error_message.empty()) {
    json += R"(,"last_payment_error":{"type":"card_error","message":")" + i.error_message + "\"}";
  } else {
    json += R"(,"last_payment_error":null)";
  }
  return json + "}";
}

FakeResponse FakeStripe::Handle(const RecordedRequest& request) {
  if (request.header("authorization") != "Bearer " + secret_key_) {
    return StripeError(401, "invalid_request_error", "Invalid API Key provided");
  }
  const std::string prefix = "/v1/payment_intents";
  if (request.method == "POST" && request.path == prefix) return Create(request);
  std::lock_guard<std::mutex> lock(mu_);
  if (request.method == "GET" && request.path == prefix + "/search") {
    const std::string query = request.query_params()["query"];
    const std::string marker = "metadata['transaction']:'";
    std::string data;
    if (query.rfind(marker, 0) == 0 && query.back() == '\'') {
      const std::string wanted = query.substr(marker.size(), query.size() - marker.size() - 1);
      for (const auto& [id, intent] : intents_) {
        if (intent.transaction != wanted) continue;
        data += (data.empty() ? "" : ",") + Json(intent);
      }
    } else {
      return StripeError(400, "invalid_request_error", "bad query");
    }
    return FakeResponse::Json(200, R"({"object":"search_result","url":"/v1/payment_intents/search","has_more":false,"data":[)" +
                                       data + "]}");
  }
  if (request.path.rfind(prefix + "/", 0) == 0) {
    std::string rest = request.path.substr(prefix.size() + 1);
    const bool cancel = rest.size() > 7 && rest.substr(rest.size() - 7) == "/cancel";
    if (cancel) rest = rest.substr(0, rest.size() - 7);
    auto it = intents_.find(rest);
    if (it == intents_.end()) return StripeError(404, "invalid_request_error", "No such payment_intent");
    if (request.method == "GET" && !cancel) return FakeResponse::Json(200, Json(it->second));
    if (request.method == "POST" && cancel) {
      if (it->second.status == "succeeded" || it->second.status == "canceled") {
        return StripeError(400, "invalid_request_error", "You cannot cancel this PaymentIntent");
      }
      it->second.status = "canceled";
      it->second.redirect_url.clear();
      return FakeResponse::Json(200, Json(it->second));
    }
  }
  return StripeError(404, "invalid_request_error", "Unrecognized request URL");
}

FakeResponse FakeStripe::Create(const RecordedRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string key = request.header("idempotency-key");
  Fault fault = Fault::kLostAfterCharge;
  bool faulty = !faults_.empty();
  if (faulty) {
    fault = faults_.front();
    faults_.pop_front();
    FakeResponse f;
    switch (fault) {
      case Fault::k500: return StripeError(500, "api_error", "Something went wrong on Stripe's end.");
      case Fault::k429: return StripeError(429, "rate_limit_error", "Too many requests");
      case Fault::kHtml:
        f.status = 502;
        f.content_type = "text/html";
        f.body = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        return f;
      case Fault::kGarbage:
        f.body = "not json {";
        return f;
      case Fault::kTimeout:
        f = FakeResponse::Json(200, "{}");
        f.delay = std::chrono::milliseconds(3000);
        return f;
      case Fault::kHuge:
        f = FakeResponse::Json(200, R"({"object":"payment_intent")");
        f.padding_bytes = 20u * 1024 * 1024;
        return f;
      case Fault::kLostAfterCharge: break;  // executes below
    }
  }
  const bool lost = faulty && fault == Fault::kLostAfterCharge;
  if (auto saved = saved_.find(key); !key.empty() && saved != saved_.end()) {
    if (saved->second.params != request.body) {
      return StripeError(400, "idempotency_error", "Keys for idempotent requests can only be used with the same parameters");
    }
    if (lost) {
      FakeResponse gone;
      gone.hang_up = true;
      return gone;
    }
    return saved->second.response;
  }
  auto params = request.form();
  Intent intent;
  intent.id = "pi_fake_" + std::to_string(++created_);
  intent.amount = std::atoll(params["amount"].c_str());
  intent.currency = params["currency"];
  intent.payment_method = params["payment_method"];
  intent.session = params["metadata[session]"];
  intent.transaction = params["metadata[transaction]"];
  FakeResponse response;
  if (params["confirm"] != "true") {
    intent.status = "requires_confirmation";
  } else if (intent.payment_method == "pm_card_visa") {
    intent.status = "succeeded";
  } else if (intent.payment_method == "pm_card_threeDSecure2Required") {
    intent.status = "requires_action";
    intent.redirect_url = base_url() + "/3ds/" + intent.id;
  } else {
    intent.status = "requires_payment_method";
    intent.error_message = "Your card was declined.";
  }
  intents_[intent.id] = intent;
  if (intent.status == "requires_payment_method") {
    response = StripeError(402, "card_error", "Your card was declined.",
                           R"(,"code":"card_declined","payment_intent":)" + Json(intent));
  } else {
    response = FakeResponse::Json(200, Json(intent));
  }
  if (!key.empty()) saved_[key] = Saved{request.body, response};
  if (lost) {
    FakeResponse lost;
    lost.hang_up = true;
    return lost;
  }
  return response;
}

}  // namespace prefill::testing
