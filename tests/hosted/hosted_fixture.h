// Shared set-up of the hosted page tests: the repository's forms, a session
// core on a memory store with a fixed clock, and a router with the hosted
// routes whose payment function records what it was asked.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "forms/form_registry.h"
#include "hosted/hosted_routes.h"
#include "http/router.h"
#include "session/memory_session_store.h"
#include "session/session_service.h"

namespace prefill::testing {

inline TimePoint FixedNow() {
  // 2026-06-15T12:00:00Z
  return TimePoint(std::chrono::seconds(1781524800));
}

class HostedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<FormProblem> problems;
    auto loaded = FormRegistry::LoadDirectory(PREFILL_SOURCE_DIR "/forms", &problems);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    forms_ = std::make_unique<FormRegistry>(std::move(loaded.value()));
    demo_ = forms_->FindByHash("demo_sandbox_hash_0001").form;
    ASSERT_NE(demo_, nullptr);
    sessions_ = std::make_unique<SessionService>(&store_, FixedNow);
    HostedRoutesOptions options;
    options.pay = [this](const HostedPayRequest& request) {
      pay_calls_.push_back({request.form.id, request.form_hash, request.session_hash, request.donor_ip, request.lang,
                            request.sandbox});
      return Result<HostedPayment>(pay_answer_);
    };
    RegisterHostedRoutes(router_, *forms_, *sessions_, options);
  }

  HttpResponse Call(const std::string& method, const std::string& path, const std::string& query = "",
                    const std::string& body = "", const std::string& origin = "") {
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.query = query;
    request.body = body;
    request.client_ip = "203.0.113.7";
    if (!body.empty()) request.headers.emplace("content-type", "application/x-www-form-urlencoded");
    if (!origin.empty()) request.headers.emplace("origin", origin);
    Router::Match match = router_.Find(method, path);
    if (match.route == nullptr) return match.fallback;
    return match.route->handler(request, match.params);
  }

  // A session of the demo form (sandbox) made through the form API's rules.
  SessionView NewSession(const std::vector<FieldInput>& inputs) {
    auto created = sessions_->Create(*demo_, true, inputs, Authority::kForm);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.value();
  }

  struct PayCall {
    std::string form_id, form_hash, session_hash, ip, lang;
    bool sandbox = false;
  };

  MemorySessionStore store_;
  std::unique_ptr<FormRegistry> forms_;
  const Form* demo_ = nullptr;
  std::unique_ptr<SessionService> sessions_;
  Router router_;
  std::vector<PayCall> pay_calls_;
  // What the page's payment function answers (typed, as PaymentService does).
  HostedPayment pay_answer_ = [] {
    HostedPayment confirmed;
    confirmed.result.kind = PaymentResult::Kind::kConfirmed;
    return confirmed;
  }();
};

// Inputs for a complete SEPA session of the demo form.
inline std::vector<FieldInput> CompleteSepaInputs() {
  return {{"amount", "25.00", true},         {"payment_method", "sepa_direct_debit", false},
          {"first_name", "Beate", false},    {"last_name", "Muster", false},
          {"email", "beate@example.org", false}, {"bank_account_owner", "Beate Muster", false},
          {"bank_iban", "DE89370400440532013000", false}};
}

inline size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace prefill::testing
