// Payment reconciliation against the real MariaDB: the crash states a payment
// can leave (written directly as rows: processing + pending, processing +
// confirmed, processing + failed, and a REST /process lock beside them) are
// repaired by one PaymentReconciler run and by the App's background job, and
// payments afterwards behave (202 for a completed session, a retry on a
// reopened one). Also MySqlSessionStore::ListProcessing.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "forms/form_loader.h"
#include "payments/payment_reconciler.h"
#include "payments/payment_service.h"
#include "sandbox/sandbox_processor.h"
#include "session/session_service.h"
#include "storage/mysql_session_store.h"
#include "storage/mysql_transaction_store.h"
#include "support/test_app.h"
#include "support/test_database.h"

namespace prefill {
namespace {

using namespace std::chrono_literals;
using prefill::testing::ParseJson;
using prefill::testing::Str;
using prefill::testing::TestApp;
using prefill::testing::TestDatabase;
using prefill::testing::UrlEncode;

// A UTC DATETIME(6) literal for `t`.
std::string SqlTime(TimePoint t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss<std::chrono::microseconds> time{t - day};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d:%02d.%06lld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()), static_cast<long long>(time.subseconds().count()));
  return text;
}

// Writes the rows a crash leaves: session `hash` locked (processing) `age`
// ago and, unless `status` is empty, its attempt in `status` created at that
// instant. Returns the transaction id ("" without one).
std::string WriteCrashState(TestDatabase& db, const std::string& hash, const std::string& status,
                            std::chrono::minutes age, const std::string& method = "credit_card") {
  const std::string at = SqlTime(SystemNow() - age);
  db.Execute("UPDATE sessions SET state = 'processing', version = version + 1, updated_at = '" + at +
             "' WHERE hash = '" + hash + "'");
  if (status.empty()) return "";
  const std::string id = NewTransactionId();
  const std::string reason = status == "failed" ? "card declined" : "";
  db.Execute(
      "INSERT INTO transactions (id, session_hash, form_id, amount, currency, payment_method, status, is_test, "
      "failure_reason, created_at, updated_at) VALUES ('" + id + "', '" + hash + "', 'demo', 12.50, 'EUR', '" +
      method + "', '" + status + "', 1, '" + reason + "', '" + at + "', '" + at + "')");
  return id;
}

// Counts what reconciliation asks of the sandbox.
class CountingProcessor : public PaymentProcessor {
 public:
  PaymentOutcome Charge(const PaymentRequest& request) override {
    ++charges;
    return sandbox.Charge(request);
  }
  PaymentOutcome Resolve(const Transaction& awaiting, bool approved) override { return sandbox.Resolve(awaiting, approved); }
  Result<PaymentOutcome> Lookup(const PaymentRequest& attempt) override {
    ++lookups;
    return sandbox.Lookup(attempt);
  }
  SandboxProcessor sandbox;
  std::atomic<int> charges{0};
  std::atomic<int> lookups{0};
};

FieldInput In(const std::string& field, const std::string& value) { return FieldInput{field, value, false}; }

std::vector<FieldInput> CardDonor(const std::string& token) {
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return {In("amount", "12,5"),
          In("payment_method", "credit_card"),
          In("first_name", "Beate"),
          In("last_name", "Muster"),
          In("email", "beate@example.org"),
          In("credit_card_token", token),
          In("credit_card_expire_date_month", "12"),
          In("credit_card_expire_date_year", std::to_string(static_cast<int>(today.year()) + 1))};
}

class PaymentReconciliationTest : public ::testing::Test {
 protected:
  PaymentReconciliationTest()
      : db_("payment_reconciliation"),
        session_store_(db_.pool()),
        transactions_(db_.pool()),
        sessions_(&session_store_),
        payments_(&session_store_, &transactions_, &processor_, nullptr),
        reconciler_(&session_store_, &transactions_, &processor_, nullptr) {
    std::vector<FormProblem> problems;
    Result<Form> form = LoadFormFile(std::string(PREFILL_SOURCE_DIR) + "/forms/demo.json", &problems);
    EXPECT_TRUE(form.ok());
    if (form.ok()) form_ = form.value();
  }

  std::string NewSession(const std::string& token) {
    Result<SessionView> created = sessions_.Create(form_, true, CardDonor(token), Authority::kForm);
    EXPECT_TRUE(created.ok() && created->complete);
    return created.ok() ? created->record.hash : "";
  }
  std::string State(const std::string& hash) {
    return db_.QueryString("SELECT state FROM sessions WHERE hash = '" + hash + "'");
  }
  std::string StatusOf(const std::string& id) {
    return db_.QueryString("SELECT CONCAT(status, '|', failure_reason) FROM transactions WHERE id = '" + id + "'");
  }

  TestDatabase db_;
  Form form_;
  MySqlSessionStore session_store_;
  MySqlTransactionStore transactions_;
  CountingProcessor processor_;
  SessionService sessions_;
  PaymentService payments_;
  PaymentReconciler reconciler_;
};

TEST_F(PaymentReconciliationTest, OneRunRepairsEveryCrashStateAndPaymentsBehaveAfterwards) {
  const std::string lost_ok = NewSession("tok_sandbox_ok");
  const std::string lost_ok_id = WriteCrashState(db_, lost_ok, "pending", 10min);
  const std::string lost_declined = NewSession("tok_sandbox_declined");
  const std::string lost_declined_id = WriteCrashState(db_, lost_declined, "pending", 10min);
  const std::string stuck_paid = NewSession("tok_sandbox_ok");
  WriteCrashState(db_, stuck_paid, "confirmed", 10min);
  const std::string stuck_failed = NewSession("tok_sandbox_declined");
  WriteCrashState(db_, stuck_failed, "failed", 10min);
  const std::string rest_locked = NewSession("tok_sandbox_ok");
  WriteCrashState(db_, rest_locked, "", 10min);
  const std::string in_flight = NewSession("tok_sandbox_ok");
  const std::string in_flight_id = WriteCrashState(db_, in_flight, "pending", 1min);

  const ReconcileReport report = reconciler_.Run(5min);
  EXPECT_EQ(report.failures, 0) << report.first_failure.ToString();
  EXPECT_EQ(report.pending_resolved, 2);
  EXPECT_EQ(report.sessions_completed, 2);
  EXPECT_EQ(report.sessions_reopened, 2);
  EXPECT_EQ(processor_.lookups.load(), 2);
  EXPECT_EQ(processor_.charges.load(), 0);  // looked up, never charged

  EXPECT_EQ(StatusOf(lost_ok_id), "confirmed|");
  EXPECT_EQ(db_.QueryString("SELECT provider_reference FROM transactions WHERE id = '" + lost_ok_id + "'"),
            "sbx_card_" + lost_ok_id.substr(0, 8) + lost_ok_id.substr(9, 4));
  EXPECT_EQ(State(lost_ok), "completed");
  EXPECT_EQ(StatusOf(lost_declined_id), "failed|card declined");
  EXPECT_EQ(State(lost_declined), "open");
  EXPECT_EQ(State(stuck_paid), "completed");
  EXPECT_EQ(State(stuck_failed), "open");
  EXPECT_EQ(State(rest_locked), "processing");
  EXPECT_EQ(State(in_flight), "processing");
  EXPECT_EQ(StatusOf(in_flight_id), "pending|");

  // A second run finds nothing to do.
  const ReconcileReport again = reconciler_.Run(5min);
  EXPECT_FALSE(again.changed_anything());
  EXPECT_EQ(again.failures, 0) << again.first_failure.ToString();
  EXPECT_EQ(processor_.lookups.load(), 2);

  // Completed sessions refuse a payment (202); reopened ones can be paid.
  EXPECT_TRUE(payments_.Pay(form_, lost_ok, {}).status().Is(Status::Code::kProcessed));
  EXPECT_TRUE(payments_.Pay(form_, stuck_paid, {}).status().Is(Status::Code::kProcessed));
  EXPECT_TRUE(payments_.Pay(form_, rest_locked, {}).status().Is(Status::Code::kLocked));
  ASSERT_TRUE(sessions_.Update(form_, stuck_failed, {In("credit_card_token", "tok_sandbox_ok")}, Authority::kForm).ok());
  Result<PaymentResult> retried = payments_.Pay(form_, stuck_failed, {"192.0.2.1", "", ""});
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->kind, PaymentResult::Kind::kConfirmed);
  EXPECT_EQ(State(stuck_failed), "completed");
  EXPECT_EQ(processor_.charges.load(), 1);
}

TEST_F(PaymentReconciliationTest, PendingAttemptLeftByARealPaymentIsResolvedWithoutASecondCharge) {
  // The real crash: the processor answered, the outcome could not be written.
  class OutcomeLostStore : public MySqlTransactionStore {
   public:
    using MySqlTransactionStore::MySqlTransactionStore;
    Status UpdateIf(const Transaction&, TransactionStatus) override { return Status::Unavailable("database down"); }
  } losing(db_.pool());
  PaymentService crashing(&session_store_, &losing, &processor_, nullptr);
  const std::string hash = NewSession("tok_sandbox_ok");
  EXPECT_TRUE(crashing.Pay(form_, hash, {"192.0.2.1", "", ""}).status().Is(Status::Code::kUnavailable));
  ASSERT_EQ(processor_.charges.load(), 1);
  ASSERT_EQ(State(hash), "processing");
  // Later than the threshold: age the rows instead of waiting.
  db_.Execute("UPDATE transactions SET updated_at = updated_at - INTERVAL 10 MINUTE, created_at = created_at - "
              "INTERVAL 10 MINUTE WHERE session_hash = '" + hash + "'");
  db_.Execute("UPDATE sessions SET updated_at = updated_at - INTERVAL 10 MINUTE WHERE hash = '" + hash + "'");

  const ReconcileReport report = reconciler_.Run(5min);
  EXPECT_EQ(report.pending_resolved, 1);
  EXPECT_EQ(report.sessions_completed, 1);
  EXPECT_EQ(processor_.charges.load(), 1);
  EXPECT_EQ(db_.QueryString("SELECT GROUP_CONCAT(status) FROM transactions WHERE session_hash = '" + hash + "'"),
            "confirmed");
  EXPECT_EQ(State(hash), "completed");
}

TEST_F(PaymentReconciliationTest, ListProcessingPagesByHashOverOldProcessingSessionsOnly) {
  std::vector<std::string> old_processing;
  for (int i = 0; i < 5; ++i) {
    old_processing.push_back(NewSession("tok_sandbox_ok"));
    WriteCrashState(db_, old_processing.back(), "", 10min);
  }
  WriteCrashState(db_, NewSession("tok_sandbox_ok"), "", 1min);  // too recent
  NewSession("tok_sandbox_ok");                                   // open
  const std::string completed = NewSession("tok_sandbox_ok");
  db_.Execute("UPDATE sessions SET state = 'completed', updated_at = '" + SqlTime(SystemNow() - 10min) +
              "' WHERE hash = '" + completed + "'");
  std::sort(old_processing.begin(), old_processing.end());

  std::vector<std::string> walked;
  std::string after;
  for (;;) {
    Result<std::vector<SessionRecord>> page = session_store_.ListProcessing(SystemNow() - 5min, after, 2);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ASSERT_LE(page->size(), 2u);
    for (const SessionRecord& r : *page) {
      walked.push_back(r.hash);
      EXPECT_EQ(r.state, SessionState::kProcessing);
      EXPECT_EQ(r.values.at("credit_card_token"), "tok_sandbox_ok");  // whole records
    }
    if (page->size() < 2) break;
    after = page->back().hash;
  }
  EXPECT_EQ(walked, old_processing);
  EXPECT_TRUE(session_store_.ListProcessing(SystemNow(), "", 0)->empty());
}

// ---- the App's background job ------------------------------------------------------

std::string HttpCardDonor(const std::string& token) {
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return "payment%5Bamount%5D=12,5&payment%5Bfirst_name%5D=Beate&payment%5Blast_name%5D=Muster"
         "&payment%5Bemail%5D=beate%40example.org&payment%5Bpayment_method%5D=credit_card"
         "&payment%5Bcredit_card_token%5D=" + UrlEncode(token) +
         "&payment%5Bcredit_card_expire_date_month%5D=12&payment%5Bcredit_card_expire_date_year%5D=" +
         std::to_string(static_cast<int>(today.year()) + 1);
}

TEST(PaymentReconciliationAppTest, TheAppsJobRepairsCrashStatesAndPaymentsBehaveAfterwards) {
  AppConfig config;
  config.reconcile_interval = 100ms;
  config.reconcile_after = 60s;
  TestApp app("payment_reconciliation_app", config);
  constexpr const char* kSandbox = "demo_sandbox_hash_0001";
  auto pay = [&](const std::string& session) {
    return app.client().Post("/app/payment",
                             std::string("hash=") + kSandbox + "&fbSessionHash=" + session + "&ip=203.0.113.9");
  };
  auto state = [&](const std::string& hash) {
    return app.db().QueryString("SELECT state FROM sessions WHERE hash = '" + hash + "'");
  };

  const std::string lost = app.CreateFormSession(kSandbox, HttpCardDonor("tok_sandbox_ok"));
  const std::string lost_id = WriteCrashState(app.db(), lost, "pending", 10min);
  const std::string paid = app.CreateFormSession(kSandbox, HttpCardDonor("tok_sandbox_ok"));
  WriteCrashState(app.db(), paid, "confirmed", 10min);
  const std::string failed = app.CreateFormSession(kSandbox, HttpCardDonor("tok_sandbox_ok"));
  WriteCrashState(app.db(), failed, "failed", 10min);
  const std::string rest_locked = app.CreateFormSession(kSandbox, HttpCardDonor("tok_sandbox_ok"));
  WriteCrashState(app.db(), rest_locked, "", 10min);

  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline &&
         (state(lost) != "completed" || state(paid) != "completed" || state(failed) != "open")) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(state(lost), "completed");
  EXPECT_EQ(app.db().QueryString("SELECT status FROM transactions WHERE id = '" + lost_id + "'"), "confirmed");
  EXPECT_EQ(state(paid), "completed");
  EXPECT_EQ(state(failed), "open");
  EXPECT_EQ(state(rest_locked), "processing");

  for (const std::string& completed : {lost, paid}) {
    auto refused = pay(completed);
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_NE(refused.body.find("error 202"), std::string::npos) << refused.body;
  }
  auto locked = pay(rest_locked);
  EXPECT_NE(locked.body.find("error 207"), std::string::npos) << locked.body;
  auto retried = pay(failed);
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(Str(ParseJson(retried)["payment_status"]), "confirmed");
  EXPECT_EQ(app.db().QueryString("SELECT GROUP_CONCAT(status ORDER BY created_at) FROM transactions WHERE "
                                 "session_hash = '" + failed + "'"),
            "failed,confirmed");
  EXPECT_EQ(app.db().QueryString("SELECT COUNT(*) FROM transactions WHERE session_hash = '" + lost + "'"), "1");
}

}  // namespace
}  // namespace prefill
