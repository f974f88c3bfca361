#include "support/json.h"  // first: RapidJSON throws on misuse

#include "support/fake_paypal.h"

#include <rapidjson/document.h>

#include "rest/encoding.h"

namespace prefill::testing {
namespace {

FakeResponse Issue(int status, const std::string& issue) {
  return FakeResponse::Json(status, R"({"name":"UNPROCESSABLE_ENTITY","details":[{"issue":")" + issue +
                                        R"("}],"message":"The requested action could not be performed."})");
}

std::string Member(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

FakePaypal::FakePaypal(std::string client_id, std::string client_secret, std::string webhook_id)
    : client_id_(std::move(client_id)), client_secret_(std::move(client_secret)), webhook_id_(std::move(webhook_id)) {
  server_ = std::make_unique<FakeHttpServer>([this](const RecordedRequest& r) { return Handle(r); });
}

void FakePaypal::Approve(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  orders_.at(id).status = "APPROVED";
}
void FakePaypal::Decline(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  orders_.at(id).decline = true;
}
void FakePaypal::InjectCaptureFault(int status, int times) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int i = 0; i < times; ++i) capture_faults_.push_back(status);
}
void FakePaypal::SlowCaptures(std::chrono::milliseconds delay) {
  std::lock_guard<std::mutex> lock(mu_);
  capture_delay_ = delay;
}
int FakePaypal::tokens_issued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return tokens_;
}
int FakePaypal::captures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return captures_;
}
std::string FakePaypal::order_of(const std::string& custom_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [id, o] : orders_) {
    if (o.custom_id == custom_id) return id;
  }
  return "";
}
std::string FakePaypal::order_status(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = orders_.find(id);
  return it == orders_.end() ? "" : it->second.status;
}

std::string FakePaypal::Json(const Order& o) const {
  std::string json = R"({"id":")" + o.id + R"(","intent":"CAPTURE","status":")" + o.status +
                     R"(","purchase_units":[{"custom_id":")" + o.custom_id + R"(","amount":{"currency_code":")" +
                     o.currency + R"(","value":")" + o.value + "\"}";
  if (o.status == "COMPLETED") {
    json += R"(,"payments":{"captures":[{"id":"CAP-)" + o.id + R"(","status":"COMPLETED","custom_id":")" +
            o.custom_id + "\"}]}";
  }
  json += R"(}],"links":[{"href":")" + base_url() + "/v2/checkout/orders/" + o.id +
          R"(","rel":"self","method":"GET"},{"href":")" + base_url() + "/checkoutnow?token=" + o.id +
          R"(","rel":"payer-action","method":"GET"}]})";
  return json;
}

FakeResponse FakePaypal::Handle(const RecordedRequest& request) {
  std::unique_lock<std::mutex> lock(mu_);
  if (request.method == "POST" && request.path == "/v1/oauth2/token") {
    if (request.header("authorization") != "Basic " + Base64Encode(client_id_ + ":" + client_secret_) ||
        request.body != "grant_type=client_credentials") {
      return FakeResponse::Json(401, R"({"error":"invalid_client"})");
    }
    return FakeResponse::Json(200, R"({"scope":"x","access_token":"A21-token-)" + std::to_string(++tokens_) +
                                       R"(","token_type":"Bearer","app_id":"APP-1","expires_in":32400})");
  }
  const std::string auth = request.header("authorization");
  if (auth.rfind("Bearer A21-token-", 0) != 0) return FakeResponse::Json(401, R"({"error":"invalid_token"})");
  const std::string replay_key = request.path + "|" + request.header("paypal-request-id");
  if (request.method == "POST") {
    if (auto it = replays_.find(replay_key); it != replays_.end()) return it->second;
  }
  FakeResponse response;
  const std::string orders = "/v2/checkout/orders";
  if (request.method == "POST" && request.path == orders) {
    rapidjson::Document doc;
    doc.Parse(request.body.c_str());
    if (doc.HasParseError() || !doc.IsObject()) return Issue(400, "MALFORMED_REQUEST_JSON");
    Order o;
    o.id = "ORDER-" + std::to_string(++created_);
    o.status = "PAYER_ACTION_REQUIRED";
    const rapidjson::Value& unit = doc["purchase_units"][0];
    o.custom_id = Member(unit, "custom_id");
    o.currency = Member(unit["amount"], "currency_code");
    o.value = Member(unit["amount"], "value");
    orders_[o.id] = o;
    response = FakeResponse::Json(200, Json(o));
  } else if (request.path.rfind(orders + "/", 0) == 0) {
    std::string id = request.path.substr(orders.size() + 1);
    const bool capture = id.size() > 8 && id.substr(id.size() - 8) == "/capture";
    if (capture) id = id.substr(0, id.size() - 8);
    auto it = orders_.find(id);
    if (it == orders_.end()) return Issue(404, "INVALID_RESOURCE_ID");
    if (!capture && request.method == "GET") return FakeResponse::Json(200, Json(it->second));
    if (!capture || request.method != "POST") return Issue(404, "NOT_FOUND");
    if (!capture_faults_.empty()) {
      int status = capture_faults_.front();
      capture_faults_.pop_front();
      return FakeResponse::Json(status, R"({"name":"INTERNAL_SERVER_ERROR"})");
    }
    Order& o = it->second;
    if (o.status == "COMPLETED") {
      response = Issue(422, "ORDER_ALREADY_CAPTURED");
    } else if (o.status != "APPROVED") {
      response = Issue(422, "ORDER_NOT_APPROVED");
    } else if (o.decline) {
      response = Issue(422, "INSTRUMENT_DECLINED");
    } else {
      o.status = "COMPLETED";
      ++captures_;
      response = FakeResponse::Json(201, Json(o));
    }
    response.delay = capture_delay_;
  } else if (request.method == "POST" && request.path == "/v1/notifications/verify-webhook-signature") {
    rapidjson::Document doc;
    doc.Parse(request.body.c_str());
    const bool ok = !doc.HasParseError() && doc.IsObject() && Member(doc, "transmission_sig") == kValidSignature &&
                    Member(doc, "webhook_id") == webhook_id_ && doc.HasMember("webhook_event") &&
                    doc["webhook_event"].IsObject();
    return FakeResponse::Json(200, std::string(R"({"verification_status":")") + (ok ? "SUCCESS" : "FAILURE") + "\"}");
  } else {
    return Issue(404, "NOT_FOUND");
  }
  if (request.method == "POST" && !request.header("paypal-request-id").empty()) replays_[replay_key] = response;
  return response;
}

}  // namespace prefill::testing
