// Integration tests of MySqlSessionStore against the real MariaDB: the
// SessionStore contract (round trip, AlreadyExists, NotFound, compare-and-set),
// byte-exact storage, corrupt rows, purge, and the session core on top of it.
#include "storage/mysql_session_store.h"

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "forms/form_registry.h"
#include "session/session_service.h"
#include "support/test_database.h"

namespace prefill {
namespace {

using namespace std::chrono_literals;
using prefill::testing::TestDatabase;

// 2026-05-20 10:00:00.123456 UTC
TimePoint May2026() {
  return TimePoint(std::chrono::sys_days{std::chrono::year{2026} / 5 / 20}.time_since_epoch() + 10h + 123456us);
}

class MySqlSessionStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { db_ = new TestDatabase("mysql_session_store"); }
  static void TearDownTestSuite() { delete db_; }

  // A hash no other test uses.
  static std::string NewHash() {
    static std::atomic<int> counter{0};
    return "store_test_hash_" + std::to_string(++counter);
  }

  static SessionRecord NewRecord() {
    SessionRecord r;
    r.hash = NewHash();
    r.form_id = "demo";
    r.state = SessionState::kOpen;
    r.values = {{"amount", "10.00"}, {"first_name", "Beate"}};
    r.created_at = May2026();
    r.updated_at = May2026();
    r.expires_at = May2026() + 24h;
    return r;
  }

  std::string Column(const std::string& column, const std::string& hash) {
    return db_->QueryString("SELECT " + column + " FROM sessions WHERE hash = '" + hash + "'");
  }

  static TestDatabase* db_;
  MySqlSessionStore store_{db_->pool()};
};
TestDatabase* MySqlSessionStoreTest::db_ = nullptr;

void ExpectSameRecord(const SessionRecord& want, const SessionRecord& got) {
  EXPECT_EQ(got.hash, want.hash);
  EXPECT_EQ(got.form_id, want.form_id);
  EXPECT_EQ(got.sandbox, want.sandbox);
  EXPECT_EQ(got.state, want.state);
  EXPECT_EQ(got.values, want.values);
  EXPECT_EQ(got.fixed, want.fixed);
  EXPECT_EQ(got.metadata, want.metadata);
  EXPECT_EQ(got.version, want.version);
  EXPECT_EQ(got.created_at.time_since_epoch().count(), want.created_at.time_since_epoch().count());
  EXPECT_EQ(got.updated_at.time_since_epoch().count(), want.updated_at.time_since_epoch().count());
  EXPECT_EQ(got.expires_at.time_since_epoch().count(), want.expires_at.time_since_epoch().count());
}

TEST_F(MySqlSessionStoreTest, RoundTripsEveryField) {
  SessionRecord r = NewRecord();
  r.form_id = "spendenformular-ü";
  r.sandbox = true;
  r.state = SessionState::kProcessing;
  r.values = {{"amount", "25.50"}, {"city", "Köln"}, {"message", "Danke!\nViele Grüße"}, {"note_1", "x"}};
  r.fixed = {"amount", "city"};
  r.metadata = {{"order", "A-17"}, {"shop", "Läden & Co"}};
  r.version = 41;
  // Fractions that a sloppy formatter or parser would get wrong.
  r.created_at = May2026();                                                            // .123456
  r.updated_at = TimePoint(std::chrono::floor<std::chrono::seconds>(May2026()) + 5s);  // .000000
  r.expires_at = May2026() + 24h + 1us - 123456us;                                     // .000001
  ASSERT_TRUE(store_.Insert(r).ok());

  Result<SessionRecord> found = store_.Find(r.hash);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ExpectSameRecord(r, *found);
  // Stored as UTC wall time (the pool's time_zone), readable by people and SQL.
  EXPECT_EQ(Column("expires_at", r.hash), "2026-05-21 10:00:00.000001");
  EXPECT_EQ(Column("state", r.hash), "processing");
  EXPECT_EQ(Column("JSON_VALUE(field_values, '$.city')", r.hash), "Köln");
}

TEST_F(MySqlSessionStoreTest, RoundTripsEveryStateAndEmptyCollections) {
  for (SessionState state :
       {SessionState::kOpen, SessionState::kProcessing, SessionState::kCompleted, SessionState::kExpired}) {
    SessionRecord r = NewRecord();
    r.state = state;
    r.values.clear();
    ASSERT_TRUE(store_.Insert(r).ok());
    Result<SessionRecord> found = store_.Find(r.hash);
    ASSERT_TRUE(found.ok()) << found.status().ToString();
    ExpectSameRecord(r, *found);
  }
}

TEST_F(MySqlSessionStoreTest, DuplicateHashIsAlreadyExistsAndKeepsTheFirst) {
  SessionRecord first = NewRecord();
  ASSERT_TRUE(store_.Insert(first).ok());
  SessionRecord second = NewRecord();
  second.hash = first.hash;
  second.values = {{"amount", "99.00"}};
  Status s = store_.Insert(second);
  EXPECT_TRUE(s.Is(Status::Code::kAlreadyExists)) << s.ToString();
  EXPECT_EQ(store_.Find(first.hash)->values, first.values);
}

TEST_F(MySqlSessionStoreTest, UnknownOrImpossibleHashIsNotFound) {
  for (const std::string& hash : {std::string("never_stored_hash"), std::string(65, 'a'), std::string(""),
                                  std::string("hash with space"), std::string("hä")}) {
    Result<SessionRecord> found = store_.Find(hash);
    ASSERT_FALSE(found.ok()) << hash;
    EXPECT_TRUE(found.status().Is(Status::Code::kNotFound)) << found.status().ToString();
  }
}

TEST_F(MySqlSessionStoreTest, InsertRefusesWhatTheColumnsCannotHoldExactly) {
  SessionRecord bad_hash = NewRecord();
  bad_hash.hash = std::string(65, 'h');
  EXPECT_TRUE(store_.Insert(bad_hash).Is(Status::Code::kInvalidArgument));

  SessionRecord bad_form = NewRecord();
  bad_form.form_id = std::string(65, 'f');
  EXPECT_TRUE(store_.Insert(bad_form).Is(Status::Code::kInvalidArgument));

  SessionRecord invalid_utf8 = NewRecord();
  invalid_utf8.values["city"] = "K\xC3";  // truncated sequence
  EXPECT_TRUE(store_.Insert(invalid_utf8).Is(Status::Code::kInvalidArgument));
  SessionRecord surrogate = NewRecord();
  surrogate.metadata["\xED\xA0\x80"] = "x";  // UTF-8-encoded surrogate as a key
  EXPECT_TRUE(store_.Insert(surrogate).Is(Status::Code::kInvalidArgument));

  SessionRecord ancient = NewRecord();
  ancient.created_at = TimePoint{};  // 1970 is fine ...
  EXPECT_TRUE(store_.Insert(ancient).ok());
  SessionRecord too_old = NewRecord();
  too_old.expires_at = TimePoint(std::chrono::sys_days{std::chrono::year{999} / 12 / 31}.time_since_epoch());
  EXPECT_TRUE(store_.Insert(too_old).Is(Status::Code::kInvalidArgument));  // ... year 999 is not

  SessionRecord huge = NewRecord();
  huge.fixed.insert(std::string(70'000, 'f'));  // fixed_fields is a TEXT column (64 KiB)
  EXPECT_TRUE(store_.Insert(huge).Is(Status::Code::kTooLarge));

  for (const SessionRecord* r : {&bad_form, &invalid_utf8, &surrogate, &too_old, &huge}) {
    EXPECT_TRUE(store_.Find(r->hash).status().Is(Status::Code::kNotFound)) << "nothing written for " << r->hash;
  }
}

TEST_F(MySqlSessionStoreTest, UpdateWritesEverythingAndBumpsVersion) {
  SessionRecord r = NewRecord();
  ASSERT_TRUE(store_.Insert(r).ok());
  r.values["last_name"] = "Muster";
  r.values.erase("first_name");
  r.fixed = {"amount"};
  r.metadata = {{"k", "v"}};
  r.state = SessionState::kCompleted;
  r.updated_at = May2026() + 1min;
  ASSERT_TRUE(store_.Update(&r).ok());
  EXPECT_EQ(r.version, 1);
  ExpectSameRecord(r, *store_.Find(r.hash));
  ASSERT_TRUE(store_.Update(&r).ok());
  EXPECT_EQ(r.version, 2);
  EXPECT_EQ(store_.Find(r.hash)->version, 2);
}

TEST_F(MySqlSessionStoreTest, StaleVersionIsConflictAndWritesNothing) {
  SessionRecord r = NewRecord();
  ASSERT_TRUE(store_.Insert(r).ok());
  SessionRecord mine = *store_.Find(r.hash);
  SessionRecord theirs = *store_.Find(r.hash);

  theirs.values["city"] = "Berlin";
  ASSERT_TRUE(store_.Update(&theirs).ok());

  mine.values["city"] = "Hamburg";
  mine.state = SessionState::kCompleted;
  Status s = store_.Update(&mine);
  EXPECT_TRUE(s.Is(Status::Code::kConflict)) << s.ToString();
  EXPECT_EQ(mine.version, 0) << "a lost compare-and-set does not bump the caller's version";
  ExpectSameRecord(theirs, *store_.Find(r.hash));

  // A version from the future conflicts too: only equality writes.
  mine.version = 5;
  EXPECT_TRUE(store_.Update(&mine).Is(Status::Code::kConflict));
  EXPECT_EQ(store_.Find(r.hash)->values.at("city"), "Berlin");
}

TEST_F(MySqlSessionStoreTest, UpdateOfMissingSessionIsNotFound) {
  SessionRecord r = NewRecord();
  Status s = store_.Update(&r);
  EXPECT_TRUE(s.Is(Status::Code::kNotFound)) << s.ToString();
  EXPECT_EQ(r.version, 0);
  EXPECT_TRUE(store_.Find(r.hash).status().Is(Status::Code::kNotFound)) << "Update never inserts";
}

TEST_F(MySqlSessionStoreTest, ConcurrentUpdatesOfOneVersionHaveExactlyOneWinner) {
  SessionRecord r = NewRecord();
  ASSERT_TRUE(store_.Insert(r).ok());
  constexpr int kThreads = 12;
  std::atomic<int> ok{0}, conflicts{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      SessionRecord copy = r;
      copy.values["city"] = "city " + std::to_string(t);
      while (!go.load()) std::this_thread::yield();
      Status s = store_.Update(&copy);
      if (s.ok()) {
        ++ok;
      } else if (s.Is(Status::Code::kConflict)) {
        ++conflicts;
      } else {
        ++other;
      }
    });
  }
  go = true;
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(store_.Find(r.hash)->version, 1);
}

TEST_F(MySqlSessionStoreTest, LargeUtf8BasketRoundTripsByteExact) {
  // 40 KiB of JSON-ish basket text with 2-, 3- and 4-byte UTF-8 and HTML/JSON metacharacters.
  const std::string unit = R"({"sku":"Ä-1","name":"Grüße <b>&amp; 'quoted' "x" 🎁🌳 €\\u0000"},)";
  std::string basket = "[";
  while (basket.size() < 40 * 1024) basket += unit;
  basket += "{}]";
  SessionRecord r = NewRecord();
  r.values["basket"] = basket;
  ASSERT_TRUE(store_.Insert(r).ok());
  Result<SessionRecord> found = store_.Find(r.hash);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->values.at("basket").size(), basket.size());
  EXPECT_TRUE(found->values.at("basket") == basket) << "basket differs";
  // The server holds it as characters, not mangled bytes: 4-byte emoji are one character each.
  EXPECT_EQ(Column("CHAR_LENGTH(JSON_VALUE(field_values, '$.basket')) < LENGTH(JSON_VALUE(field_values, "
                   "'$.basket'))",
                   r.hash),
            "1");
  EXPECT_EQ(Column("JSON_VALID(field_values)", r.hash), "1");
}

TEST_F(MySqlSessionStoreTest, SqlMetacharactersAreStoredVerbatim) {
  const std::vector<std::string> nasty = {
      "'; DROP TABLE sessions; --", "\\", "\\'", "a\\nb", "100%", "_", "%_%", "\"", "`backtick`",
      "x' OR '1'='1", "\\0", "$1", "?", "/* comment */", "\xF0\x9F\x98\x80'\\\""};
  SessionRecord r = NewRecord();
  for (size_t i = 0; i < nasty.size(); ++i) r.values["v" + std::to_string(i)] = nasty[i];
  r.metadata["'; DELETE FROM sessions; --"] = "%";
  r.fixed = {"\\", "'", "%"};
  r.form_id = "f'\\%_";
  ASSERT_TRUE(store_.Insert(r).ok());
  ExpectSameRecord(r, *store_.Find(r.hash));

  r.values["v0"] = "'); UPDATE sessions SET version = 999; --";
  ASSERT_TRUE(store_.Update(&r).ok());
  ExpectSameRecord(r, *store_.Find(r.hash));
  EXPECT_EQ(db_->QueryString("SELECT COUNT(*) FROM sessions WHERE version = 999"), "0");
}

TEST_F(MySqlSessionStoreTest, LikeWildcardsInAHashMatchNothing) {
  SessionRecord r = NewRecord();
  r.hash = "wild_card_hash";
  ASSERT_TRUE(store_.Insert(r).ok());
  EXPECT_TRUE(store_.Find("wild%").status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(store_.Find("wild_card_has_").status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(store_.Find("WILD_CARD_HASH").status().Is(Status::Code::kNotFound)) << "hashes are case-sensitive";
  EXPECT_TRUE(store_.Find("wild_card_hash").ok());
}

// Decision: the validators refuse control characters (except newline and tab in
// multi-line fields), so they never reach a record through the session core. The
// store does not rely on that: whatever valid UTF-8 it is given, NUL included, is
// kept byte-exact (JSON escapes it as \u0000).
TEST_F(MySqlSessionStoreTest, ControlCharactersAndNulAreKeptByteExact) {
  SessionRecord r = NewRecord();
  r.values["message"] = std::string("a\0b\x01\x1f\x7f\r\n\t\xC2\x85z", 12);
  r.metadata[std::string("k\0ey", 4)] = std::string("\0", 1);
  ASSERT_TRUE(store_.Insert(r).ok());
  Result<SessionRecord> found = store_.Find(r.hash);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->values.at("message"), r.values.at("message"));
  EXPECT_EQ(found->values.at("message").size(), 12u);
  EXPECT_EQ(found->metadata, r.metadata);
}

TEST_F(MySqlSessionStoreTest, CorruptColumnsAreInternalAndOtherRowsStillWork) {
  const std::vector<std::pair<std::string, std::string>> corruptions = {
      {"field_values", "{not json"},
      {"field_values", "[\"a\"]"},
      {"field_values", "{\"amount\": 10}"},
      {"field_values", "{\"a\":\"1\",\"a\":\"2\"}"},
      {"field_values", "{\"a\":\"1\"} trailing"},
      {"field_values", ""},
      {"field_values", std::string(200'000, '[')},  // deep nesting must not exhaust the stack
      {"fixed_fields", "{\"a\":\"b\"}"},
      {"fixed_fields", "[1]"},
      {"metadata", "null"},
      {"created_at", "0000-00-00 00:00:00"},  // a zero date has no microseconds since 1970
  };
  SessionRecord healthy = NewRecord();
  ASSERT_TRUE(store_.Insert(healthy).ok());
  for (const auto& [column, text] : corruptions) {
    SessionRecord r = NewRecord();
    ASSERT_TRUE(store_.Insert(r).ok());
    db_->Execute("UPDATE sessions SET " + column + " = '" + text + "' WHERE hash = '" + r.hash + "'");
    Result<SessionRecord> found = store_.Find(r.hash);
    ASSERT_FALSE(found.ok()) << column << " = " << text.substr(0, 40);
    EXPECT_TRUE(found.status().Is(Status::Code::kInternal)) << found.status().ToString();
    EXPECT_TRUE(store_.Find(healthy.hash).ok());
  }
}

TEST_F(MySqlSessionStoreTest, WritesAreCommittedForEveryOtherConnection) {
  // A second pool: its connections can only see what was committed.
  ConnectionPool other_pool(db_->config(), {});
  MySqlSessionStore other(other_pool);
  SessionRecord r = NewRecord();
  ASSERT_TRUE(store_.Insert(r).ok());
  ASSERT_TRUE(other.Find(r.hash).ok());
  r.values["city"] = "Bremen";
  ASSERT_TRUE(store_.Update(&r).ok());
  EXPECT_EQ(other.Find(r.hash)->values.at("city"), "Bremen");
}

TEST_F(MySqlSessionStoreTest, UnreachableDatabaseIsUnavailable) {
  DbConfig config = db_->config();
  config.socket = "/nonexistent/prefill/mariadb.sock";
  ConnectionPool dead_pool(config, {});
  MySqlSessionStore dead(dead_pool);
  SessionRecord r = NewRecord();
  EXPECT_TRUE(dead.Insert(r).Is(Status::Code::kUnavailable));
  EXPECT_TRUE(dead.Find(r.hash).status().Is(Status::Code::kUnavailable));
  EXPECT_TRUE(dead.Update(&r).Is(Status::Code::kUnavailable));
  EXPECT_TRUE(dead.PurgeExpiredBefore(May2026()).status().Is(Status::Code::kUnavailable));
}

// The server's count of prepares on the pool's only connection.
std::string PreparesOnConnection(ConnectionPool& pool) {
  std::string count;
  Status s = pool.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'"));
    if (rs->next()) count = rs->getString(2);
    return Status::OK();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return count;
}

TEST_F(MySqlSessionStoreTest, EachStatementIsPreparedOncePerConnection) {
  ConnectionPool::Options one;
  one.size = 1;
  ConnectionPool pool(db_->config(), one);
  MySqlSessionStore store(pool);
  for (int i = 0; i < 5; ++i) {
    SessionRecord r = NewRecord();
    ASSERT_TRUE(store.Insert(r).ok());
    ASSERT_TRUE(store.Find(r.hash).ok());
    ASSERT_TRUE(store.Update(&r).ok());
  }
  EXPECT_EQ(PreparesOnConnection(pool), "3") << "INSERT, SELECT and UPDATE, each prepared once";
}

TEST_F(MySqlSessionStoreTest, CachedStatementsCarryLargeThenSmallThenLargeValues) {
  // Over 256 KiB the driver sends a parameter as long data; the cached
  // statement must switch between that and a plain binding correctly.
  ConnectionPool::Options one;
  one.size = 1;
  ConnectionPool pool(db_->config(), one);
  MySqlSessionStore store(pool);
  SessionRecord r = NewRecord();
  for (int i = 0; i < 6; ++i) r.values["big_" + std::to_string(i)] = std::string(60'000, static_cast<char>('a' + i)) + "ü";
  ASSERT_TRUE(store.Insert(r).ok());
  ExpectSameRecord(r, *store.Find(r.hash));
  SessionRecord small = NewRecord();
  ASSERT_TRUE(store.Insert(small).ok());
  ExpectSameRecord(small, *store.Find(small.hash));

  r.values = {{"city", "Kiel"}};
  ASSERT_TRUE(store.Update(&r).ok());
  ExpectSameRecord(r, *store.Find(r.hash));
  r.values["basket"] = std::string(300'000, 'x');
  ASSERT_TRUE(store.Update(&r).ok());
  ExpectSameRecord(r, *store.Find(r.hash));
  ExpectSameRecord(small, *store.Find(small.hash));
}

TEST_F(MySqlSessionStoreTest, RecoversWhenItsConnectionIsKilled) {
  ConnectionPool::Options one;
  one.size = 1;
  one.validate_after_idle = std::chrono::hours(1);  // no validation: the next call finds it dead
  ConnectionPool pool(db_->config(), one);
  MySqlSessionStore store(pool);
  SessionRecord r = NewRecord();
  ASSERT_TRUE(store.Insert(r).ok());
  std::string id;
  ASSERT_TRUE(pool.Run([&](sql::Connection& c) {
                    std::unique_ptr<sql::Statement> st(c.createStatement());
                    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT CONNECTION_ID()"));
                    rs->next();
                    id = rs->getString(1);
                    return Status::OK();
                  }).ok());
  db_->Execute("KILL " + id);
  for (int i = 0; i < 200 && db_->QueryString("SELECT COUNT(*) FROM information_schema.processlist WHERE id = " +
                                              id) != "0";
       ++i) {
    std::this_thread::sleep_for(10ms);  // KILL is asynchronous
  }
  Result<SessionRecord> during = store.Find(r.hash);
  EXPECT_FALSE(during.ok());
  EXPECT_TRUE(during.status().Is(Status::Code::kUnavailable)) << during.status().ToString();
  // A new connection, with its statements prepared afresh.
  Result<SessionRecord> after = store.Find(r.hash);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  ExpectSameRecord(r, *after);
  r.values["city"] = "Lübeck";
  EXPECT_TRUE(store.Update(&r).ok());
}

TEST(MySqlSessionStorePurgeTest, RemovesOnlySessionsExpiredBeforeTheCutoffInBatches) {
  TestDatabase db("mysql_session_purge");  // its own table: the count below is exact
  MySqlSessionStore::Options options;
  options.purge_batch = 3;  // 7 expired rows: batches of 3, 3, 1
  MySqlSessionStore store(db.pool(), options);
  const TimePoint cutoff = May2026();
  std::vector<std::string> expired, kept;
  auto insert = [&](const std::string& hash, TimePoint expires_at, std::vector<std::string>* into) {
    SessionRecord r;
    r.hash = hash;
    r.form_id = "demo";
    r.created_at = r.updated_at = cutoff - 48h;
    r.expires_at = expires_at;
    ASSERT_TRUE(store.Insert(r).ok());
    into->push_back(hash);
  };
  for (int i = 0; i < 6; ++i) insert("old_" + std::to_string(i), cutoff - std::chrono::hours(i + 1), &expired);
  insert("just_before", cutoff - 1us, &expired);
  insert("at_cutoff", cutoff, &kept);  // "before" is strict
  insert("just_after", cutoff + 1us, &kept);
  insert("tomorrow", cutoff + 24h, &kept);

  Result<int64_t> purged = store.PurgeExpiredBefore(cutoff);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(*purged, 7);
  for (const std::string& hash : expired) EXPECT_TRUE(store.Find(hash).status().Is(Status::Code::kNotFound)) << hash;
  for (const std::string& hash : kept) EXPECT_TRUE(store.Find(hash).ok()) << hash;

  EXPECT_EQ(*store.PurgeExpiredBefore(cutoff), 0);
  // Exactly one full batch left: the loop must stop after an empty follow-up batch.
  EXPECT_EQ(*store.PurgeExpiredBefore(cutoff + 24h + 1us), 3);
  EXPECT_EQ(db.QueryString("SELECT COUNT(*) FROM sessions"), "0");
}

// The session core on MariaDB with the shipped demo form: 16 threads each keep
// updating their own field of one session; no update may be lost.
TEST(MySqlSessionStoreServiceTest, SixteenThreadsUpdatingDifferentFieldsOfOneSessionAllTakeEffect) {
  TestDatabase db("mysql_session_service");
  MySqlSessionStore store(db.pool());
  SessionService service(&store);
  std::vector<FormProblem> problems;
  Result<FormRegistry> registry = FormRegistry::LoadDirectory(PREFILL_SOURCE_DIR "/forms", &problems);
  ASSERT_TRUE(registry.ok()) << registry.status().ToString();
  FormLookup demo = registry->FindByHash("demo_live_hash_0001");
  ASSERT_TRUE(demo);
  const Form& form = *demo.form;

  // Fields of forms/demo.json whose rules do not depend on one another.
  const std::vector<std::string> fields = {
      "first_name", "last_name",  "title",  "company_name",       "address",           "city",
      "message",    "public_name", "basket", "order_id",           "bank_account_owner", "credit_card_owner",
      "email",      "post_code",  "credit_card_token", "credit_card_network"};
  ASSERT_EQ(fields.size(), 16u);
  auto value_for = [](const std::string& field, int t, int round) {
    const std::string tag = std::to_string(t) + "R" + std::to_string(round);
    if (field == "email") return "t" + tag + "@example.org";
    if (field == "order_id") return "T" + tag;
    if (field == "post_code") return "P" + tag;
    if (field == "credit_card_token") return "tok_" + tag;
    if (field == "credit_card_network") return "visa" + tag;
    if (field == "basket") return R"([{"sku":"S)" + tag + R"(","qty":1,"name":"Grüße 🎁"}])";
    return "Wert " + tag + " ä'\"<>";
  };

  Result<SessionView> created = service.Create(form, false, {{"amount", "10", false}}, Authority::kForm);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string hash = created->record.hash;

  constexpr int kRounds = 4;
  std::vector<std::string> last_answer(fields.size());
  std::atomic<int> failures{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < static_cast<int>(fields.size()); ++t) {
    threads.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      for (int round = 0; round < kRounds; ++round) {
        Result<SessionView> r =
            service.Update(form, hash, {{fields[t], value_for(fields[t], t, round), false}}, Authority::kForm);
        if (!r.ok() || r->errors.current_fields.count(fields[t]) || !r->record.values.count(fields[t])) {
          ++failures;
          ADD_FAILURE() << fields[t] << " round " << round << ": "
                        << (r.ok() ? "field refused or missing" : r.status().ToString());
          continue;
        }
        last_answer[t] = r->record.values.at(fields[t]);
      }
    });
  }
  go = true;
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);

  Result<SessionRecord> stored = store.Find(hash);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  for (size_t t = 0; t < fields.size(); ++t) {
    ASSERT_EQ(stored->values.count(fields[t]), 1u) << fields[t] << " lost";
    EXPECT_EQ(stored->values.at(fields[t]), last_answer[t]) << fields[t];
  }
  EXPECT_EQ(stored->values.at("basket"), value_for("basket", 8, kRounds - 1)) << "hidden basket kept verbatim";
  EXPECT_EQ(stored->values.at("amount"), "10.00");
  EXPECT_EQ(stored->version, static_cast<int64_t>(fields.size()) * kRounds) << "every update written exactly once";
}

}  // namespace
}  // namespace prefill
