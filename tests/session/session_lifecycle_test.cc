// Session states, expiry and purge (SPEC section 4) with a fake clock.
#include <gtest/gtest.h>

#include <chrono>

#include "session/memory_session_store.h"
#include "session/session_service.h"
#include "session_test_forms.h"

namespace prefill {
namespace {

using std::chrono::microseconds;
using std::chrono::minutes;
using testing_session::DonationForm;
using testing_session::FakeClock;
using testing_session::May2026;

FieldInput In(const std::string& field, const std::string& value) { return FieldInput{field, value, false}; }

class SessionLifecycleTest : public ::testing::Test {
 protected:
  std::string NewSession(const CreateOptions& options = {}) {
    Result<SessionView> created = service_.Create(form_, false, {In("amount", "10")}, Authority::kForm, options);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? created->record.hash : "";
  }
  void PutState(const std::string& hash, SessionState state) {
    SessionRecord r = *store_.Find(hash);
    r.state = state;
    ASSERT_TRUE(store_.Update(&r).ok());
  }
  Status UpdateStatus(const std::string& hash) {
    return service_.Update(form_, hash, {In("first_name", "Beate")}, Authority::kForm).status();
  }

  FakeClock clock_{May2026()};
  MemorySessionStore store_;
  SessionService service_{&store_, clock_.AsFunction()};
  Form form_ = DonationForm();  // session_ttl_minutes = 60
};

TEST_F(SessionLifecycleTest, ExpiresExactlyAtExpiresAt) {
  const std::string hash = NewSession();
  clock_.Advance(minutes(60) - microseconds(1));
  EXPECT_TRUE(service_.Read(form_, hash).ok());
  EXPECT_TRUE(UpdateStatus(hash).ok());

  clock_.Advance(microseconds(1));
  EXPECT_TRUE(service_.Read(form_, hash).status().Is(Status::Code::kExpired));
  EXPECT_TRUE(UpdateStatus(hash).Is(Status::Code::kExpired));
  EXPECT_TRUE(service_.Update(form_, hash, {}, Authority::kSecretKey).status().Is(Status::Code::kExpired));
  EXPECT_EQ(store_.Find(hash)->values.count("first_name"), 1u) << "the write before expiry stays";

  Result<SessionView> inspected = service_.Inspect(form_, hash);
  ASSERT_TRUE(inspected.ok());
  EXPECT_EQ(inspected->record.state, SessionState::kExpired);
}

TEST_F(SessionLifecycleTest, UpdatesDoNotExtendTheLifetime) {
  const std::string hash = NewSession();
  clock_.Advance(minutes(59));
  ASSERT_TRUE(UpdateStatus(hash).ok());
  EXPECT_EQ(store_.Find(hash)->expires_at, May2026() + minutes(60));
  EXPECT_EQ(store_.Find(hash)->updated_at, May2026() + minutes(59));
  clock_.Advance(minutes(1));
  EXPECT_TRUE(service_.Read(form_, hash).status().Is(Status::Code::kExpired));
}

TEST_F(SessionLifecycleTest, LifetimeCanBeOverridden) {
  CreateOptions options;
  options.ttl = minutes(15);
  options.metadata = {{"order_id", "A-17"}};
  const std::string hash = NewSession(options);
  SessionRecord stored = *store_.Find(hash);
  EXPECT_EQ(stored.expires_at, May2026() + minutes(15));
  EXPECT_EQ(stored.metadata.at("order_id"), "A-17");
  clock_.Advance(minutes(15));
  EXPECT_TRUE(service_.Read(form_, hash).status().Is(Status::Code::kExpired));
}

TEST_F(SessionLifecycleTest, NonPositiveLifetimeIsRefused) {
  CreateOptions options;
  options.ttl = minutes(0);
  EXPECT_TRUE(service_.Create(form_, false, {In("amount", "10")}, Authority::kForm, options)
                  .status()
                  .Is(Status::Code::kInvalidArgument));
  EXPECT_EQ(store_.size(), 0u);
}

TEST_F(SessionLifecycleTest, StoredExpiredStateIsExpiredEvenBeforeExpiresAt) {
  const std::string hash = NewSession();
  PutState(hash, SessionState::kExpired);
  EXPECT_TRUE(service_.Read(form_, hash).status().Is(Status::Code::kExpired));
  EXPECT_TRUE(UpdateStatus(hash).Is(Status::Code::kExpired));
}

TEST_F(SessionLifecycleTest, ProcessingSessionIsLockedForReadsAndWrites) {
  const std::string hash = NewSession();
  PutState(hash, SessionState::kProcessing);
  const int64_t version = store_.Find(hash)->version;
  EXPECT_TRUE(UpdateStatus(hash).Is(Status::Code::kLocked));
  EXPECT_TRUE(service_.Update(form_, hash, {In("amount", "20")}, Authority::kSecretKey).status().Is(
      Status::Code::kLocked));
  EXPECT_TRUE(service_.Read(form_, hash).status().Is(Status::Code::kLocked));
  EXPECT_EQ(store_.Find(hash)->version, version);
  EXPECT_EQ(store_.Find(hash)->values.at("amount"), "10.00");

  Result<SessionView> inspected = service_.Inspect(form_, hash);
  ASSERT_TRUE(inspected.ok());
  EXPECT_EQ(inspected->record.state, SessionState::kProcessing);
}

TEST_F(SessionLifecycleTest, ProcessingSessionStillExpires) {
  const std::string hash = NewSession();
  PutState(hash, SessionState::kProcessing);
  clock_.Advance(minutes(60));
  EXPECT_TRUE(UpdateStatus(hash).Is(Status::Code::kExpired));
  EXPECT_EQ(service_.Inspect(form_, hash)->record.state, SessionState::kExpired);
}

TEST_F(SessionLifecycleTest, CompletedSessionIsProcessedAndNeverExpires) {
  const std::string hash = NewSession();
  PutState(hash, SessionState::kCompleted);
  EXPECT_TRUE(UpdateStatus(hash).Is(Status::Code::kProcessed));
  EXPECT_TRUE(service_.Read(form_, hash).status().Is(Status::Code::kProcessed));
  clock_.Advance(minutes(120));
  EXPECT_TRUE(service_.Read(form_, hash).status().Is(Status::Code::kProcessed));
  EXPECT_EQ(service_.Inspect(form_, hash)->record.state, SessionState::kCompleted);
}

TEST_F(SessionLifecycleTest, PurgeRemovesOnlySessionsPastRetention) {
  const std::string first = NewSession();   // expires at T+60min
  clock_.Advance(minutes(30));
  const std::string second = NewSession();  // expires at T+90min
  const std::chrono::seconds retention = std::chrono::hours(24 * 30);

  clock_.Advance(minutes(30) + retention);  // now T+60min+30d: first's expiry is exactly the cutoff
  Result<int64_t> none = service_.PurgeExpired(retention);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);

  clock_.Advance(microseconds(1));
  EXPECT_EQ(*service_.PurgeExpired(retention), 1);
  EXPECT_TRUE(store_.Find(first).status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(store_.Find(second).ok());

  clock_.Advance(minutes(30));
  EXPECT_EQ(*service_.PurgeExpired(retention), 1);
  EXPECT_EQ(store_.size(), 0u);
}

}  // namespace
}  // namespace prefill
