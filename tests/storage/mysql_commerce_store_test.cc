// Integration tests of MySqlCommerceStore against the real MariaDB: terms round
// trip, Write as one transaction (the session's compare-and-set, the terms and
// the donation intents commit together or not at all), the unique (session,
// campaign) key that makes a confirm happen once, and the donation listing.
#include "storage/mysql_commerce_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "rest/encoding.h"
#include "storage/mysql_session_store.h"
#include "support/test_database.h"

namespace prefill {
namespace {

using namespace std::chrono_literals;
using prefill::testing::TestDatabase;

class MySqlCommerceStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { db_ = new TestDatabase("mysql_commerce_store"); }
  static void TearDownTestSuite() { delete db_; }

  // A stored open session with portion_of_sales terms of 3.00 to two campaigns.
  SessionRecord NewSession() {
    static std::atomic<int> counter{0};
    SessionRecord r;
    r.hash = "commerce_store_" + std::to_string(++counter);
    r.form_id = "demo";
    r.created_at = r.updated_at = SystemNow();
    r.expires_at = r.created_at + 1h;
    EXPECT_TRUE(sessions_.Insert(r).ok());
    CommerceTerms t;
    t.type = SessionType::kPortionOfSales;
    t.amount = 300;
    t.currency = "EUR";
    t.campaigns = {"demo", "spendenformular"};
    EXPECT_TRUE(store_.Put(r.hash, t).ok());
    return r;
  }

  static DonationIntent Intent(const SessionRecord& r, const std::string& campaign, int64_t amount) {
    DonationIntent d;
    d.id = "don_" + Sha256Hex(r.hash + campaign).substr(0, 32);
    d.session_hash = r.hash;
    d.campaign = campaign;
    d.amount = amount;
    d.currency = "EUR";
    d.created_at = SystemNow();
    return d;
  }

  static TestDatabase* db_;
  MySqlSessionStore sessions_{db_->pool()};
  MySqlCommerceStore store_{db_->pool()};
};
TestDatabase* MySqlCommerceStoreTest::db_ = nullptr;

TEST_F(MySqlCommerceStoreTest, TermsRoundTrip) {
  SessionRecord r = NewSession();
  auto t = store_.Get(r.hash);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->type, SessionType::kPortionOfSales);
  EXPECT_EQ(t->amount, 300);
  EXPECT_EQ(t->campaigns, (std::vector<std::string>{"demo", "spendenformular"}));
  EXPECT_FALSE(t->chosen);
  EXPECT_TRUE(t->secret_hash.empty());
  EXPECT_TRUE(store_.Get("no_such_session").status().Is(Status::Code::kNotFound));
  CommerceTerms orphan = *t;
  EXPECT_TRUE(store_.Put("no_such_session", orphan).Is(Status::Code::kNotFound));  // foreign key
}

TEST_F(MySqlCommerceStoreTest, WriteIsACompareAndSetWithTheTermsAndIntents) {
  SessionRecord r = NewSession();
  CommerceTerms t = *store_.Get(r.hash);
  t.allocations = {{"demo", 100}, {"spendenformular", 200}};
  SessionRecord stale = r;
  std::vector<DonationIntent> none;
  ASSERT_TRUE(store_.Write(&r, t, &none).ok());
  EXPECT_EQ(r.version, stale.version + 1);
  EXPECT_EQ(store_.Get(r.hash)->allocations, t.allocations);

  // A writer that read before: Conflict, and none of its changes land.
  CommerceTerms other = t;
  other.allocations = {{"demo", 300}};
  stale.state = SessionState::kCompleted;
  std::vector<DonationIntent> intents = {Intent(stale, "demo", 300)};
  EXPECT_TRUE(store_.Write(&stale, other, &intents).Is(Status::Code::kConflict));
  EXPECT_EQ(store_.Get(r.hash)->allocations, t.allocations);
  EXPECT_TRUE(store_.DonationsOf(r.hash)->empty());
  EXPECT_EQ(sessions_.Find(r.hash)->state, SessionState::kOpen);

  // The confirm: state, intents (row ids set) and version in one commit.
  r.state = SessionState::kCompleted;
  std::vector<DonationIntent> confirm = {Intent(r, "demo", 100), Intent(r, "spendenformular", 200)};
  ASSERT_TRUE(store_.Write(&r, t, &confirm).ok());
  EXPECT_GT(confirm[0].row_id, 0);
  EXPECT_GT(confirm[1].row_id, confirm[0].row_id);
  EXPECT_EQ(sessions_.Find(r.hash)->state, SessionState::kCompleted);
  auto stored = store_.DonationsOf(r.hash);
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].id, confirm[0].id);
  EXPECT_EQ((*stored)[1].amount, 200);

  // A second intent for (session, campaign) breaks the unique key: nothing of it commits.
  std::vector<DonationIntent> twice = {Intent(r, "spendenformular", 1)};
  twice[0].id = "don_other";
  const int64_t version = sessions_.Find(r.hash)->version;
  EXPECT_TRUE(store_.Write(&r, t, &twice).Is(Status::Code::kAlreadyExists));
  EXPECT_EQ(sessions_.Find(r.hash)->version, version);
  EXPECT_EQ(store_.DonationsOf(r.hash)->size(), 2u);

  SessionRecord gone;
  gone.hash = "no_such_session";
  gone.expires_at = gone.updated_at = SystemNow();
  EXPECT_TRUE(store_.Write(&gone, t, &none).Is(Status::Code::kNotFound));
}

TEST_F(MySqlCommerceStoreTest, ConcurrentWritesOfOneVersionCommitOnce) {
  SessionRecord r = NewSession();
  CommerceTerms t = *store_.Get(r.hash);
  constexpr int kThreads = 8;
  std::atomic<int> won{0}, lost{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      SessionRecord mine = r;
      mine.state = SessionState::kCompleted;
      std::vector<DonationIntent> intents = {Intent(r, "demo", 300)};
      intents[0].id += std::to_string(i);
      Status s = store_.Write(&mine, t, &intents);
      if (s.ok()) {
        ++won;
      } else if (s.Is(Status::Code::kConflict) || s.Is(Status::Code::kAlreadyExists)) {
        ++lost;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(lost.load(), kThreads - 1);
  EXPECT_EQ(store_.DonationsOf(r.hash)->size(), 1u);
}

TEST_F(MySqlCommerceStoreTest, DonationsAreScannedByFilterAndRowId) {
  SessionRecord a = NewSession();
  SessionRecord b = NewSession();
  CommerceTerms t = *store_.Get(a.hash);
  std::vector<DonationIntent> da = {Intent(a, "demo", 100), Intent(a, "spendenformular", 200)};
  std::vector<DonationIntent> db = {Intent(b, "demo", 300)};
  ASSERT_TRUE(store_.Write(&a, t, &da).ok());
  ASSERT_TRUE(store_.Write(&b, t, &db).ok());
  DonationFilter demo;
  demo.campaign = "demo";
  auto desc = store_.ScanDonations(demo, ListOrder::kDescending, std::nullopt, 10);
  ASSERT_TRUE(desc.ok());
  ASSERT_GE(desc->size(), 2u);
  EXPECT_EQ((*desc)[0].id, db[0].id);
  EXPECT_EQ((*desc)[1].id, da[0].id);
  auto after = store_.ScanDonations(demo, ListOrder::kDescending, db[0].row_id, 1);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].id, da[0].id);
  auto asc = store_.ScanDonations(demo, ListOrder::kAscending, da[0].row_id, 10);
  ASSERT_EQ(asc->size(), 1u);
  EXPECT_EQ((*asc)[0].id, db[0].id);
  DonationFilter pending_demo = demo;
  pending_demo.status = "pending";
  EXPECT_EQ(*store_.CountDonations(pending_demo), *store_.CountDonations(demo));
  DonationFilter paid;
  paid.status = "paid";
  EXPECT_EQ(*store_.CountDonations(paid), 0);
}

}  // namespace
}  // namespace prefill
