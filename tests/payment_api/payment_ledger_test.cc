// A payment's two commits on the real MariaDB (storage/mysql_payment_ledger.h):
// a part of a commit refused by the database (a trigger SIGNALs, as a full
// disk or a constraint would) takes the other part back with it, so a session
// is never locked without its attempt and a confirmed outcome whose commit
// failed is never answered as confirmed; the reconciler then settles it once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "forms/form_loader.h"
#include "payments/payment_reconciler.h"
#include "payments/payment_service.h"
#include "sandbox/sandbox_processor.h"
#include "session/session_service.h"
#include "storage/mysql_payment_ledger.h"
#include "storage/mysql_session_store.h"
#include "storage/mysql_transaction_store.h"
#include "support/test_database.h"

namespace prefill {
namespace {

using namespace std::chrono_literals;
using prefill::testing::TestDatabase;

class ChargeCounter : public PaymentProcessor {
 public:
  PaymentOutcome Charge(const PaymentRequest& request) override {
    ++charges;
    return sandbox.Charge(request);
  }
  PaymentOutcome Resolve(const Transaction& awaiting, bool approved) override { return sandbox.Resolve(awaiting, approved); }
  Result<PaymentOutcome> Lookup(const PaymentRequest& attempt) override { return sandbox.Lookup(attempt); }
  SandboxProcessor sandbox;
  std::atomic<int> charges{0};
};

FieldInput In(const std::string& field, const std::string& value) { return FieldInput{field, value, false}; }

std::vector<FieldInput> CardDonor() {
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return {In("amount", "12,5"),          In("payment_method", "credit_card"),
          In("first_name", "Beate"),     In("last_name", "Muster"),
          In("email", "beate@example.org"), In("credit_card_token", "tok_sandbox_ok"),
          In("credit_card_expire_date_month", "12"),
          In("credit_card_expire_date_year", std::to_string(static_cast<int>(today.year()) + 1))};
}

class PaymentLedgerTest : public ::testing::Test {
 protected:
  PaymentLedgerTest()
      : db_("payment_ledger"),
        session_store_(db_.pool()),
        transactions_(db_.pool()),
        ledger_(db_.pool(), session_store_, transactions_),
        sessions_(&session_store_),
        payments_(&session_store_, &transactions_, &processor_, nullptr, SystemNow, {}, &ledger_),
        reconciler_(&session_store_, &transactions_, &processor_, nullptr, SystemNow, ReconcileOptions(), &ledger_) {
    std::vector<FormProblem> problems;
    Result<Form> form = LoadFormFile(std::string(PREFILL_SOURCE_DIR) + "/forms/demo.json", &problems);
    EXPECT_TRUE(form.ok());
    if (form.ok()) form_ = form.value();
  }

  std::string NewSession() {
    Result<SessionView> created = sessions_.Create(form_, true, CardDonor(), Authority::kForm);
    EXPECT_TRUE(created.ok() && created->complete);
    return created.ok() ? created->record.hash : "";
  }
  std::string Row(const std::string& hash) {
    return db_.QueryString("SELECT CONCAT(state, '|', version) FROM sessions WHERE hash = '" + hash + "'");
  }
  std::string Attempts(const std::string& hash) {
    return db_.QueryString("SELECT IFNULL(GROUP_CONCAT(status), '') FROM transactions WHERE session_hash = '" + hash +
                           "'");
  }

  TestDatabase db_;
  Form form_;
  MySqlSessionStore session_store_;
  MySqlTransactionStore transactions_;
  MySqlPaymentLedger ledger_;
  ChargeCounter processor_;
  SessionService sessions_;
  PaymentService payments_;
  PaymentReconciler reconciler_;
};

TEST_F(PaymentLedgerTest, APaymentIsTheLockWithItsAttemptThenTheOutcomeWithTheSession) {
  const std::string hash = NewSession();
  const std::string before = Row(hash);
  Result<PaymentResult> paid = payments_.Pay(form_, hash, {"192.0.2.1", "", ""});
  ASSERT_TRUE(paid.ok()) << paid.status().ToString();
  EXPECT_EQ(paid->kind, PaymentResult::Kind::kConfirmed);
  EXPECT_EQ(Attempts(hash), "confirmed");
  // Two session writes (lock, completion), each with its attempt's write.
  EXPECT_EQ(Row(hash), "completed|" + std::to_string(std::stoll(before.substr(before.find('|') + 1)) + 2));
}

TEST_F(PaymentLedgerTest, AnAttemptTheDatabaseRefusesTakesTheLockBackWithIt) {
  const std::string hash = NewSession();
  const std::string before = Row(hash);
  db_.Execute("CREATE TRIGGER refuse_attempts BEFORE INSERT ON transactions FOR EACH ROW "
              "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'disk full'");
  Result<PaymentResult> paid = payments_.Pay(form_, hash, {"192.0.2.1", "", ""});
  EXPECT_FALSE(paid.ok());
  EXPECT_EQ(processor_.charges.load(), 0);
  // Not even the lock was written: same state, same version, no attempt.
  EXPECT_EQ(Row(hash), before);
  EXPECT_EQ(Attempts(hash), "");

  db_.Execute("DROP TRIGGER refuse_attempts");
  paid = payments_.Pay(form_, hash, {"192.0.2.1", "", ""});
  ASSERT_TRUE(paid.ok()) << paid.status().ToString();
  EXPECT_EQ(paid->kind, PaymentResult::Kind::kConfirmed);
  EXPECT_EQ(processor_.charges.load(), 1);
}

TEST_F(PaymentLedgerTest, AConfirmedOutcomeWhoseCommitFailsIsNotAnsweredConfirmedAndIsReconciledOnce) {
  const std::string hash = NewSession();
  // The completion of the session is refused: the whole outcome commit with it.
  db_.Execute("CREATE TRIGGER refuse_completion BEFORE UPDATE ON sessions FOR EACH ROW "
              "IF NEW.state = 'completed' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused'; END IF");
  Result<PaymentResult> paid = payments_.Pay(form_, hash, {"192.0.2.1", "", ""});
  ASSERT_FALSE(paid.ok()) << "answered " << static_cast<int>(paid->kind);
  EXPECT_EQ(processor_.charges.load(), 1);
  EXPECT_EQ(Row(hash).substr(0, 11), "processing|");
  EXPECT_EQ(Attempts(hash), "pending");  // the confirmed outcome was rolled back with it
  EXPECT_TRUE(payments_.Pay(form_, hash, {"192.0.2.1", "", ""}).status().Is(Status::Code::kLocked));

  db_.Execute("DROP TRIGGER refuse_completion");
  db_.Execute("UPDATE transactions SET updated_at = updated_at - INTERVAL 10 MINUTE, created_at = created_at - "
              "INTERVAL 10 MINUTE WHERE session_hash = '" + hash + "'");
  db_.Execute("UPDATE sessions SET updated_at = updated_at - INTERVAL 10 MINUTE WHERE hash = '" + hash + "'");
  const ReconcileReport report = reconciler_.Run(5min);
  EXPECT_EQ(report.failures, 0) << report.first_failure.ToString();
  EXPECT_EQ(report.pending_resolved, 1);
  EXPECT_EQ(report.sessions_completed, 1);
  EXPECT_EQ(Attempts(hash), "confirmed");
  EXPECT_EQ(Row(hash).substr(0, 10), "completed|");
  EXPECT_EQ(processor_.charges.load(), 1);
}

}  // namespace
}  // namespace prefill
