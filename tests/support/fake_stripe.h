// FakeStripe: a local stand-in for Stripe's PaymentIntents API, on
// FakeHttpServer (every request recorded), built from Stripe's published
// wire format (docs.stripe.com/api/payment_intents):
//   POST /v1/payment_intents (form-encoded, confirm=true) with test payment
//        methods: pm_card_visa -> succeeded; pm_card_chargeDeclined -> 402
//        card_error "Your card was declined."; pm_card_threeDSecure2Required
//        -> requires_action with next_action.redirect_to_url.url;
//   GET  /v1/payment_intents/:id, POST /v1/payment_intents/:id/cancel,
//   GET  /v1/payment_intents/search?query=metadata['transaction']:'<id>'.
// Idempotency as Stripe does it: the first executed request of a key is
// saved (status and body) and replayed for every later request with that
// key; the same key with other parameters is a 400 idempotency_error. A
// fault injected "before execution" (a gateway's 500/429/HTML/garbage,
// a timeout) saves nothing; one "after execution" (the answer lost) does.
// Authorization must be "Bearer <secret key>".
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "support/fake_http_server.h"

namespace prefill::testing {

class FakeStripe {
 public:
  enum class Fault {
    k500,             // 500 JSON api_error, before execution
    k429,             // 429 rate_limit_error, before execution
    kHtml,            // 502 HTML page, before execution
    kGarbage,         // 200 "not json", before execution
    kTimeout,         // answers after 3 s (longer than the client waits), before execution
    kHuge,            // 200 with a 20 MB body, before execution
    kLostAfterCharge  // executes (and saves the key), then hangs up without answering
  };

  explicit FakeStripe(std::string secret_key = "sk_test_fake");

  std::string base_url() const { return server_->base_url(); }
  FakeHttpServer& server() { return *server_; }

  // The next `times` requests to POST /v1/payment_intents meet `fault`.
  void InjectCreateFault(Fault fault, int times = 1);
  // Finishes a 3-D Secure authentication: succeeded, or requires_payment_method.
  void CompleteAuthentication(const std::string& intent_id, bool success);

  int intents_created() const;    // executed creates (not replays)
  int succeeded_charges() const;  // intents in status succeeded
  std::string intent_json(const std::string& id) const;
  // The id of the intent created for `transaction_id` (metadata), or "".
  std::string intent_of(const std::string& transaction_id) const;

 private:
  struct Intent {
    std::string id, status, currency, payment_method, session, transaction, redirect_url, error_message;
    long long amount = 0;
  };
  struct Saved {
    std::string params;
    FakeResponse response;
  };
  FakeResponse Handle(const RecordedRequest& request);
  FakeResponse Create(const RecordedRequest& request);
  std::string Json(const Intent& intent) const;

  const std::string secret_key_;
  mutable std::mutex mu_;
  std::deque<Fault> faults_;
  std::map<std::string, Intent> intents_;
  std::map<std::string, Saved> saved_;  // idempotency key -> first executed answer
  int created_ = 0;
  std::unique_ptr<FakeHttpServer> server_;  // last: stopped before the state goes
};

}  // namespace prefill::testing
