#include "providers/stripe_webhook.h"

#include <cstdlib>
#include <vector>

#include "providers/provider_json.h"
#include "rest/encoding.h"

namespace prefill {

std::string StripeSignature(const std::string& payload, const Secret& secret, long long timestamp) {
  return HmacSha256Hex(secret.reveal(), std::to_string(timestamp) + "." + payload);
}

Status VerifyStripeSignature(const std::string& header, const std::string& payload, const Secret& secret,
                             long long now_unix, std::chrono::seconds tolerance) {
  if (secret.empty()) return Status::Forbidden("no webhook secret for this account");
  long long timestamp = -1;
  std::vector<std::string> signatures;
  size_t start = 0;
  while (start <= header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    const std::string item = header.substr(start, end - start);
    const size_t eq = item.find('=');
    if (eq != std::string::npos) {
      const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
      if (key == "t" && !value.empty() && value.size() <= 12 &&
          value.find_first_not_of("0123456789") == std::string::npos) {
        timestamp = std::atoll(value.c_str());
      } else if (key == "v1") {
        signatures.push_back(value);
      }
    }
    start = end + 1;
  }
  if (timestamp < 0) return Status::Forbidden("Stripe-Signature without a timestamp");
  if (signatures.empty()) return Status::Forbidden("Stripe-Signature without a v1 signature");
  const long long age = now_unix - timestamp;
  if (age > tolerance.count() || -age > tolerance.count()) {
    return Status::Forbidden("Stripe-Signature timestamp outside the tolerance");
  }
  const std::string expected = StripeSignature(payload, secret, timestamp);
  bool match = false;
  for (const std::string& s : signatures) match |= ConstantTimeEquals(s, expected);  // every one compared
  if (!match) return Status::Forbidden("Stripe-Signature does not match");
  return Status::OK();
}

Result<StripeEvent> ParseStripeEvent(const std::string& payload) {
  rapidjson::Document doc;
  if (!ParseJsonObject(payload, &doc) || JsonString(doc, {"object"}) != "event") {
    return Status::InvalidArgument("not a Stripe event");
  }
  StripeEvent event;
  event.id = JsonString(doc, {"id"});
  event.type = JsonString(doc, {"type"});
  if (event.type != "payment_intent.succeeded" && event.type != "payment_intent.payment_failed") {
    return Status::NotFound("event type not handled");
  }
  const rapidjson::Value* intent = JsonAt(doc, {"data", "object"});
  if (intent == nullptr || JsonString(*intent, {"object"}) != "payment_intent") {
    return Status::InvalidArgument("event without a payment intent");
  }
  event.intent_id = JsonString(*intent, {"id"});
  event.transaction_id = JsonString(*intent, {"metadata", "transaction"});
  if (event.intent_id.empty() || event.transaction_id.empty()) {
    return Status::InvalidArgument("payment intent without id or transaction");
  }
  if (event.type == "payment_intent.succeeded") {
    event.outcome = PaymentOutcome::Confirmed(event.intent_id);
  } else {
    std::string message = JsonString(*intent, {"last_payment_error", "message"});
    event.outcome = PaymentOutcome::Error(message.empty() ? "the card payment could not be made" : message,
                                          event.intent_id);
  }
  return event;
}

}  // namespace prefill
