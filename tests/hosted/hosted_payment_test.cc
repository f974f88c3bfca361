#include "hosted/hosted_payment.h"

#include <gtest/gtest.h>

#include "hosted_fixture.h"
#include "payments/memory_transaction_store.h"
#include "sandbox/sandbox_processor.h"

namespace prefill::testing {
namespace {

// The real payment path of the hosted page: PaymentService on memory stores
// with the sandbox processor, behind the page's payment endpoint.
class HostedPaymentTest : public HostedTest {
 protected:
  void SetUp() override {
    HostedTest::SetUp();
    payments_ = std::make_unique<PaymentService>(&store_, &transactions_, &sandbox_, nullptr, FixedNow);
    pay_ = MakeHostedPayFunction(*payments_, [] { return std::string("http://127.0.0.1:8080"); });
  }

  HttpResponse PayPage(const std::string& session_hash) {
    return HostedPaymentAnswer(pay_({*demo_, "demo_sandbox_hash_0001", session_hash, "203.0.113.7", "", true}), *demo_);
  }

  MemoryTransactionStore transactions_;
  SandboxProcessor sandbox_;
  std::unique_ptr<PaymentService> payments_;
  HostedPayFunction pay_;
};

TEST_F(HostedPaymentTest, SepaSandboxPaymentIsConfirmedOnce) {
  SessionView session = NewSession(CompleteSepaInputs());
  HttpResponse answer = PayPage(session.record.hash);
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("\"payment_status\":\"confirmed\""), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("\"masked_iban\":\"****3000\""), std::string::npos) << answer.body;
  EXPECT_EQ(answer.body.find("DE89370400440532013000"), std::string::npos);
  EXPECT_EQ(store_.Find(session.record.hash).value().state, SessionState::kCompleted);

  HttpResponse again = PayPage(session.record.hash);
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("error 202"), std::string::npos);
  EXPECT_EQ(transactions_.size(), 1u);
}

TEST_F(HostedPaymentTest, PaypalAwaitsWithAnAbsoluteApprovalUrl) {
  std::vector<FieldInput> inputs = CompleteSepaInputs();
  inputs[1].value = "paypal";
  SessionView session = NewSession(inputs);
  HttpResponse answer = PayPage(session.record.hash);
  EXPECT_NE(answer.body.find("\"payment_status\":\"awaiting\""), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("\"redirect_url\":\"http://127.0.0.1:8080/sandbox/paypal/"), std::string::npos);
  // After the approval page the donor comes back to this session's hosted page.
  auto listed = transactions_.ListForSession(session.record.hash);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed.value().size(), 1u);
  EXPECT_EQ(listed.value()[0].success_url,
            "http://127.0.0.1:8080/form/demo_sandbox_hash_0001?fbSessionHash=" + session.record.hash);
}

TEST_F(HostedPaymentTest, ThePagesLanguageComesBackFromTheApprovalPage) {
  std::vector<FieldInput> inputs = CompleteSepaInputs();
  inputs[1].value = "paypal";
  SessionView session = NewSession(inputs);
  Result<HostedPayment> paid = pay_({*demo_, "demo_sandbox_hash_0001", session.record.hash, "203.0.113.7", "de DE", true});
  ASSERT_TRUE(paid.ok());
  ASSERT_EQ(paid->result.kind, PaymentResult::Kind::kAwaiting);
  auto listed = transactions_.ListForSession(session.record.hash);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed.value().size(), 1u);
  const std::string back =
      "http://127.0.0.1:8080/form/demo_sandbox_hash_0001?fbSessionHash=" + session.record.hash + "&lang=de%20DE";
  EXPECT_EQ(listed.value()[0].success_url, back);  // encoded: the value cannot add parameters
  EXPECT_EQ(listed.value()[0].failure_url, back);
}

// The page pays only a session of its own hash's mode: a sandbox session through
// the live hash (the sandbox processor would approve it) and a live one through
// the sandbox hash are the unknown session's 203, and nothing is attempted.
TEST_F(HostedPaymentTest, ASessionIsPaidOnlyThroughTheHashItWasMadeWith) {
  SessionView sandbox = NewSession(CompleteSepaInputs());
  auto live = sessions_->Create(*demo_, false, CompleteSepaInputs(), Authority::kForm);
  ASSERT_TRUE(live.ok());
  HttpResponse through_live =
      HostedPaymentAnswer(pay_({*demo_, "demo_live_hash_0001", sandbox.record.hash, "203.0.113.7", "", false}), *demo_);
  EXPECT_EQ(through_live.status, 404) << through_live.body;
  EXPECT_NE(through_live.body.find("error 203"), std::string::npos) << through_live.body;
  HttpResponse through_sandbox = HostedPaymentAnswer(
      pay_({*demo_, "demo_sandbox_hash_0001", live->record.hash, "203.0.113.7", "", true}), *demo_);
  EXPECT_EQ(through_sandbox.status, 404) << through_sandbox.body;
  EXPECT_EQ(transactions_.size(), 0u);
  EXPECT_EQ(store_.Find(sandbox.record.hash).value().state, SessionState::kOpen);
  EXPECT_EQ(store_.Find(live->record.hash).value().state, SessionState::kOpen);
}

TEST_F(HostedPaymentTest, RefusedMandateKeepsTheSessionOpenWithAGlobalError) {
  std::vector<FieldInput> inputs = CompleteSepaInputs();
  inputs.back().value = SandboxProcessor::kMandateRefusedIban;
  SessionView session = NewSession(inputs);
  HttpResponse answer = PayPage(session.record.hash);
  EXPECT_NE(answer.body.find("\"payment_status\":\"error\""), std::string::npos);
  EXPECT_NE(answer.body.find("mandate refused"), std::string::npos);
  EXPECT_EQ(store_.Find(session.record.hash).value().state, SessionState::kOpen);
}

TEST_F(HostedPaymentTest, IncompleteAndUnknownSessionsAreNumberedErrors) {
  SessionView session = NewSession({{"first_name", "Beate", false}});
  HttpResponse incomplete = PayPage(session.record.hash);
  EXPECT_EQ(incomplete.status, 400);
  EXPECT_NE(incomplete.body.find("error 201"), std::string::npos);
  EXPECT_NE(PayPage("no-such-session").body.find("error 203"), std::string::npos);
  EXPECT_EQ(transactions_.size(), 0u);
}

}  // namespace
}  // namespace prefill::testing
