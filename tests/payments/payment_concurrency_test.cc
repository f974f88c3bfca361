// Exactly once under real threads: many payments of one session charge once,
// and approve/cancel races on an awaiting payment decide it once.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "payment_test_support.h"
#include "payments/memory_transaction_store.h"
#include "payments/payment_service.h"
#include "sandbox/sandbox_processor.h"
#include "session/memory_session_store.h"

namespace prefill {
namespace {

using testing_payments::DemoForm;
using testing_payments::Donor;
using testing_payments::ObservedProcessor;
using Kind = PaymentResult::Kind;

constexpr int kThreads = 10;

class PaymentConcurrencyTest : public ::testing::Test {
 protected:
  PaymentConcurrencyTest()
      : form_(DemoForm()),
        processor_(&sandbox_),
        sessions_(&session_store_),
        payments_(&session_store_, &transactions_, &processor_, nullptr) {}

  std::string NewSession(const std::string& method, const std::string& value = "") {
    Result<SessionView> view = sessions_.Create(form_, true, Donor(method, value), Authority::kForm);
    EXPECT_TRUE(view.ok() && view->complete);
    return view->record.hash;
  }

  // Runs Pay from kThreads threads released together; counts answers by kind
  // ("confirmed", "error", ...) or by refusal Status ("locked", "processed").
  std::map<std::string, int> PayConcurrently(const std::string& hash) {
    std::map<std::string, int> answers;
    std::mutex mu;
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&] {
        while (!go.load()) std::this_thread::yield();
        Result<PaymentResult> r = payments_.Pay(form_, hash, {"192.0.2.10", "", ""});
        std::string key;
        if (r.ok()) {
          key = r->kind == Kind::kConfirmed ? "confirmed" : r->kind == Kind::kAwaiting ? "awaiting" : "error";
        } else if (r.status().Is(Status::Code::kLocked)) {
          key = "locked";
        } else if (r.status().Is(Status::Code::kProcessed)) {
          key = "processed";
        } else {
          key = r.status().ToString();
        }
        std::lock_guard<std::mutex> lock(mu);
        ++answers[key];
      });
    }
    go = true;
    for (auto& t : threads) t.join();
    return answers;
  }

  Form form_;
  MemorySessionStore session_store_;
  MemoryTransactionStore transactions_;
  SandboxProcessor sandbox_;
  ObservedProcessor processor_;
  SessionService sessions_;
  PaymentService payments_;
};

TEST_F(PaymentConcurrencyTest, TenPaymentsOfOneSessionChargeExactlyOnce) {
  processor_.pause = std::chrono::milliseconds(20);  // the winner is still charging while others arrive
  const std::string hash = NewSession("credit_card");
  std::map<std::string, int> answers = PayConcurrently(hash);
  EXPECT_EQ(answers["confirmed"], 1);
  EXPECT_EQ(answers["locked"] + answers["processed"], kThreads - 1);
  EXPECT_EQ(answers.size(), answers.count("processed") + answers.count("locked") + 1u) << "unexpected answers";
  EXPECT_EQ(processor_.charges.load(), 1);
  Result<std::vector<Transaction>> attempts = transactions_.ListForSession(hash);
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ((*attempts)[0].status, TransactionStatus::kConfirmed);
  EXPECT_EQ(session_store_.Find(hash)->state, SessionState::kCompleted);
}

TEST_F(PaymentConcurrencyTest, WithoutAPauseStillExactlyOnce) {
  for (int round = 0; round < 20; ++round) {
    const std::string hash = NewSession("sepa_direct_debit");
    std::map<std::string, int> answers = PayConcurrently(hash);
    ASSERT_EQ(answers["confirmed"], 1) << "round " << round;
    ASSERT_EQ(answers["locked"] + answers["processed"], kThreads - 1) << "round " << round;
    ASSERT_EQ(transactions_.ListForSession(hash)->size(), 1u);
  }
}

TEST_F(PaymentConcurrencyTest, ConcurrentDeclinesNeverOverlapAndNeverConfirm) {
  // A declined attempt reopens the session, so later threads may try again;
  // what must hold is that attempts never overlap and none succeeds.
  const std::string hash = NewSession("credit_card", "tok_sandbox_declined");
  std::map<std::string, int> answers = PayConcurrently(hash);
  EXPECT_EQ(answers["confirmed"], 0);
  EXPECT_GE(answers["error"], 1);
  EXPECT_EQ(answers["error"] + answers["locked"], kThreads);
  Result<std::vector<Transaction>> attempts = transactions_.ListForSession(hash);
  EXPECT_EQ(static_cast<int>(attempts->size()), answers["error"]);
  for (const Transaction& t : *attempts) EXPECT_EQ(t.status, TransactionStatus::kFailed);
  EXPECT_EQ(session_store_.Find(hash)->state, SessionState::kOpen);
}

TEST_F(PaymentConcurrencyTest, RacingApprovalsAndCancelsDecideAnAwaitingPaymentOnce) {
  for (int round = 0; round < 10; ++round) {
    const std::string hash = NewSession("paypal");
    Result<PaymentResult> awaiting = payments_.Pay(form_, hash, {});
    ASSERT_TRUE(awaiting.ok());
    const std::string id = awaiting->transaction->id;
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    std::vector<TransactionStatus> seen(kThreads);
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        while (!go.load()) std::this_thread::yield();
        Result<Transaction> t = payments_.ResolveAwaiting(id, i % 2 == 0);
        seen[i] = t.ok() ? t->status : TransactionStatus::kPending;
      });
    }
    go = true;
    for (auto& t : threads) t.join();

    const TransactionStatus final_status = transactions_.Find(id)->status;
    ASSERT_TRUE(final_status == TransactionStatus::kConfirmed || final_status == TransactionStatus::kCancelled);
    const SessionState state = session_store_.Find(hash)->state;
    EXPECT_EQ(state, final_status == TransactionStatus::kConfirmed ? SessionState::kCompleted : SessionState::kOpen);
    // Every caller, winner or loser, is told the one decision that stands.
    for (TransactionStatus s : seen) EXPECT_EQ(s, final_status) << "round " << round;
  }
}

}  // namespace
}  // namespace prefill
