// Forms and a settable clock for the session tests, built by hand as Form structs
// so the tests do not depend on form files.
#pragma once

#include <chrono>
#include <string>

#include "forms/form.h"
#include "session/session.h"
#include "session/session_service.h"

namespace prefill::testing_session {

inline validators::FieldRule Required() {
  validators::FieldRule rule;
  rule.required = true;
  return rule;
}

inline validators::FieldRule Optional() { return validators::FieldRule{}; }

inline validators::FieldRule CustomText(bool hidden = false) {
  validators::FieldRule rule;
  rule.hidden = hidden;
  rule.validator = validators::CustomValidator{};
  rule.validator->type = validators::CustomValidator::Type::kText;
  return rule;
}

inline constexpr int kParallelFields = 16;

inline std::string ParallelField(int i) { return "note_" + std::to_string(i); }

// A donation form: amount, name group (last name required), e-mail, address and
// bank groups, an item, a hidden basket and kParallelFields custom text fields.
inline Form DonationForm(const std::string& id = "demo") {
  Form form;
  form.id = id;
  form.name = "Demo " + id;
  form.hash = id + "-public-hash-0001";
  form.sandbox_hash = id + "-sandbox-hash-0001";
  form.session_ttl_minutes = 60;
  form.rules.language = "de-DE";
  form.rules.currency = "EUR";
  form.rules.amount.min = 100;
  form.rules.items = {validators::ItemRule{"big", 1000}};
  form.rules.intervals = {"0"};
  auto& f = form.rules.fields;
  f["amount"] = Required();
  f["fb_item_id"] = Optional();
  f["salutation"] = Optional();
  f["title"] = Optional();
  f["first_name"] = Optional();
  f["last_name"] = Required();
  f["email"] = Required();
  f["birthday"] = Optional();
  f["address"] = Optional();
  f["post_code"] = Optional();
  f["city"] = Optional();
  f["country"] = Optional();
  f["payment_method"] = Optional();
  f["bank_account_owner"] = Optional();
  f["bank_iban"] = Optional();
  f["bank_bic"] = Optional();
  f["basket"] = CustomText(/*hidden=*/true);
  for (int i = 0; i < kParallelFields; ++i) f[ParallelField(i)] = CustomText();
  for (const auto& [name, rule] : f) {
    FormField field;
    field.name = name;
    field.type = rule.hidden ? "hidden" : "text";
    form.fields.push_back(field);
  }
  return form;
}

// A clock the test moves by hand.
class FakeClock {
 public:
  explicit FakeClock(TimePoint start) : now_(start) {}
  TimePoint Now() const { return now_; }
  void Advance(std::chrono::microseconds by) { now_ += by; }
  NowFunction AsFunction() {
    return [this] { return now_; };
  }

 private:
  TimePoint now_;
};

// 2026-05-20T10:00:00Z
inline TimePoint May2026() {
  using namespace std::chrono;
  return time_point_cast<microseconds>(sys_days{year{2026} / May / 20} + hours(10));
}

}  // namespace prefill::testing_session
