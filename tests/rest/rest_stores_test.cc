// The REST API's MariaDB stores: API keys and idempotency keys, against the real server.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "rest/api_key_store.h"
#include "rest/idempotency.h"
#include "storage/mysql_api_key_store.h"
#include "storage/mysql_idempotency_store.h"
#include "support/test_database.h"

namespace prefill {
namespace {

using prefill::testing::TestDatabase;

class RestStoresTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { db_ = new TestDatabase("rest_stores"); }
  static void TearDownTestSuite() { delete db_; }
  static TestDatabase* db_;

  TimePoint Now() const { return TimePoint(std::chrono::microseconds(now_us_.load())); }
  std::atomic<int64_t> now_us_{1'800'000'000'123'456};
};
TestDatabase* RestStoresTest::db_ = nullptr;

std::set<Scope> ReadOnly() { return {Scope::kSessionsRead}; }

TEST_F(RestStoresTest, KeysAreStoredHashedAndAuthenticate) {
  MySqlApiKeyStore store(db_->pool());
  auto created = CreateApiKey(store, "shop", {Scope::kSessionsRead, Scope::kSessionsWrite}, Now());
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_GT(created->key.id, 0);
  // The secret is nowhere in the table.
  EXPECT_EQ(db_->QueryString("SELECT COUNT(*) FROM api_keys WHERE key_hash = '" + created->secret +
                             "' OR prefix = '" + created->secret + "'"),
            "0");
  EXPECT_EQ(db_->QueryString("SELECT key_hash FROM api_keys WHERE name = 'shop'"), HashApiKey(created->secret));

  auto found = AuthenticateBearer(store, "Bearer " + created->secret);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->id, created->key.id);
  EXPECT_TRUE(found->has(Scope::kSessionsWrite));
  EXPECT_EQ(found->created_at, Now());

  EXPECT_TRUE(AuthenticateBearer(store, "").status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(AuthenticateBearer(store, "Bearer " + GenerateApiKey().secret).status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(AuthenticateBearer(store, "Basic " + created->secret).status().Is(Status::Code::kNotFound));
}

TEST_F(RestStoresTest, RevokedKeysStopWorkingAndFreeTheirName) {
  MySqlApiKeyStore store(db_->pool());
  auto first = CreateApiKey(store, "rotate", ReadOnly(), Now());
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(CreateApiKey(store, "rotate", ReadOnly(), Now()).status().Is(Status::Code::kAlreadyExists));
  ASSERT_TRUE(store.Revoke("rotate", Now()).ok());
  EXPECT_TRUE(store.Revoke("rotate", Now()).Is(Status::Code::kNotFound));
  EXPECT_TRUE(AuthenticateBearer(store, "Bearer " + first->secret).status().Is(Status::Code::kNotFound));
  auto second = CreateApiKey(store, "rotate", ReadOnly(), Now());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(AuthenticateBearer(store, "Bearer " + second->secret).ok());

  auto all = store.List();
  ASSERT_TRUE(all.ok());
  int rotate_keys = 0, revoked = 0;
  for (const ApiKey& key : *all) {
    if (key.name != "rotate") continue;
    ++rotate_keys;
    revoked += key.revoked_at.has_value();
    EXPECT_EQ(key.prefix.size(), kApiKeyPrefixLength);
  }
  EXPECT_EQ(rotate_keys, 2);
  EXPECT_EQ(revoked, 1);
}

TEST_F(RestStoresTest, KeyCreationRefusesBadNames) {
  MySqlApiKeyStore store(db_->pool());
  EXPECT_TRUE(CreateApiKey(store, "", ReadOnly(), Now()).status().Is(Status::Code::kInvalidArgument));
  EXPECT_TRUE(CreateApiKey(store, "x", {}, Now()).status().Is(Status::Code::kInvalidArgument));
}

TEST_F(RestStoresTest, ConcurrentCreatesOfOneNameMakeOneKey) {
  MySqlApiKeyStore store(db_->pool());
  std::atomic<int> ok{0}, taken{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto r = CreateApiKey(store, "race", ReadOnly(), Now());
      if (r.ok()) ++ok;
      if (r.status().Is(Status::Code::kAlreadyExists)) ++taken;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(taken, 7);
}

// ---- idempotency ------------------------------------------------------------

Idempotency::Options FastOptions() {
  Idempotency::Options o;
  o.wait = std::chrono::milliseconds(300);
  o.poll = std::chrono::milliseconds(5);
  return o;
}

TEST_F(RestStoresTest, IdempotencyRunsOnceThenReplays) {
  MySqlIdempotencyStore store(db_->pool());
  Idempotency idem(&store, [this] { return Now(); }, FastOptions());
  const std::string fp = RequestFingerprint("POST", "/v1/donation-sessions", R"({"a":1})");
  auto first = idem.Begin(1, "key-a", fp);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->decision, Idempotency::Decision::kRun);

  // While it runs, a second request waits and then reports in-progress.
  auto waiting = idem.Begin(1, "key-a", fp);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->decision, Idempotency::Decision::kInProgress);

  ASSERT_TRUE(idem.Finish(1, "key-a", *first, {201, R"({"data":1})"}).ok());
  auto replay = idem.Begin(1, "key-a", fp);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->decision, Idempotency::Decision::kReplay);
  EXPECT_EQ(replay->answer.status, 201);
  EXPECT_EQ(replay->answer.body, R"({"data":1})");

  auto reused = idem.Begin(1, "key-a", RequestFingerprint("POST", "/v1/donation-sessions", R"({"a":2})"));
  ASSERT_TRUE(reused.ok());
  EXPECT_EQ(reused->decision, Idempotency::Decision::kKeyReused);

  // Keys are per API key.
  auto other_key = idem.Begin(2, "key-a", fp);
  ASSERT_TRUE(other_key.ok());
  EXPECT_EQ(other_key->decision, Idempotency::Decision::kRun);
}

TEST_F(RestStoresTest, IdempotencyKeysLastTwentyFourHours) {
  MySqlIdempotencyStore store(db_->pool());
  Idempotency idem(&store, [this] { return Now(); }, FastOptions());
  const std::string fp = RequestFingerprint("POST", "/x", "");
  auto first = idem.Begin(3, "day", fp);
  ASSERT_TRUE(idem.Finish(3, "day", *first, {200, "{}"}).ok());
  now_us_ += std::chrono::microseconds(std::chrono::hours(23)).count();
  EXPECT_EQ(idem.Begin(3, "day", fp)->decision, Idempotency::Decision::kReplay);
  now_us_ += std::chrono::microseconds(std::chrono::hours(2)).count();
  // Expired: the key is free again, even for another request.
  EXPECT_EQ(idem.Begin(3, "day", RequestFingerprint("POST", "/y", ""))->decision, Idempotency::Decision::kRun);

  auto purged = idem.PurgeExpired();
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(db_->QueryString("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'day'"), "1");
}

TEST_F(RestStoresTest, ServerErrorsReleaseTheKeyAndAbandonedClaimsAreTakenOver) {
  MySqlIdempotencyStore store(db_->pool());
  Idempotency idem(&store, [this] { return Now(); }, FastOptions());
  const std::string fp = RequestFingerprint("POST", "/x", "body");
  auto first = idem.Begin(4, "retry", fp);
  ASSERT_TRUE(idem.Finish(4, "retry", *first, {503, "{}"}).ok());
  EXPECT_EQ(idem.Begin(4, "retry", fp)->decision, Idempotency::Decision::kRun);  // runs again

  // That claim is never finished (a crashed request): after the lease it is taken over.
  now_us_ += std::chrono::microseconds(std::chrono::seconds(61)).count();
  EXPECT_EQ(idem.Begin(4, "retry", fp)->decision, Idempotency::Decision::kRun);
}

TEST_F(RestStoresTest, ConcurrentBeginsWithOneKeyRunOnce) {
  MySqlIdempotencyStore store(db_->pool());
  Idempotency::Options options;
  options.poll = std::chrono::milliseconds(5);
  Idempotency idem(&store, [this] { return Now(); }, options);
  const std::string fp = RequestFingerprint("POST", "/x", "same");
  std::atomic<int> runs{0}, replays{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto begun = idem.Begin(5, "together", fp);
      ASSERT_TRUE(begun.ok()) << begun.status().ToString();
      if (begun->decision == Idempotency::Decision::kRun) {
        ++runs;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        ASSERT_TRUE(idem.Finish(5, "together", *begun, {201, "first"}).ok());
      } else if (begun->decision == Idempotency::Decision::kReplay) {
        EXPECT_EQ(begun->answer.body, "first");
        ++replays;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(replays, 7);
}

TEST(IdempotencyKeyTest, Shape) {
  EXPECT_TRUE(IsValidIdempotencyKey("a"));
  EXPECT_TRUE(IsValidIdempotencyKey(std::string(255, 'k')));
  EXPECT_FALSE(IsValidIdempotencyKey(std::string(256, 'k')));
  EXPECT_FALSE(IsValidIdempotencyKey(""));
  EXPECT_FALSE(IsValidIdempotencyKey("tab\there"));
  EXPECT_FALSE(IsValidIdempotencyKey("caf\xc3\xa9"));
  EXPECT_NE(RequestFingerprint("POST", "/a", "b"), RequestFingerprint("POST", "/a", "c"));
  EXPECT_NE(RequestFingerprint("POST", "/a\nb", "c"), RequestFingerprint("POST", "/a", "b\nc"));
  EXPECT_NE(RequestFingerprint("PATCH", "/a", "b"), RequestFingerprint("POST", "/a", "b"));
  EXPECT_EQ(RequestFingerprint("POST", "/a", "b"), RequestFingerprint("POST", "/a", "b"));
}

}  // namespace
}  // namespace prefill
