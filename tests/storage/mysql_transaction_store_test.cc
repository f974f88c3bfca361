// MySqlTransactionStore against the real MariaDB: the TransactionStore
// contract (round trip, AlreadyExists, NotFound, compare-and-set on status),
// byte-exact storage of hostile text, refusals before writing, and the
// payment service's exactly-once on top of MySqlSessionStore.
#include "storage/mysql_transaction_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "forms/form_loader.h"
#include "payments/payment_service.h"
#include "sandbox/sandbox_processor.h"
#include "session/session_service.h"
#include "storage/mysql_session_store.h"
#include "support/test_database.h"

namespace prefill {
namespace {

using namespace std::chrono_literals;
using prefill::testing::TestDatabase;

// 2026-05-20 10:00:00.123456 UTC
TimePoint May2026() {
  return TimePoint(std::chrono::sys_days{std::chrono::year{2026} / 5 / 20}.time_since_epoch() + 10h + 123456us);
}

class MySqlTransactionStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { db_ = new TestDatabase("mysql_transaction_store"); }
  static void TearDownTestSuite() { delete db_; }

  static Transaction NewTransaction(const std::string& session = "session_a") {
    Transaction t;
    t.id = NewTransactionId();
    t.session_hash = session;
    t.form_id = "demo";
    t.amount = "12.50";
    t.currency = "EUR";
    t.payment_method = "sepa_direct_debit";
    t.interval = 12;
    t.status = TransactionStatus::kPending;
    t.is_test = true;
    t.masked_iban = "****3000";
    t.success_url = "https://shop.example/thanks";
    t.created_at = May2026();
    t.updated_at = May2026();
    return t;
  }

  static void ExpectSame(const Transaction& a, const Transaction& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.session_hash, b.session_hash);
    EXPECT_EQ(a.form_id, b.form_id);
    EXPECT_EQ(a.amount, b.amount);
    EXPECT_EQ(a.currency, b.currency);
    EXPECT_EQ(a.payment_method, b.payment_method);
    EXPECT_EQ(a.interval, b.interval);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.is_test, b.is_test);
    EXPECT_EQ(a.masked_iban, b.masked_iban);
    EXPECT_EQ(a.provider_reference, b.provider_reference);
    EXPECT_EQ(a.failure_reason, b.failure_reason);
    ASSERT_EQ(a.instructions.has_value(), b.instructions.has_value());
    if (a.instructions) {
      EXPECT_EQ(a.instructions->account_holder, b.instructions->account_holder);
      EXPECT_EQ(a.instructions->iban, b.instructions->iban);
      EXPECT_EQ(a.instructions->bic, b.instructions->bic);
      EXPECT_EQ(a.instructions->reference, b.instructions->reference);
    }
    EXPECT_EQ(a.success_url, b.success_url);
    EXPECT_EQ(a.failure_url, b.failure_url);
    EXPECT_EQ(a.created_at, b.created_at);
    EXPECT_EQ(a.updated_at, b.updated_at);
  }

  static TestDatabase* db_;
};
TestDatabase* MySqlTransactionStoreTest::db_ = nullptr;

TEST_F(MySqlTransactionStoreTest, RoundTripsEveryField) {
  MySqlTransactionStore store(db_->pool());
  Transaction t = NewTransaction();
  ASSERT_TRUE(store.Insert(t).ok());
  Result<Transaction> found = store.Find(t.id);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ExpectSame(*found, t);

  Transaction done = t;
  done.status = TransactionStatus::kConfirmed;
  done.provider_reference = "sbx_transfer_abc";
  done.masked_iban.reset();
  done.instructions = PaymentInstructions{"Prefill Sandbox Charity e.V.", "DE44500105175407324931", "INGDDEFFXXX",
                                          "PREFILL ABC"};
  done.updated_at = May2026() + 1500ms;
  ASSERT_TRUE(store.UpdateIf(done, TransactionStatus::kPending).ok());
  found = store.Find(t.id);
  ASSERT_TRUE(found.ok());
  ExpectSame(*found, done);
}

TEST_F(MySqlTransactionStoreTest, DuplicateIdIsAlreadyExistsAndUnknownIsNotFound) {
  MySqlTransactionStore store(db_->pool());
  Transaction t = NewTransaction();
  ASSERT_TRUE(store.Insert(t).ok());
  EXPECT_TRUE(store.Insert(t).Is(Status::Code::kAlreadyExists));
  EXPECT_TRUE(store.Find(NewTransactionId()).status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(store.Find("' OR '1'='1").status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(store.Find("").status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(store.UpdateIf(NewTransaction(), TransactionStatus::kPending).Is(Status::Code::kNotFound));
}

TEST_F(MySqlTransactionStoreTest, UpdateIfComparesTheStatus) {
  MySqlTransactionStore store(db_->pool());
  Transaction t = NewTransaction();
  ASSERT_TRUE(store.Insert(t).ok());
  Transaction awaiting = t;
  awaiting.status = TransactionStatus::kAwaiting;
  ASSERT_TRUE(store.UpdateIf(awaiting, TransactionStatus::kPending).ok());
  Transaction stale = t;
  stale.status = TransactionStatus::kFailed;
  stale.failure_reason = "late";
  EXPECT_TRUE(store.UpdateIf(stale, TransactionStatus::kPending).Is(Status::Code::kConflict));
  EXPECT_EQ(store.Find(t.id)->status, TransactionStatus::kAwaiting);
  EXPECT_EQ(store.Find(t.id)->failure_reason, "");
  // Writing the same values again matches but changes nothing: still a success.
  EXPECT_TRUE(store.UpdateIf(awaiting, TransactionStatus::kAwaiting).ok());
}

TEST_F(MySqlTransactionStoreTest, ConcurrentDecisionsOnOneTransactionHaveOneWinner) {
  MySqlTransactionStore store(db_->pool());
  Transaction t = NewTransaction();
  t.status = TransactionStatus::kAwaiting;
  ASSERT_TRUE(store.Insert(t).ok());
  std::atomic<int> wins{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      Transaction decided = t;
      decided.status = i % 2 ? TransactionStatus::kConfirmed : TransactionStatus::kCancelled;
      if (store.UpdateIf(decided, TransactionStatus::kAwaiting).ok()) ++wins;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_NE(store.Find(t.id)->status, TransactionStatus::kAwaiting);
}

TEST_F(MySqlTransactionStoreTest, ListsTheAttemptsOfOneSessionOldestFirst) {
  MySqlTransactionStore store(db_->pool());
  Transaction second = NewTransaction("session_list");
  second.created_at = May2026() + 2s;
  Transaction first = NewTransaction("session_list");
  ASSERT_TRUE(store.Insert(second).ok());
  ASSERT_TRUE(store.Insert(first).ok());
  ASSERT_TRUE(store.Insert(NewTransaction("session_other")).ok());
  Result<std::vector<Transaction>> listed = store.ListForSession("session_list");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, first.id);
  EXPECT_EQ((*listed)[1].id, second.id);
  EXPECT_TRUE(store.ListForSession("nobody")->empty());
}

TEST_F(MySqlTransactionStoreTest, HostileTextIsStoredByteExact) {
  MySqlTransactionStore store(db_->pool());
  Transaction t = NewTransaction();
  t.failure_reason = "'; DROP TABLE transactions; -- \"<b>\" \\ Grüße 🙂";
  t.provider_reference = "ref'\"\\%_";
  ASSERT_TRUE(store.Insert(t).ok());
  Result<Transaction> found = store.Find(t.id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->failure_reason, t.failure_reason);
  EXPECT_EQ(found->provider_reference, t.provider_reference);
}

TEST_F(MySqlTransactionStoreTest, RefusesWhatAColumnCannotHoldBeforeWriting) {
  MySqlTransactionStore store(db_->pool());
  auto refused = [&](const std::function<void(Transaction*)>& spoil) {
    Transaction t = NewTransaction();
    spoil(&t);
    Status s = store.Insert(t);
    EXPECT_TRUE(s.Is(Status::Code::kInvalidArgument)) << s.ToString();
    EXPECT_TRUE(store.Find(t.id).status().Is(Status::Code::kNotFound));
  };
  refused([](Transaction* t) { t->amount = "12.505"; });
  refused([](Transaction* t) { t->amount = "-5.00"; });
  refused([](Transaction* t) { t->amount = "12345678901234.00"; });
  refused([](Transaction* t) { t->amount = ""; });
  refused([](Transaction* t) { t->failure_reason = std::string(256, 'x'); });
  refused([](Transaction* t) { t->failure_reason = "\xff\xfe"; });
  refused([](Transaction* t) { t->success_url = "https://x/" + std::string(2048, 'a'); });
  refused([](Transaction* t) { t->currency = "EURO"; });
  refused([](Transaction* t) { t->created_at = TimePoint(std::chrono::microseconds(-40000000000000000LL)); });
  Transaction long_id = NewTransaction();
  long_id.id += "-too-long";
  EXPECT_TRUE(store.Insert(long_id).Is(Status::Code::kInvalidArgument));
}

TEST_F(MySqlTransactionStoreTest, PaymentServiceOnMariaDbChargesOnceUnderConcurrency) {
  std::vector<FormProblem> problems;
  Result<Form> form = LoadFormFile(std::string(PREFILL_SOURCE_DIR) + "/forms/demo.json", &problems);
  ASSERT_TRUE(form.ok());
  MySqlSessionStore sessions_store(db_->pool());
  MySqlTransactionStore transactions(db_->pool());
  SandboxProcessor sandbox;
  SessionService sessions(&sessions_store);
  PaymentService payments(&sessions_store, &transactions, &sandbox, nullptr);
  auto in = [](const std::string& f, const std::string& v) { return FieldInput{f, v, false}; };
  Result<SessionView> created =
      sessions.Create(*form, true,
                      {in("amount", "20"), in("payment_method", "sepa_direct_debit"), in("first_name", "A"),
                       in("last_name", "B"), in("email", "a@example.org"), in("bank_account_owner", "A B"),
                       in("bank_iban", "DE89370400440532013000")},
                      Authority::kForm);
  ASSERT_TRUE(created.ok() && created->complete);
  const std::string hash = created->record.hash;

  std::atomic<int> confirmed{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      Result<PaymentResult> r = payments.Pay(*form, hash, {"192.0.2.1", "", ""});
      if (r.ok() && r->kind == PaymentResult::Kind::kConfirmed) ++confirmed;
      if (!r.ok() && (r.status().Is(Status::Code::kLocked) || r.status().Is(Status::Code::kProcessed))) ++refused;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(confirmed.load(), 1);
  EXPECT_EQ(refused.load(), 7);
  Result<std::vector<Transaction>> attempts = transactions.ListForSession(hash);
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ((*attempts)[0].status, TransactionStatus::kConfirmed);
  EXPECT_EQ(sessions_store.Find(hash)->state, SessionState::kCompleted);
}

// Times of an era no other test writes, so the listings below see only their own rows.
TimePoint Jan1990(std::chrono::microseconds plus = 0us) {
  return TimePoint(std::chrono::sys_days{std::chrono::year{1990} / 1 / 1}.time_since_epoch() + plus);
}

TEST_F(MySqlTransactionStoreTest, ListStalePagesByUpdatedAtThenIdWithinTheStatus) {
  MySqlTransactionStore store(db_->pool());
  auto add = [&](const std::string& id, TransactionStatus status, TimePoint updated) {
    Transaction t = NewTransaction("stale_session");
    t.id = id;
    t.status = status;
    t.created_at = t.updated_at = updated;
    ASSERT_TRUE(store.Insert(t).ok());
  };
  // Two at the same microsecond: the id breaks the tie.
  add("stale-c", TransactionStatus::kPending, Jan1990(1us));
  add("stale-a", TransactionStatus::kPending, Jan1990(2us));
  add("stale-b", TransactionStatus::kPending, Jan1990(1us));
  add("stale-d", TransactionStatus::kAwaiting, Jan1990(1us));
  add("stale-e", TransactionStatus::kPending, Jan1990(3us));  // not before the cutoff

  std::vector<std::string> walked;
  const Transaction* after = nullptr;
  std::vector<Transaction> page;
  do {
    Result<std::vector<Transaction>> listed = store.ListStale(TransactionStatus::kPending, Jan1990(3us), after, 2);
    ASSERT_TRUE(listed.ok()) << listed.status().ToString();
    ASSERT_LE(listed->size(), 2u);
    page = std::move(listed.value());
    for (const Transaction& t : page) walked.push_back(t.id);
    after = page.empty() ? nullptr : &page.back();
  } while (page.size() == 2);
  EXPECT_EQ(walked, (std::vector<std::string>{"stale-b", "stale-c", "stale-a"}));
  // The rows come back whole.
  Result<std::vector<Transaction>> awaiting = store.ListStale(TransactionStatus::kAwaiting, Jan1990(3us), nullptr, 10);
  ASSERT_EQ(awaiting->size(), 1u);
  EXPECT_EQ((*awaiting)[0].id, "stale-d");
  EXPECT_EQ((*awaiting)[0].masked_iban, "****3000");
  EXPECT_EQ((*awaiting)[0].updated_at, Jan1990(1us));
  EXPECT_TRUE(store.ListStale(TransactionStatus::kPending, Jan1990(1us), nullptr, 10)->empty());  // strictly before
  EXPECT_TRUE(store.ListStale(TransactionStatus::kPending, Jan1990(3us), nullptr, 0)->empty());
}

TEST_F(MySqlTransactionStoreTest, LatestForSessionIsTheNewestAttempt) {
  MySqlTransactionStore store(db_->pool());
  EXPECT_TRUE(store.LatestForSession("latest_session").status().Is(Status::Code::kNotFound));
  Transaction first = NewTransaction("latest_session");
  first.status = TransactionStatus::kFailed;
  Transaction second = NewTransaction("latest_session");
  second.created_at = second.updated_at = May2026() + 1s;
  ASSERT_TRUE(store.Insert(second).ok());  // inserted first, created later
  ASSERT_TRUE(store.Insert(first).ok());
  ASSERT_TRUE(store.Insert(NewTransaction("another_session")).ok());
  Result<Transaction> latest = store.LatestForSession("latest_session");
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  ExpectSame(*latest, second);
}

}  // namespace
}  // namespace prefill
