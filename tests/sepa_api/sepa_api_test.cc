// Live SEPA direct debit and bank transfer end to end, over real HTTP against
// the real MariaDB (SPEC 5.2, 5.4): payments make mandates and collections
// with the pre-notification, bad input is refused with a clear reason and
// leaves nothing behind, exports are exactly-once (also 8 at once) and
// validate against the official XSD, batches download byte-identical,
// returns and cancellations end mandates, and the recurring scheduler makes
// one collection per period.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "payments/sepa/business_calendar.h"
#include "payments/sepa/references.h"
#include "payments/sepa/sepa_service.h"
#include "rest/api_key.h"
#include "sepa/xml_schema.h"
#include "storage/mysql_api_key_store.h"
#include "storage/mysql_sepa_store.h"
#include "support/test_app.h"

namespace prefill {
namespace {

using prefill::testing::ClientResponse;
using prefill::testing::ParseJson;
using prefill::testing::Str;
using prefill::testing::TestApp;
using prefill::testing::UrlEncode;

constexpr const char* kLive = "spendenformular_live_0001";
constexpr const char* kCreditor = "DE98ZZZ09999999999";

std::string Donor(const std::string& method, int interval, const std::string& owner = "Zoë Müller",
                  const std::string& iban = "DE89370400440532013000", const std::string& amount = "25") {
  std::string p = "payment%5Bamount%5D=" + amount + "&payment%5Binterval%5D=" + std::to_string(interval) +
                  "&payment%5Bfirst_name%5D=Zoe&payment%5Blast_name%5D=Mueller&payment%5Bemail%5D=zoe%40example.org"
                  "&payment%5Bis_privacy_accepted%5D=1&payment%5Bpayment_method%5D=" + method;
  if (method == "sepa_direct_debit") {
    p += "&payment%5Bbank_account_owner%5D=" + UrlEncode(owner) + "&payment%5Bbank_iban%5D=" + UrlEncode(iban);
  }
  return p;
}

class SepaApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    AppConfig config;
    config.threads = 16;
    app_ = new TestApp("sepa_api", config);
    MySqlApiKeyStore keys(app_->db().pool());
    sepa_key_ = CreateApiKey(keys, "sepa", {Scope::kSepaExport, Scope::kSessionsWrite}, SystemNow())->secret;
    sessions_key_ = CreateApiKey(keys, "sessions", {Scope::kSessionsRead, Scope::kSessionsWrite}, SystemNow())->secret;
  }
  static void TearDownTestSuite() {
    delete app_;
    app_ = nullptr;
  }
  void SetUp() override {
    // Every test starts without collections waiting, so exports see only its own.
    app_->db().Execute("UPDATE sepa_collections SET status = 'cancelled' WHERE status = 'scheduled'");
  }

  static ClientResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                             const std::string& key = sepa_key_) {
    std::string headers;
    if (!key.empty()) headers += "Authorization: Bearer " + key + "\r\n";
    if (!body.empty()) headers += "Content-Type: application/json\r\n";
    return app_->client().Send(method, target, body, headers);
  }
  static ClientResponse Pay(const std::string& fields) {
    const std::string session = app_->CreateFormSession(kLive, fields);
    return app_->client().Post("/app/payment",
                               std::string("hash=") + kLive + "&fbSessionHash=" + session + "&ip=203.0.113.9");
  }
  static std::string Query(const std::string& sql) { return app_->db().QueryString(sql); }
  static int Count(const std::string& sql) { return std::stoi(Query(sql)); }

  static TestApp* app_;
  static std::string sepa_key_, sessions_key_;
};

TestApp* SepaApiTest::app_ = nullptr;
std::string SepaApiTest::sepa_key_;
std::string SepaApiTest::sessions_key_;

sepa::Date Today() { return sepa::UtcDay(std::chrono::system_clock::now()); }

TEST_F(SepaApiTest, OneOffGiftMakesAMandateAndACollectionWithThePreNotification) {
  auto r = Pay(Donor("sepa_direct_debit", 0));
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = ParseJson(r);
  ASSERT_EQ(Str(d["payment_status"]), "confirmed") << r.body;
  const auto& t = d["transaction"];
  EXPECT_EQ(Str(t["status"]), "confirmed");
  EXPECT_FALSE(t["is_test"].GetBool());
  EXPECT_EQ(Str(t["masked_iban"]), "****3000");
  const auto& pre = t["pre_notification"];
  ASSERT_TRUE(pre.IsObject()) << r.body;
  const std::string reference = Str(pre["mandate_reference"]);
  EXPECT_TRUE(sepa::IsValidMandateReference(reference)) << reference;
  EXPECT_EQ(Str(t["provider_reference"]), reference);
  EXPECT_EQ(Str(pre["creditor_id"]), kCreditor);
  EXPECT_EQ(Str(pre["creditor_name"]), "Kinderhilfe Demo e.V.");
  EXPECT_EQ(Str(pre["amount"]), "25.00");
  EXPECT_EQ(Str(pre["currency"]), "EUR");
  EXPECT_EQ(Str(pre["due_date"]), sepa::FormatIsoDate(sepa::DueDate(Today(), 2)));
  EXPECT_EQ(pre["interval"].GetInt(), 0);

  const std::string id = Str(t["id"]);
  EXPECT_EQ(Query("SELECT debtor_name FROM sepa_mandates WHERE reference = '" + reference + "'"), "Zoe Mueller");
  EXPECT_EQ(Query("SELECT debtor_iban FROM sepa_mandates WHERE reference = '" + reference + "'"),
            "DE89370400440532013000");
  EXPECT_EQ(Query("SELECT sequence_type FROM sepa_collections WHERE transaction_id = '" + id + "'"), "OOFF");
  EXPECT_EQ(Query("SELECT amount_cents FROM sepa_collections WHERE transaction_id = '" + id + "'"), "2500");
  // The transaction keeps only the mask; the pre-notification is stored with it.
  EXPECT_EQ(Query("SELECT sepa_mandate_reference FROM transactions WHERE id = '" + id + "'"), reference);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM transactions WHERE masked_iban LIKE '%3704%'"), 0);
}

TEST_F(SepaApiTest, MonthlyGiftIsRecurrent) {
  auto d = ParseJson(Pay(Donor("sepa_direct_debit", 1)));
  ASSERT_EQ(Str(d["payment_status"]), "confirmed");
  const std::string id = Str(d["transaction"]["id"]);
  EXPECT_EQ(d["transaction"]["pre_notification"]["interval"].GetInt(), 1);
  EXPECT_EQ(Query("SELECT sequence_type FROM sepa_collections WHERE transaction_id = '" + id + "'"), "RCUR");
  const sepa::Date anchor{std::chrono::sys_days{Today()} + std::chrono::days{2}};
  EXPECT_EQ(Query("SELECT DATE_FORMAT(next_due_date, '%Y-%m-%d') FROM sepa_mandates WHERE transaction_id = '" + id + "'"),
            sepa::FormatIsoDate(sepa::CollectionDate(anchor, 1, 1)));
}

TEST_F(SepaApiTest, BadInputIsAClearErrorAndLeavesNothing) {
  const int mandates = Count("SELECT COUNT(*) FROM sepa_mandates");
  struct Case {
    std::string fields;
    std::string says;
  } cases[] = {
      {Donor("sepa_direct_debit", 0, "Иван Петров"), "not in the SEPA character set"},
      {Donor("sepa_direct_debit", 0, std::string(71, 'a')), "more than 70 characters"},
      {Donor("sepa_direct_debit", 0, "Ali Veli", "TR330006100519786457841326"), "cannot be debited"},
      {Donor("bank_transfer", 12), "one-off gift"},
  };
  for (const Case& c : cases) {
    auto r = Pay(c.fields);
    ASSERT_EQ(r.status, 200) << r.body;
    auto d = ParseJson(r);
    EXPECT_EQ(Str(d["payment_status"]), "error") << r.body;
    ASSERT_EQ(d["errors"]["globals"].Size(), 1u) << r.body;
    EXPECT_NE(Str(d["errors"]["globals"][0]).find(c.says), std::string::npos) << r.body;
    // The session is open again: the donor can correct it.
    const std::string session = Str(d["session_hash"]);
    auto read = app_->client().Get(std::string("/app/updateSession?hash=") + kLive + "&fbSessionHash=" + session);
    EXPECT_EQ(read.status, 200) << read.body;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sepa_mandates"), mandates);
}

TEST_F(SepaApiTest, BankTransferIsPendingUntilReceived) {
  auto r = Pay(Donor("bank_transfer", 0, "", "", "40"));
  auto d = ParseJson(r);
  ASSERT_EQ(Str(d["payment_status"]), "confirmed") << r.body;
  const auto& t = d["transaction"];
  EXPECT_EQ(Str(t["status"]), "pending_transfer");
  const auto& how = t["payment_instructions"];
  ASSERT_TRUE(how.IsObject()) << r.body;
  EXPECT_EQ(Str(how["account_holder"]), "Kinderhilfe Demo e.V.");
  EXPECT_EQ(Str(how["iban"]), "DE02500105170137075030");
  EXPECT_EQ(Str(how["amount"]), "40.00");
  EXPECT_EQ(Str(how["currency"]), "EUR");
  const std::string reference = Str(how["reference"]);
  EXPECT_EQ(sepa::ParseTransferReference(reference), reference);
  const std::string id = Str(t["id"]);

  EXPECT_EQ(Call("POST", "/v1/transactions/" + id + "/received", "", "").status, 401);
  auto received = Call("POST", "/v1/transactions/" + id + "/received", "", sessions_key_);
  ASSERT_EQ(received.status, 200) << received.body;
  EXPECT_EQ(Str(ParseJson(received)["data"]["status"]), "confirmed");
  auto again = Call("POST", "/v1/transactions/" + id + "/received", "", sessions_key_);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Call("POST", "/v1/transactions/00000000-0000-0000-0000-000000000000/received", "", sessions_key_).status,
            404);
  auto sepa = ParseJson(Pay(Donor("sepa_direct_debit", 0)));
  auto wrong = Call("POST", "/v1/transactions/" + Str(sepa["transaction"]["id"]) + "/received", "", sessions_key_);
  EXPECT_EQ(wrong.status, 409) << wrong.body;
}

TEST_F(SepaApiTest, ExportValidatesAndIsExactlyOnce) {
  std::vector<std::string> transactions;
  for (int i = 0; i < 3; ++i) {
    auto d = ParseJson(Pay(Donor("sepa_direct_debit", i == 0 ? 1 : 0, "Renée O’Brien", "DE89370400440532013000",
                                 std::to_string(10 + i))));
    ASSERT_EQ(Str(d["payment_status"]), "confirmed");
    transactions.push_back(Str(d["transaction"]["id"]));
  }
  EXPECT_EQ(Call("POST", "/v1/sepa-batches", R"({"creditorId":"DE98ZZZ09999999999"})", sessions_key_).status, 403);
  auto unknown = Call("POST", "/v1/sepa-batches", R"({"creditorId":"DE98ABC09999999998"})");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(Call("POST", "/v1/sepa-batches", R"({"creditorId":"DE98ZZZ09999999999","format":"pain.008.001.09"})").status,
            400);

  auto r = Call("POST", "/v1/sepa-batches", R"({"creditorId":"DE98ZZZ09999999999","until":"2099-12-31"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto d = ParseJson(r);
  EXPECT_EQ(Str(d["object"]), "sepa_batch");
  EXPECT_EQ(d["data"]["count"].GetInt(), 3);
  EXPECT_EQ(Str(d["data"]["controlSum"]), "33.00");
  EXPECT_EQ(Str(d["data"]["format"]), "pain.008.001.08");
  const std::string batch = Str(d["data"]["id"]);

  auto xml = Call("GET", "/v1/sepa-batches/" + batch + "/xml");
  ASSERT_EQ(xml.status, 200);
  EXPECT_EQ(xml.headers.find("content-type")->second, "application/xml");
  EXPECT_EQ(testing_sepa::SchemaErrors(xml.body, "pain.008.001.08"), "");
  EXPECT_NE(xml.body.find("<Nm>Renee O'Brien</Nm>"), std::string::npos);
  EXPECT_NE(xml.body.find("<SeqTp>OOFF</SeqTp>"), std::string::npos);
  EXPECT_NE(xml.body.find("<SeqTp>RCUR</SeqTp>"), std::string::npos);
  EXPECT_EQ(Call("GET", "/v1/sepa-batches/" + batch + "/xml").body, xml.body);  // byte-identical

  auto nothing = Call("POST", "/v1/sepa-batches", R"({"creditorId":"DE98ZZZ09999999999","until":"2099-12-31"})");
  ASSERT_EQ(nothing.status, 200) << nothing.body;
  EXPECT_TRUE(ParseJson(nothing)["data"].IsNull());
  for (const std::string& id : transactions) {
    EXPECT_EQ(Query("SELECT batch_id FROM sepa_collections WHERE transaction_id = '" + id + "'"), batch);
  }
  auto list = ParseJson(Call("GET", "/v1/sepa-batches?creditorId=DE98ZZZ09999999999"));
  EXPECT_EQ(Str(list["data"][0]["id"]), batch);

  // pain.008.001.02 on request.
  ASSERT_EQ(Str(ParseJson(Pay(Donor("sepa_direct_debit", 0)))["payment_status"]), "confirmed");
  auto v02 = Call("POST", "/v1/sepa-batches",
                  R"({"creditorId":"DE98ZZZ09999999999","until":"2099-12-31","format":"pain.008.001.02"})");
  ASSERT_EQ(v02.status, 201) << v02.body;
  auto v02_xml = Call("GET", "/v1/sepa-batches/" + Str(ParseJson(v02)["data"]["id"]) + "/xml");
  EXPECT_EQ(testing_sepa::SchemaErrors(v02_xml.body, "pain.008.001.02"), "");
}

TEST_F(SepaApiTest, EightConcurrentExportsPutEachCollectionInExactlyOneBatch) {
  constexpr int kGifts = 12;
  for (int i = 0; i < kGifts; ++i) {
    ASSERT_EQ(Str(ParseJson(Pay(Donor("sepa_direct_debit", i % 2)))["payment_status"]), "confirmed");
  }
  const int before = Count("SELECT COUNT(*) FROM sepa_batches");
  std::atomic<int> exported{0}, batches{0}, failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto r = Call("POST", "/v1/sepa-batches", R"({"creditorId":"DE98ZZZ09999999999","until":"2099-12-31"})");
      if (r.status == 201) {
        ++batches;
        exported += ParseJson(r)["data"]["count"].GetInt();
      } else if (r.status != 200) {
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(exported.load(), kGifts);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sepa_batches") - before, batches.load());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sepa_collections WHERE status = 'scheduled'"), 0);
  // Every batch's stored count matches the collections that name it.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sepa_batches b WHERE b.tx_count <> (SELECT COUNT(*) FROM sepa_collections c "
                  "WHERE c.batch_id = b.id)"),
            0);
}

TEST_F(SepaApiTest, ReturnsEndMandatesWhenTheReasonSaysSo) {
  auto a = ParseJson(Pay(Donor("sepa_direct_debit", 1)));
  auto b = ParseJson(Pay(Donor("sepa_direct_debit", 1)));
  const std::string ta = Str(a["transaction"]["id"]), tb = Str(b["transaction"]["id"]);
  const std::string ca = Query("SELECT id FROM sepa_collections WHERE transaction_id = '" + ta + "'");
  const std::string cb = Query("SELECT id FROM sepa_collections WHERE transaction_id = '" + tb + "'");
  // Not sent yet: cannot come back.
  auto early = Call("POST", "/v1/sepa-collections/" + ca + "/return", R"({"reasonCode":"AC04"})");
  EXPECT_EQ(early.status, 409) << early.body;
  ASSERT_EQ(Call("POST", "/v1/sepa-batches", R"({"creditorId":"DE98ZZZ09999999999","until":"2099-12-31"})").status, 201);

  auto ra = Call("POST", "/v1/sepa-collections/" + ca + "/return", R"({"reasonCode":"AC04"})");
  ASSERT_EQ(ra.status, 200) << ra.body;
  auto da = ParseJson(ra);
  EXPECT_EQ(Str(da["data"]["status"]), "returned");
  EXPECT_EQ(Str(da["data"]["returnReason"]), "AC04");
  EXPECT_EQ(Str(da["data"]["mandateStatus"]), "cancelled");
  EXPECT_EQ(Query("SELECT status FROM transactions WHERE id = '" + ta + "'"), "returned");

  auto rb = ParseJson(Call("POST", "/v1/sepa-collections/" + cb + "/return", R"({"reasonCode":"AM04"})"));
  EXPECT_EQ(Str(rb["data"]["mandateStatus"]), "active");  // insufficient funds: the mandate stays

  auto twice = Call("POST", "/v1/sepa-collections/" + ca + "/return", R"({"reasonCode":"AC04"})");
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(Call("POST", "/v1/sepa-collections/0123456789abcdef0123456789abcdef/return", R"({"reasonCode":"AC04"})")
                .status,
            404);
  EXPECT_EQ(Call("POST", "/v1/sepa-collections/" + cb + "/return", R"({"reasonCode":"nope"})").status, 400);
}

TEST_F(SepaApiTest, MandatesListGetAndCancel) {
  auto d = ParseJson(Pay(Donor("sepa_direct_debit", 12)));
  const std::string reference = Str(d["transaction"]["pre_notification"]["mandate_reference"]);
  auto got = Call("GET", "/v1/mandates/" + reference);
  ASSERT_EQ(got.status, 200) << got.body;
  auto m = ParseJson(got);
  EXPECT_EQ(Str(m["data"]["status"]), "active");
  EXPECT_EQ(Str(m["data"]["maskedIban"]), "****3000");
  EXPECT_EQ(got.body.find("DE89370400440532013000"), std::string::npos);  // never the full IBAN
  EXPECT_EQ(m["data"]["interval"].GetInt(), 12);

  auto list = Call("GET", "/v1/mandates?creditorId=DE98ZZZ09999999999&pageSize=100");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find(reference), std::string::npos);
  EXPECT_EQ(Call("GET", "/v1/mandates").status, 400);
  EXPECT_EQ(Call("GET", "/v1/mandates/PFNOSUCHMANDATE").status, 404);

  auto cancelled = Call("POST", "/v1/mandates/" + reference + "/cancel");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(Str(ParseJson(cancelled)["data"]["status"]), "cancelled");
  EXPECT_TRUE(ParseJson(cancelled)["data"]["nextDueDate"].IsNull());
  EXPECT_EQ(Query("SELECT status FROM sepa_collections WHERE mandate_reference = '" + reference + "'"), "cancelled");
}

TEST_F(SepaApiTest, RecurringSchedulerCollectsOncePerPeriodAndStopsWhenCancelled) {
  auto d = ParseJson(Pay(Donor("sepa_direct_debit", 1)));
  const std::string reference = Str(d["transaction"]["pre_notification"]["mandate_reference"]);
  auto d2 = ParseJson(Pay(Donor("sepa_direct_debit", 1)));
  const std::string cancelled = Str(d2["transaction"]["pre_notification"]["mandate_reference"]);
  ASSERT_EQ(Call("POST", "/v1/mandates/" + cancelled + "/cancel").status, 200);
  // Due now: the horizon (14 days) covers it.
  app_->db().Execute("UPDATE sepa_mandates SET next_due_date = CURRENT_DATE WHERE reference IN ('" + reference +
                     "', '" + cancelled + "')");

  std::vector<FormProblem> problems;
  auto forms = FormRegistry::LoadDirectory(std::string(PREFILL_SOURCE_DIR) + "/forms", &problems);
  ASSERT_TRUE(forms.ok());
  MySqlSepaStore store(app_->db().pool());
  sepa::SepaService service(&store, &forms.value());
  std::vector<std::thread> runs;
  std::atomic<int> created{0};
  for (int i = 0; i < 4; ++i) {
    runs.emplace_back([&] { created += service.RunRecurring().created; });
  }
  for (auto& t : runs) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sepa_collections WHERE mandate_reference = '" + reference + "'"), 2);
  EXPECT_EQ(Query("SELECT sequence_type FROM sepa_collections WHERE mandate_reference = '" + reference +
                  "' AND period = 1"),
            "RCUR");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sepa_collections WHERE mandate_reference = '" + cancelled + "'"), 1);
  EXPECT_EQ(service.RunRecurring().created, 0);  // the next period is a month away

  // Unused for 36 months: lapses.
  app_->db().Execute("UPDATE sepa_mandates SET last_due_date = DATE_SUB(CURRENT_DATE, INTERVAL 37 MONTH) "
                     "WHERE reference = '" + reference + "'");
  EXPECT_GE(service.RunRecurring().lapsed, 1);
  EXPECT_EQ(Query("SELECT status FROM sepa_mandates WHERE reference = '" + reference + "'"), "lapsed");
}

}  // namespace
}  // namespace prefill
