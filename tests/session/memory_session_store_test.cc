#include "session/memory_session_store.h"

#include <gtest/gtest.h>

#include <chrono>

namespace prefill {
namespace {

SessionRecord Record(const std::string& hash, TimePoint expires_at = {}) {
  SessionRecord r;
  r.hash = hash;
  r.form_id = "demo";
  r.values["amount"] = "10.00";
  r.expires_at = expires_at;
  return r;
}

TEST(MemorySessionStoreTest, InsertThenFindReturnsCopy) {
  MemorySessionStore store;
  ASSERT_TRUE(store.Insert(Record("h1")).ok());
  Result<SessionRecord> found = store.Find("h1");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->form_id, "demo");
  EXPECT_EQ(found->values.at("amount"), "10.00");
  EXPECT_EQ(store.size(), 1u);
}

TEST(MemorySessionStoreTest, InsertOfTakenHashIsAlreadyExistsAndKeepsOriginal) {
  MemorySessionStore store;
  ASSERT_TRUE(store.Insert(Record("h1")).ok());
  SessionRecord other = Record("h1");
  other.form_id = "other";
  EXPECT_TRUE(store.Insert(other).Is(Status::Code::kAlreadyExists));
  EXPECT_EQ(store.Find("h1")->form_id, "demo");
}

TEST(MemorySessionStoreTest, MissingHashIsNotFound) {
  MemorySessionStore store;
  EXPECT_TRUE(store.Find("nope").status().Is(Status::Code::kNotFound));
  SessionRecord r = Record("nope");
  EXPECT_TRUE(store.Update(&r).Is(Status::Code::kNotFound));
}

TEST(MemorySessionStoreTest, UpdateIsCompareAndSetOnVersion) {
  MemorySessionStore store;
  ASSERT_TRUE(store.Insert(Record("h1")).ok());
  SessionRecord first = *store.Find("h1");
  SessionRecord second = *store.Find("h1");

  first.values["amount"] = "20.00";
  ASSERT_TRUE(store.Update(&first).ok());
  EXPECT_EQ(first.version, second.version + 1);

  second.values["amount"] = "30.00";
  const int64_t stale_version = second.version;
  EXPECT_TRUE(store.Update(&second).Is(Status::Code::kConflict));
  EXPECT_EQ(second.version, stale_version) << "a failed CAS must not bump the caller's version";
  EXPECT_EQ(store.Find("h1")->values.at("amount"), "20.00");

  SessionRecord fresh = *store.Find("h1");
  fresh.values["amount"] = "30.00";
  ASSERT_TRUE(store.Update(&fresh).ok());
  EXPECT_EQ(store.Find("h1")->values.at("amount"), "30.00");
  EXPECT_EQ(store.Find("h1")->version, fresh.version);
}

TEST(MemorySessionStoreTest, PurgeDeletesOnlyBeforeCutoff) {
  using std::chrono::seconds;
  const TimePoint t0 = std::chrono::time_point_cast<std::chrono::microseconds>(Clock::now());
  MemorySessionStore store;
  ASSERT_TRUE(store.Insert(Record("old", t0 - seconds(10))).ok());
  ASSERT_TRUE(store.Insert(Record("edge", t0)).ok());
  ASSERT_TRUE(store.Insert(Record("new", t0 + seconds(10))).ok());
  Result<int64_t> purged = store.PurgeExpiredBefore(t0);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_TRUE(store.Find("old").status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(store.Find("edge").ok());
  EXPECT_TRUE(store.Find("new").ok());
  EXPECT_EQ(*store.PurgeExpiredBefore(t0), 0);
}

}  // namespace
}  // namespace prefill
