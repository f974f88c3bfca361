// Transaction helpers and the memory TransactionStore's contract.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "payments/memory_transaction_store.h"
#include "payments/transaction.h"

namespace prefill {
namespace {

Transaction Sample(const std::string& id, const std::string& session = "s1") {
  Transaction t;
  t.id = id;
  t.session_hash = session;
  t.amount = "10.00";
  t.currency = "EUR";
  t.payment_method = "credit_card";
  return t;
}

TEST(TransactionTest, IdsAreRandomUuids) {
  const std::regex uuid4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewTransactionId();
    EXPECT_TRUE(std::regex_match(id, uuid4)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(TransactionTest, MaskKeepsOnlyTheLastFourCharacters) {
  EXPECT_EQ(MaskIban("DE89370400440532013000"), "****3000");
  EXPECT_EQ(MaskIban("DE89 3704 0044 0532 0130 00"), "****3000");
  EXPECT_EQ(MaskIban("GB82WEST12345698765432"), "****5432");
  EXPECT_EQ(MaskIban("1234"), "");
  EXPECT_EQ(MaskIban(""), "");
}

TEST(TransactionTest, StatusNamesRoundTrip) {
  for (TransactionStatus s : {TransactionStatus::kPending, TransactionStatus::kConfirmed, TransactionStatus::kAwaiting,
                              TransactionStatus::kFailed, TransactionStatus::kCancelled}) {
    TransactionStatus parsed = TransactionStatus::kPending;
    ASSERT_TRUE(ParseTransactionStatus(TransactionStatusName(s), &parsed));
    EXPECT_EQ(parsed, s);
  }
  TransactionStatus unchanged = TransactionStatus::kAwaiting;
  EXPECT_FALSE(ParseTransactionStatus("Confirmed", &unchanged));
  EXPECT_FALSE(ParseTransactionStatus("", &unchanged));
  EXPECT_EQ(unchanged, TransactionStatus::kAwaiting);
  EXPECT_TRUE(IsFinal(TransactionStatus::kConfirmed));
  EXPECT_TRUE(IsFinal(TransactionStatus::kCancelled));
  EXPECT_FALSE(IsFinal(TransactionStatus::kAwaiting));
  EXPECT_FALSE(IsFinal(TransactionStatus::kPending));
}

TEST(MemoryTransactionStoreTest, InsertFindAndDuplicateIds) {
  MemoryTransactionStore store;
  ASSERT_TRUE(store.Insert(Sample("a")).ok());
  EXPECT_TRUE(store.Insert(Sample("a")).Is(Status::Code::kAlreadyExists));
  EXPECT_EQ(store.Find("a")->amount, "10.00");
  EXPECT_TRUE(store.Find("b").status().Is(Status::Code::kNotFound));
}

TEST(MemoryTransactionStoreTest, UpdateIfIsACompareAndSetOnStatus) {
  MemoryTransactionStore store;
  ASSERT_TRUE(store.Insert(Sample("a")).ok());
  Transaction next = Sample("a");
  next.status = TransactionStatus::kAwaiting;
  next.provider_reference = "ref";
  ASSERT_TRUE(store.UpdateIf(next, TransactionStatus::kPending).ok());
  EXPECT_EQ(store.Find("a")->status, TransactionStatus::kAwaiting);

  Transaction stale = Sample("a");
  stale.status = TransactionStatus::kFailed;
  EXPECT_TRUE(store.UpdateIf(stale, TransactionStatus::kPending).Is(Status::Code::kConflict));
  EXPECT_EQ(store.Find("a")->status, TransactionStatus::kAwaiting);
  EXPECT_EQ(store.Find("a")->provider_reference, "ref");
  EXPECT_TRUE(store.UpdateIf(Sample("zzz"), TransactionStatus::kPending).Is(Status::Code::kNotFound));
}

TEST(MemoryTransactionStoreTest, UpdateIfKeepsSessionAndCreationTime) {
  MemoryTransactionStore store;
  Transaction t = Sample("a", "session-1");
  t.created_at = TimePoint(std::chrono::microseconds(5));
  ASSERT_TRUE(store.Insert(t).ok());
  Transaction moved = t;
  moved.session_hash = "session-2";
  moved.created_at = TimePoint(std::chrono::microseconds(9));
  moved.status = TransactionStatus::kConfirmed;
  ASSERT_TRUE(store.UpdateIf(moved, TransactionStatus::kPending).ok());
  EXPECT_EQ(store.Find("a")->session_hash, "session-1");
  EXPECT_EQ(store.Find("a")->created_at, TimePoint(std::chrono::microseconds(5)));
}

TEST(MemoryTransactionStoreTest, ListsASessionsAttemptsOldestFirst) {
  MemoryTransactionStore store;
  ASSERT_TRUE(store.Insert(Sample("z", "s1")).ok());
  ASSERT_TRUE(store.Insert(Sample("m", "s2")).ok());
  ASSERT_TRUE(store.Insert(Sample("a", "s1")).ok());
  Result<std::vector<Transaction>> s1 = store.ListForSession("s1");
  ASSERT_EQ(s1->size(), 2u);
  EXPECT_EQ((*s1)[0].id, "z");
  EXPECT_EQ((*s1)[1].id, "a");
  EXPECT_TRUE(store.ListForSession("none")->empty());
}

}  // namespace
}  // namespace prefill
