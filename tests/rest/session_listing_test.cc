// Listing sessions on MariaDB: MySqlSessionQuery filters and keyset pages,
// ListSessionPage links, and a walk that stays exact while sessions are created.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "rest/session_pager.h"
#include "session/session_hash.h"
#include "storage/mysql_session_query.h"
#include "storage/mysql_session_store.h"
#include "support/test_database.h"

namespace prefill {
namespace {

using prefill::testing::TestDatabase;
using std::chrono::minutes;

class SessionListingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>("rest_listing");
    store_ = std::make_unique<MySqlSessionStore>(db_->pool());
    query_ = std::make_unique<MySqlSessionQuery>(db_->pool());
  }

  std::string Insert(const std::string& form_id, SessionState state, minutes ttl = minutes(60)) {
    SessionRecord r;
    r.hash = NewSessionHash();
    r.form_id = form_id;
    r.state = state;
    r.values = {{"amount", "10.00"}, {"first_name", "B\xc3\xa9" "ate"}};
    r.fixed = {"amount"};
    r.metadata = {{"order", "42"}};
    r.created_at = now_;
    r.updated_at = now_;
    r.expires_at = now_ + ttl;
    EXPECT_TRUE(store_->Insert(r).ok());
    return r.hash;
  }

  std::vector<std::string> Hashes(const std::vector<ListedSession>& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.record.hash);
    return out;
  }

  TimePoint now_ = TimePoint(std::chrono::microseconds(1'800'000'000'000'000));
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<MySqlSessionStore> store_;
  std::unique_ptr<MySqlSessionQuery> query_;
};

TEST_F(SessionListingTest, RowsDecodeAsStoredWithAttributes) {
  std::string hash = Insert("demo", SessionState::kOpen);
  SessionAttributes attributes;
  attributes.success_url = "https://shop.example/thanks";
  attributes.user_id = "u-1";
  attributes.language = "de";
  ASSERT_TRUE(query_->Put(hash, attributes).ok());
  EXPECT_TRUE(query_->Put(std::string(64, 'f'), attributes).Is(Status::Code::kNotFound));

  auto rows = query_->Scan(SessionScan{}, now_);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  const ListedSession& row = rows->front();
  auto direct = store_->Find(hash);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(row.record.values, direct->values);
  EXPECT_EQ(row.record.fixed, direct->fixed);
  EXPECT_EQ(row.record.metadata, direct->metadata);
  EXPECT_EQ(row.record.version, direct->version);
  EXPECT_EQ(row.record.created_at, direct->created_at);
  EXPECT_EQ(row.record.expires_at, direct->expires_at);
  EXPECT_EQ(row.attributes.success_url, "https://shop.example/thanks");
  EXPECT_EQ(row.attributes.user_id, "u-1");
  EXPECT_EQ(row.attributes.type, "donation_form");
  auto got = query_->Get(hash);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->language, "de");
  EXPECT_EQ(query_->Get(std::string(64, 'e'))->success_url, "");  // defaults
}

TEST_F(SessionListingTest, FiltersUseTheEffectiveState) {
  std::string open = Insert("demo", SessionState::kOpen);
  std::string stale = Insert("demo", SessionState::kOpen, minutes(-1));  // past expires_at
  std::string processing = Insert("demo", SessionState::kProcessing);
  std::string completed = Insert("demo", SessionState::kCompleted, minutes(-5));
  std::string expired = Insert("other", SessionState::kExpired);
  std::string other_open = Insert("other", SessionState::kOpen);

  auto by_state = [&](SessionState s) {
    SessionScan scan;
    scan.filter.state = s;
    scan.limit = 100;
    auto rows = query_->Scan(scan, now_);
    EXPECT_TRUE(rows.ok());
    auto hashes = Hashes(*rows);
    EXPECT_EQ(*query_->Count(scan.filter, now_), static_cast<int64_t>(hashes.size()));
    return std::set<std::string>(hashes.begin(), hashes.end());
  };
  EXPECT_EQ(by_state(SessionState::kOpen), (std::set<std::string>{open, other_open}));
  EXPECT_EQ(by_state(SessionState::kExpired), (std::set<std::string>{stale, expired}));
  EXPECT_EQ(by_state(SessionState::kProcessing), (std::set<std::string>{processing}));
  EXPECT_EQ(by_state(SessionState::kCompleted), (std::set<std::string>{completed}));

  SessionScan scan;
  scan.filter.form_id = "other";
  scan.filter.state = SessionState::kOpen;
  EXPECT_EQ(Hashes(*query_->Scan(scan, now_)), (std::vector<std::string>{other_open}));
  EXPECT_EQ(*query_->Count(SessionFilter{}, now_), 6);
  SessionFilter injection;
  injection.form_id = "demo' OR '1'='1";
  EXPECT_EQ(*query_->Count(injection, now_), 0);
}

TEST_F(SessionListingTest, PagesWalkBothWaysWithLinks) {
  std::vector<std::string> inserted;
  for (int i = 0; i < 7; ++i) inserted.push_back(Insert("demo", SessionState::kOpen));
  const std::vector<std::string> newest_first(inserted.rbegin(), inserted.rend());

  auto p1 = ListSessionPage(*query_, {}, ListOrder::kDescending, std::nullopt, 3, now_);
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(Hashes(p1->sessions), std::vector<std::string>(newest_first.begin(), newest_first.begin() + 3));
  EXPECT_EQ(p1->total_results, 7);
  EXPECT_FALSE(p1->prev.has_value());
  ASSERT_TRUE(p1->next.has_value());

  auto p2 = ListSessionPage(*query_, {}, ListOrder::kDescending, p1->next, 3, now_);
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(Hashes(p2->sessions), std::vector<std::string>(newest_first.begin() + 3, newest_first.begin() + 6));
  ASSERT_TRUE(p2->prev.has_value());
  ASSERT_TRUE(p2->next.has_value());

  auto p3 = ListSessionPage(*query_, {}, ListOrder::kDescending, p2->next, 3, now_);
  ASSERT_TRUE(p3.ok());
  EXPECT_EQ(Hashes(p3->sessions), std::vector<std::string>{newest_first[6]});
  EXPECT_FALSE(p3->next.has_value());
  ASSERT_TRUE(p3->prev.has_value());

  // Back from page 3 gives page 2 again, in the same order; back from 2 gives page 1.
  auto back2 = ListSessionPage(*query_, {}, ListOrder::kDescending, p3->prev, 3, now_);
  ASSERT_TRUE(back2.ok());
  EXPECT_EQ(Hashes(back2->sessions), Hashes(p2->sessions));
  EXPECT_TRUE(back2->next.has_value());
  EXPECT_TRUE(back2->prev.has_value());
  auto back1 = ListSessionPage(*query_, {}, ListOrder::kDescending, back2->prev, 3, now_);
  ASSERT_TRUE(back1.ok());
  EXPECT_EQ(Hashes(back1->sessions), Hashes(p1->sessions));
  EXPECT_FALSE(back1->prev.has_value());

  auto asc = ListSessionPage(*query_, {}, ListOrder::kAscending, std::nullopt, 4, now_);
  ASSERT_TRUE(asc.ok());
  EXPECT_EQ(Hashes(asc->sessions), std::vector<std::string>(inserted.begin(), inserted.begin() + 4));

  // A cursor of one direction is refused in the other; page sizes are bounded.
  EXPECT_TRUE(ListSessionPage(*query_, {}, ListOrder::kAscending, p1->next, 3, now_)
                  .status().Is(Status::Code::kInvalidArgument));
  EXPECT_FALSE(ListSessionPage(*query_, {}, ListOrder::kDescending, std::nullopt, 0, now_).ok());
  EXPECT_FALSE(ListSessionPage(*query_, {}, ListOrder::kDescending, std::nullopt, 101, now_).ok());
  EXPECT_TRUE(ListSessionPage(*query_, {}, ListOrder::kDescending, std::nullopt, 100, now_).ok());
}

TEST_F(SessionListingTest, EmptyListingHasNoLinks) {
  auto page = ListSessionPage(*query_, {}, ListOrder::kDescending, std::nullopt, 25, now_);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->sessions.empty());
  EXPECT_EQ(page->total_results, 0);
  EXPECT_FALSE(page->next.has_value());
  EXPECT_FALSE(page->prev.has_value());
}

TEST_F(SessionListingTest, WalkWhileInsertingReturnsEveryEarlierSessionOnce) {
  std::set<std::string> before;
  for (int i = 0; i < 60; ++i) before.insert(Insert(i % 2 ? "demo" : "other", SessionState::kOpen));
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    while (!stop) Insert("demo", SessionState::kOpen);
  });
  std::map<std::string, int> seen;
  std::optional<SessionCursor> cursor;
  int pages = 0;
  do {
    auto page = ListSessionPage(*query_, {}, ListOrder::kDescending, cursor, 7, now_);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const auto& row : page->sessions) ++seen[row.record.hash];
    cursor = page->next;
    ++pages;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  } while (cursor && pages < 1000);
  stop = true;
  writer.join();
  for (const std::string& hash : before) EXPECT_EQ(seen[hash], 1) << hash;
  for (const auto& [hash, count] : seen) EXPECT_EQ(count, 1) << hash;
}

}  // namespace
}  // namespace prefill
