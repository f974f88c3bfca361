// FakePaypal: a local stand-in for PayPal's REST API (OAuth client
// credentials, Orders v2, webhook verification), on FakeHttpServer (every
// request recorded), built from PayPal's published wire format
// (developer.paypal.com/docs/api/orders/v2):
//   POST /v1/oauth2/token (Basic client_id:client_secret) -> access token;
//   POST /v2/checkout/orders -> PAYER_ACTION_REQUIRED with a payer-action link;
//   GET  /v2/checkout/orders/:id;
//   POST /v2/checkout/orders/:id/capture -> COMPLETED; 422 ORDER_NOT_APPROVED
//        before Approve(); 422 INSTRUMENT_DECLINED after Decline(); 422
//        ORDER_ALREADY_CAPTURED for a second capture with another request id;
//   POST /v1/notifications/verify-webhook-signature -> SUCCESS when the
//        transmission signature is kValidSignature and webhook_id matches.
// PayPal-Request-Id is honoured per endpoint: the first answer for an id is
// replayed for every later request with it. Faults can be injected before
// the next captures.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "support/fake_http_server.h"

namespace prefill::testing {

class FakePaypal {
 public:
  static constexpr char kValidSignature[] = "valid-transmission-signature";

  FakePaypal(std::string client_id = "pp-client", std::string client_secret = "pp-secret",
             std::string webhook_id = "WH-FAKE-1");

  std::string base_url() const { return server_->base_url(); }
  FakeHttpServer& server() { return *server_; }

  void Approve(const std::string& order_id);  // the donor approved at PayPal
  void Decline(const std::string& order_id);  // the funding source will be declined at capture
  void InjectCaptureFault(int status, int times = 1);  // before execution
  void SlowCaptures(std::chrono::milliseconds delay);   // every capture answers this late

  int tokens_issued() const;
  int captures() const;  // executed captures (not replays)
  std::string order_of(const std::string& custom_id) const;
  std::string order_status(const std::string& order_id) const;

 private:
  struct Order {
    std::string id, status, custom_id, currency, value;
    bool decline = false;
  };
  FakeResponse Handle(const RecordedRequest& request);
  std::string Json(const Order& order) const;

  const std::string client_id_, client_secret_, webhook_id_;
  mutable std::mutex mu_;
  std::map<std::string, Order> orders_;
  std::map<std::string, FakeResponse> replays_;  // path + request id -> first answer
  std::deque<int> capture_faults_;
  std::chrono::milliseconds capture_delay_{0};
  int tokens_ = 0, captures_ = 0, created_ = 0;
  std::unique_ptr<FakeHttpServer> server_;
};

}  // namespace prefill::testing
