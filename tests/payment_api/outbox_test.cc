// The webhook outbox on the real MariaDB (docs/webhooks.md "The outbox"):
// every kind of change writes its event into `webhook_events` in the same
// database transaction - payment outcomes, the REST confirm and expire, the
// expiry sweep, SEPA mandates created, cancelled and returned, bank transfers
// received - with the body rendered by the one encoder (http/event_body.h);
// a change rolled back writes no event; the expiry sweep writes one event per
// session even with two sweepers at once.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "forms/form_registry.h"
#include "http/event_body.h"
#include "payments/bank_transfer.h"
#include "payments/expiry_sweep.h"
#include "payments/payment_reconciler.h"
#include "payments/payment_service.h"
#include "payments/sepa/business_calendar.h"
#include "payments/sepa/references.h"
#include "sandbox/sandbox_processor.h"
#include "session/session_lifecycle.h"
#include "session/session_service.h"
#include "storage/mysql_outbox.h"
#include "storage/mysql_payment_ledger.h"
#include "storage/mysql_sepa_store.h"
#include "storage/mysql_session_store.h"
#include "storage/mysql_transaction_store.h"
#include "support/test_database.h"

namespace prefill {
namespace {

using namespace std::chrono_literals;
using prefill::testing::Str;

rapidjson::Document ParseBody(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  EXPECT_FALSE(d.HasParseError()) << text;
  return d;
}
using prefill::testing::TestDatabase;

FieldInput In(const std::string& field, const std::string& value) { return FieldInput{field, value, false}; }

std::vector<FieldInput> CardDonor(const std::string& token) {
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return {In("amount", "12,5"),          In("payment_method", "credit_card"),
          In("first_name", "Beate"),     In("last_name", "Muster"),
          In("email", "beate@example.org"), In("credit_card_token", token),
          In("credit_card_expire_date_month", "12"),
          In("credit_card_expire_date_year", std::to_string(static_cast<int>(today.year()) + 1))};
}

FormRegistry LoadForms() {
  std::vector<FormProblem> problems;
  Result<FormRegistry> forms = FormRegistry::LoadDirectory(std::string(PREFILL_SOURCE_DIR) + "/forms", &problems);
  EXPECT_TRUE(forms.ok());
  return std::move(forms.value());
}

class OutboxTest : public ::testing::Test {
 protected:
  OutboxTest()
      : db_("outbox"),
        forms_(LoadForms()),
        outbox_(db_.pool(), MakeEventBodyEncoder(&forms_, [] { return std::string("https://give.example"); })),
        session_store_(db_.pool()),
        transactions_(db_.pool()),
        ledger_(db_.pool(), session_store_, transactions_, &outbox_),
        sepa_store_(db_.pool(), &outbox_, &transactions_),
        sessions_(&session_store_),
        lifecycle_(&session_store_, SystemNow, SessionTransitionWriter(ledger_)),
        payments_(&session_store_, &transactions_, &sandbox_, nullptr, SystemNow, {}, &ledger_),
        form_(*forms_.FindById("demo")) {}

  std::string NewSession(const std::string& token = "tok_sandbox_ok") {
    Result<SessionView> created = sessions_.Create(form_, true, CardDonor(token), Authority::kForm);
    EXPECT_TRUE(created.ok() && created->complete);
    return created.ok() ? created->record.hash : "";
  }
  // The types of the stored events, oldest first, comma-separated.
  std::string Types() {
    return db_.QueryString("SELECT IFNULL(GROUP_CONCAT(type ORDER BY created_at, id), '') FROM webhook_events");
  }
  std::string Count(const std::string& type) {
    return db_.QueryString("SELECT COUNT(*) FROM webhook_events WHERE type = '" + type + "'");
  }
  // The stored body of the one event of `type`, checked against its row.
  rapidjson::Document Body(const std::string& type) {
    const std::string id = db_.QueryString("SELECT id FROM webhook_events WHERE type = '" + type + "'");
    rapidjson::Document body = ParseBody(db_.QueryString("SELECT body FROM webhook_events WHERE id = '" + id + "'"));
    EXPECT_EQ(Str(body["id"]), id);
    EXPECT_EQ(id.substr(0, 4), "evt_");
    EXPECT_GE(id.size(), 30u);
    EXPECT_EQ(Str(body["type"]), type);
    EXPECT_FALSE(Str(body["createdAt"]).empty());
    return body;
  }

  TestDatabase db_;
  FormRegistry forms_;
  MySqlOutbox outbox_;
  MySqlSessionStore session_store_;
  MySqlTransactionStore transactions_;
  MySqlPaymentLedger ledger_;
  MySqlSepaStore sepa_store_;
  SandboxProcessor sandbox_;
  SessionService sessions_;
  SessionLifecycle lifecycle_;
  PaymentService payments_;
  const Form& form_;
};

TEST_F(OutboxTest, AConfirmedPaymentWritesTransactionConfirmedAndSessionCompleted) {
  const std::string hash = NewSession();
  Result<PaymentResult> paid = payments_.Pay(form_, hash, {"192.0.2.1", "", ""});
  ASSERT_TRUE(paid.ok()) << paid.status().ToString();
  EXPECT_EQ(Types(), "transaction.confirmed,donation_session.completed");
  rapidjson::Document confirmed = Body("transaction.confirmed");
  EXPECT_EQ(Str(confirmed["data"]["id"]), paid->transaction->id);
  EXPECT_EQ(Str(confirmed["data"]["sessionId"]), hash);
  EXPECT_EQ(Str(confirmed["data"]["status"]), "confirmed");
  rapidjson::Document completed = Body("donation_session.completed");
  EXPECT_EQ(Str(completed["data"]["id"]), hash);
  EXPECT_EQ(Str(completed["data"]["status"]), "completed");
  EXPECT_EQ(db_.QueryString("SELECT CONCAT(form_id, '|', sandbox) FROM webhook_events WHERE type = "
                            "'donation_session.completed'"),
            "demo|1");
}

TEST_F(OutboxTest, ADeclinedPaymentWritesTransactionFailedOnly) {
  const std::string hash = NewSession("tok_sandbox_declined");
  Result<PaymentResult> paid = payments_.Pay(form_, hash, {"192.0.2.1", "", ""});
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(Types(), "transaction.failed");
  EXPECT_EQ(Str(Body("transaction.failed")["data"]["failure_reason"]), "card declined");
}

TEST_F(OutboxTest, AChangeRolledBackWritesNoEvent) {
  const std::string hash = NewSession();
  db_.Execute("CREATE TRIGGER refuse_completion BEFORE UPDATE ON sessions FOR EACH ROW "
              "IF NEW.state = 'completed' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused'; END IF");
  EXPECT_FALSE(payments_.Pay(form_, hash, {"192.0.2.1", "", ""}).ok());
  EXPECT_FALSE(lifecycle_.Confirm(forms_, NewSession()).ok());
  EXPECT_EQ(Types(), "");
  db_.Execute("DROP TRIGGER refuse_completion");
}

TEST_F(OutboxTest, RestConfirmAndExpireWriteTheirSessionEventsOnce) {
  const std::string confirmed = NewSession();
  ASSERT_TRUE(lifecycle_.Confirm(forms_, confirmed).ok());
  ASSERT_TRUE(lifecycle_.Confirm(forms_, confirmed).ok());  // idempotent: no second event
  const std::string expired = NewSession();
  ASSERT_TRUE(lifecycle_.Expire(forms_, expired).ok());
  ASSERT_TRUE(lifecycle_.Expire(forms_, expired).ok());
  ASSERT_TRUE(lifecycle_.Process(forms_, NewSession(), std::nullopt).ok());  // no event
  EXPECT_EQ(Types(), "donation_session.completed,donation_session.expired");
  EXPECT_EQ(Str(Body("donation_session.completed")["data"]["id"]), confirmed);
  EXPECT_EQ(Str(Body("donation_session.expired")["data"]["status"]), "expired");
}

TEST_F(OutboxTest, TheExpirySweepWritesOneEventPerSessionEvenWithTwoSweepersAtOnce) {
  std::vector<std::string> past;
  for (int i = 0; i < 30; ++i) past.push_back(NewSession());
  const std::string future = NewSession();
  const std::string paid = NewSession();
  ASSERT_TRUE(payments_.Pay(form_, paid, {"192.0.2.1", "", ""}).ok());
  db_.Execute("DELETE FROM webhook_events");
  db_.Execute("UPDATE sessions SET expires_at = NOW(6) - INTERVAL 1 SECOND WHERE hash <> '" + future + "'");

  std::atomic<int> expired{0};
  std::vector<std::thread> sweepers;
  for (int s = 0; s < 2; ++s) {
    sweepers.emplace_back([&] {
      ExpirySweep sweep(&session_store_, &ledger_, SystemNow, 7);  // small pages: the two interleave
      const ExpiryReport report = sweep.Run();
      EXPECT_EQ(report.failures, 0) << report.first_failure.ToString();
      expired += report.expired;
    });
  }
  for (std::thread& t : sweepers) t.join();
  EXPECT_EQ(expired.load(), 30);
  EXPECT_EQ(Count("donation_session.expired"), "30");
  EXPECT_EQ(db_.QueryString("SELECT COUNT(DISTINCT JSON_VALUE(body, '$.data.id')) FROM webhook_events"), "30");
  EXPECT_EQ(db_.QueryString("SELECT COUNT(*) FROM sessions WHERE state = 'expired'"), "30");
  EXPECT_EQ(db_.QueryString("SELECT state FROM sessions WHERE hash = '" + future + "'"), "open");
  EXPECT_EQ(db_.QueryString("SELECT state FROM sessions WHERE hash = '" + paid + "'"), "completed");

  // A later run finds nothing.
  EXPECT_EQ(ExpirySweep(&session_store_, &ledger_).Run().expired, 0);
  EXPECT_EQ(Count("donation_session.expired"), "30");
}

sepa::Mandate NewMandate(const std::string& transaction_id) {
  const sepa::Date today = sepa::UtcDay(SystemNow());
  sepa::Mandate m;
  m.creditor_id = "DE98ZZZ09999999999";
  m.reference = sepa::NewMandateReference();
  m.transaction_id = transaction_id;
  m.form_id = "spendenformular";
  m.debtor_name = "Zoe Mueller";
  m.debtor_iban = "DE89370400440532013000";
  m.signature_date = today;
  m.interval_months = 1;
  m.amount_cents = 3000;
  m.anchor_date = today;
  m.last_due_date = today;
  m.next_due_date = today;
  m.created_at = m.updated_at = SystemNow();
  return m;
}

TEST_F(OutboxTest, SepaMandatesCreatedCancelledAndReturnedWriteTheirEvents) {
  Transaction t;
  t.id = NewTransactionId();
  t.session_hash = "s";
  t.form_id = "spendenformular";
  t.amount = "30.00";
  t.currency = "EUR";
  t.payment_method = "sepa_direct_debit";
  t.status = TransactionStatus::kConfirmed;
  t.created_at = t.updated_at = SystemNow();
  ASSERT_TRUE(transactions_.Insert(t).ok());
  const sepa::Mandate m = NewMandate(t.id);
  sepa::Collection first;
  first.id = sepa::NewSepaId();
  first.creditor_id = m.creditor_id;
  first.mandate_reference = m.reference;
  first.transaction_id = t.id;
  first.sequence = sepa::SequenceType::kRecurrent;
  first.amount_cents = m.amount_cents;
  first.due_date = m.last_due_date;
  first.created_at = first.updated_at = SystemNow();
  ASSERT_TRUE(sepa_store_.CreateMandate(m, first).ok());
  EXPECT_EQ(Types(), "mandate.created");
  EXPECT_EQ(Str(Body("mandate.created")["data"]["reference"]), m.reference);
  EXPECT_EQ(Str(Body("mandate.created")["data"]["status"]), "active");

  // A return whose reason ends the mandate: transaction.returned and mandate.cancelled.
  db_.Execute("UPDATE sepa_collections SET status = 'exported' WHERE id = '" + first.id + "'");
  ASSERT_TRUE(sepa_store_.ReturnCollection(first.id, "MD07", SystemNow()).ok());
  EXPECT_EQ(Count("transaction.returned"), "1");
  EXPECT_EQ(Str(Body("transaction.returned")["data"]["status"]), "returned");
  EXPECT_EQ(Count("mandate.cancelled"), "1");
  EXPECT_EQ(Str(Body("mandate.cancelled")["data"]["status"]), "cancelled");
  // Cancelling a mandate no longer active changes nothing and reports nothing.
  ASSERT_TRUE(sepa_store_.CancelMandate(m.creditor_id, m.reference, "donor", SystemNow()).ok());
  EXPECT_EQ(Count("mandate.cancelled"), "1");

  // A cancel of an active one.
  Transaction t2 = t;
  t2.id = NewTransactionId();
  ASSERT_TRUE(transactions_.Insert(t2).ok());
  const sepa::Mandate m2 = NewMandate(t2.id);
  sepa::Collection first2 = first;
  first2.id = sepa::NewSepaId();
  first2.mandate_reference = m2.reference;
  first2.transaction_id = t2.id;
  ASSERT_TRUE(sepa_store_.CreateMandate(m2, first2).ok());
  ASSERT_TRUE(sepa_store_.CancelMandate(m2.creditor_id, m2.reference, "donor", SystemNow()).ok());
  EXPECT_EQ(Count("mandate.created"), "2");
  EXPECT_EQ(Count("mandate.cancelled"), "2");
}

TEST_F(OutboxTest, ABankTransferMarkedReceivedWritesTransactionReceivedOnce) {
  Transaction t;
  t.id = NewTransactionId();
  t.session_hash = "s";
  t.form_id = "spendenformular";
  t.amount = "30.00";
  t.currency = "EUR";
  t.payment_method = "bank_transfer";
  t.status = TransactionStatus::kPendingTransfer;
  t.created_at = t.updated_at = SystemNow();
  ASSERT_TRUE(transactions_.Insert(t).ok());
  ASSERT_TRUE(MarkTransferReceived(transactions_, &ledger_, t.id, SystemNow()).ok());
  ASSERT_TRUE(MarkTransferReceived(transactions_, &ledger_, t.id, SystemNow()).ok());  // repeated: unchanged
  EXPECT_EQ(Types(), "transaction.received");
  EXPECT_EQ(Str(Body("transaction.received")["data"]["status"]), "confirmed");
  EXPECT_EQ(Str(Body("transaction.received")["data"]["id"]), t.id);
}

}  // namespace
}  // namespace prefill
