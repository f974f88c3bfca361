// Shared set-up for the payment unit tests: the shipped demo form, a complete
// donor for each payment method, a settable clock and processor decorators
// that count, delay or replace calls.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "forms/form_loader.h"
#include "payments/payment_processor.h"
#include "session/session_merge.h"
#include "session/session_service.h"

namespace prefill::testing_payments {

inline Form DemoForm() {
  std::vector<FormProblem> problems;
  Result<Form> form = LoadFormFile(std::string(PREFILL_SOURCE_DIR) + "/forms/demo.json", &problems);
  EXPECT_TRUE(form.ok()) << form.status().ToString();
  return form.ok() ? form.value() : Form{};
}

inline FieldInput In(const std::string& field, const std::string& value) { return FieldInput{field, value, false}; }

// A next-year card expiry, so the card rules hold whenever the tests run.
inline std::string NextYear() {
  return std::to_string(UtcDate(SystemNow()).year + 1);
}

// Everything the demo form requires, plus the fields of `method`.
inline std::vector<FieldInput> Donor(const std::string& method, const std::string& method_value = "") {
  std::vector<FieldInput> in = {In("amount", "12,5"), In("payment_method", method), In("first_name", "Beate"),
                                In("last_name", "Muster"), In("email", "beate@example.org")};
  if (method == "sepa_direct_debit") {
    in.push_back(In("bank_account_owner", "Beate Muster"));
    in.push_back(In("bank_iban", method_value.empty() ? "DE89 3704 0044 0532 0130 00" : method_value));
  } else if (method == "credit_card") {
    in.push_back(In("credit_card_token", method_value.empty() ? "tok_sandbox_ok" : method_value));
    in.push_back(In("credit_card_expire_date_month", "12"));
    in.push_back(In("credit_card_expire_date_year", NextYear()));
  }
  return in;
}

// Passes calls through to `inner`, counting them, optionally after a pause
// (to make concurrent payments overlap) or with an outcome of the test's.
class ObservedProcessor : public PaymentProcessor {
 public:
  explicit ObservedProcessor(PaymentProcessor* inner) : inner_(inner) {}

  PaymentOutcome Charge(const PaymentRequest& request) override {
    ++charges;
    last_request = request;
    if (pause.count() > 0) std::this_thread::sleep_for(pause);
    return inner_->Charge(request);
  }
  PaymentOutcome Resolve(const Transaction& awaiting, bool approved) override {
    ++resolves;
    return inner_->Resolve(awaiting, approved);
  }
  // Answers `lookup_status` instead when it is set (e.g. Unavailable).
  Result<PaymentOutcome> Lookup(const PaymentRequest& attempt) override {
    ++lookups;
    last_lookup = attempt;
    if (!lookup_status.ok()) return lookup_status;
    return inner_->Lookup(attempt);
  }

  std::atomic<int> charges{0};
  std::atomic<int> resolves{0};
  std::atomic<int> lookups{0};
  Status lookup_status = Status::OK();  // set before the calls
  PaymentRequest last_lookup;           // read only after the calls are done
  std::chrono::milliseconds pause{0};
  PaymentRequest last_request;  // read only after the calls are done

 private:
  PaymentProcessor* inner_;
};

// A clock that tests can move forward.
class MovableClock {
 public:
  TimePoint Now() const { return SystemNow() + std::chrono::minutes(offset_minutes.load()); }
  NowFunction Function() {
    return [this] { return Now(); };
  }
  std::atomic<int> offset_minutes{0};
};

}  // namespace prefill::testing_payments
