// No lost update (SPEC section 4): the compare-and-set retry loop, under real
// threads and under deterministic interference.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "session/memory_session_store.h"
#include "session/session_service.h"
#include "session_test_forms.h"

namespace prefill {
namespace {

using testing_session::DonationForm;
using testing_session::FakeClock;
using testing_session::kParallelFields;
using testing_session::May2026;
using testing_session::ParallelField;

FieldInput In(const std::string& field, const std::string& value) { return FieldInput{field, value, false}; }

// A MemorySessionStore whose calls a test can intercept.
class InterceptingStore : public SessionStore {
 public:
  std::function<Status(SessionRecord*)> before_update;  // non-OK: returned instead of updating
  std::function<Status()> before_find;
  std::function<Status()> before_insert;
  std::atomic<int> updates{0};
  std::atomic<int> inserts{0};

  Status Insert(const SessionRecord& record) override {
    ++inserts;
    if (before_insert) {
      Status s = before_insert();
      if (!s.ok()) return s;
    }
    return inner.Insert(record);
  }
  Result<SessionRecord> Find(const std::string& hash) override {
    if (before_find) {
      Status s = before_find();
      if (!s.ok()) return s;
    }
    return inner.Find(hash);
  }
  Status Update(SessionRecord* record) override {
    ++updates;
    if (before_update) {
      Status s = before_update(record);
      if (!s.ok()) return s;
    }
    return inner.Update(record);
  }
  Result<int64_t> PurgeExpiredBefore(TimePoint cutoff) override { return inner.PurgeExpiredBefore(cutoff); }

  MemorySessionStore inner;
};

class SessionConcurrencyTest : public ::testing::Test {
 protected:
  std::string NewSession() {
    Result<SessionView> created = service_.Create(form_, false, {In("amount", "10")}, Authority::kForm);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? created->record.hash : "";
  }

  FakeClock clock_{May2026()};
  InterceptingStore store_;
  SessionService service_{&store_, clock_.AsFunction()};
  Form form_ = DonationForm();
};

TEST_F(SessionConcurrencyTest, SixteenThreadsUpdatingDifferentFieldsAllTakeEffect) {
  const std::string hash = NewSession();
  constexpr int kRounds = 25;
  std::atomic<int> failures{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kParallelFields; ++t) {
    threads.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      for (int round = 0; round < kRounds; ++round) {
        const std::string value = "thread " + std::to_string(t) + " round " + std::to_string(round);
        Result<SessionView> r = service_.Update(form_, hash, {In(ParallelField(t), value)}, Authority::kForm);
        if (!r.ok() || r->record.values.at(ParallelField(t)) != value) ++failures;
      }
    });
  }
  go = true;
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0);
  SessionRecord stored = *store_.inner.Find(hash);
  for (int t = 0; t < kParallelFields; ++t) {
    ASSERT_EQ(stored.values.count(ParallelField(t)), 1u) << ParallelField(t);
    EXPECT_EQ(stored.values.at(ParallelField(t)), "thread " + std::to_string(t) + " round " +
                                                      std::to_string(kRounds - 1));
  }
  EXPECT_EQ(stored.values.at("amount"), "10.00");
  EXPECT_EQ(stored.version, int64_t{kParallelFields * kRounds}) << "every update was written exactly once";
}

TEST_F(SessionConcurrencyTest, ConflictIsRetriedAgainstTheFreshRecord) {
  const std::string hash = NewSession();
  bool interfered = false;
  store_.before_update = [&](SessionRecord*) {
    if (!interfered) {
      interfered = true;  // another writer sneaks in between our read and our write
      SessionRecord other = *store_.inner.Find(hash);
      other.values["first_name"] = "Anna";
      EXPECT_TRUE(store_.inner.Update(&other).ok());
    }
    return Status::OK();
  };
  Result<SessionView> r = service_.Update(form_, hash, {In("last_name", "Muster")}, Authority::kForm);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(store_.updates.load(), 2) << "one lost CAS, one retry";
  SessionRecord stored = *store_.inner.Find(hash);
  EXPECT_EQ(stored.values.at("first_name"), "Anna");
  EXPECT_EQ(stored.values.at("last_name"), "Muster");
  EXPECT_EQ(r->record.values.at("first_name"), "Anna") << "the answer shows the merged state";
}

TEST_F(SessionConcurrencyTest, RetryRevalidatesAgainstTheFreshRecord) {
  const std::string hash = NewSession();
  bool interfered = false;
  store_.before_update = [&](SessionRecord*) {
    if (!interfered) {
      interfered = true;  // meanwhile the merchant locks the field we are about to change
      SessionRecord other = *store_.inner.Find(hash);
      other.values["email"] = "shop@example.org";
      other.fixed.insert("email");
      EXPECT_TRUE(store_.inner.Update(&other).ok());
    }
    return Status::OK();
  };
  Result<SessionView> r = service_.Update(form_, hash, {In("email", "donor@example.org")}, Authority::kForm);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->errors.current_fields.at("email").id, validators::MessageId::kFixedValue);
  EXPECT_EQ(store_.inner.Find(hash)->values.at("email"), "shop@example.org");
}

TEST_F(SessionConcurrencyTest, EndlessConflictGivesUpAsUnavailable) {
  const std::string hash = NewSession();
  store_.before_update = [](SessionRecord*) { return Status::Conflict("always"); };
  Result<SessionView> r = service_.Update(form_, hash, {In("last_name", "Muster")}, Authority::kForm);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().Is(Status::Code::kUnavailable));
  EXPECT_EQ(store_.updates.load(), SessionService::kMaxAttempts);
  EXPECT_EQ(store_.inner.Find(hash)->values.count("last_name"), 0u);
}

TEST_F(SessionConcurrencyTest, StorageErrorsPassThroughWithoutRetry) {
  const std::string hash = NewSession();
  store_.before_update = [](SessionRecord*) { return Status::Unavailable("db down"); };
  EXPECT_TRUE(service_.Update(form_, hash, {In("last_name", "Muster")}, Authority::kForm).status().Is(
      Status::Code::kUnavailable));
  EXPECT_EQ(store_.updates.load(), 1);

  store_.before_find = [] { return Status::Unavailable("db down"); };
  EXPECT_TRUE(service_.Read(form_, hash).status().Is(Status::Code::kUnavailable));
  EXPECT_TRUE(service_.Inspect(form_, hash).status().Is(Status::Code::kUnavailable));

  store_.before_insert = [] { return Status::Unavailable("db down"); };
  EXPECT_TRUE(service_.Create(form_, false, {In("amount", "10")}, Authority::kForm).status().Is(
      Status::Code::kUnavailable));
}

TEST_F(SessionConcurrencyTest, TakenHashIsReplacedByAFreshOne) {
  int refusals = 1;
  store_.before_insert = [&] {
    return refusals-- > 0 ? Status::AlreadyExists("taken") : Status::OK();
  };
  Result<SessionView> r = service_.Create(form_, false, {In("amount", "10")}, Authority::kForm);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(store_.inserts.load(), 2);
  EXPECT_TRUE(store_.inner.Find(r->record.hash).ok());
}

}  // namespace
}  // namespace prefill
