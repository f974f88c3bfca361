// SessionLifecycle (process / confirm / expire / patch) on the in-memory store,
// with a settable clock, and its interplay with SessionService (the form API's core).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "forms/form_registry.h"
#include "session/memory_session_store.h"
#include "session/session_lifecycle.h"
#include "session/session_service.h"

namespace prefill {
namespace {

using std::chrono::minutes;

class LifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<FormProblem> problems;
    auto registry = FormRegistry::LoadDirectory(std::string(PREFILL_SOURCE_DIR) + "/forms", &problems);
    ASSERT_TRUE(registry.ok());
    forms_ = std::move(*registry);
    form_ = forms_.FindById("demo");
    ASSERT_NE(form_, nullptr);
  }

  TimePoint Now() const { return TimePoint(std::chrono::microseconds(now_us_.load())); }
  void Advance(std::chrono::microseconds d) { now_us_ += d.count(); }

  std::string NewSession(bool complete) {
    std::vector<FieldInput> inputs{{"amount", "10", false}, {"first_name", "Beate", false}};
    if (complete) {
      inputs.push_back({"payment_method", "bank_transfer", false});
      inputs.push_back({"last_name", "Spender", false});
      inputs.push_back({"email", "beate@example.org", false});
    }
    CreateOptions options;
    options.ttl = minutes(60);
    auto created = service_.Create(*form_, false, inputs, Authority::kSecretKey, options);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created->record.hash;
  }

  std::atomic<int64_t> now_us_{1'800'000'000'000'000};
  MemorySessionStore store_;
  SessionService service_{&store_, [this] { return Now(); }};
  SessionLifecycle lifecycle_{&store_, [this] { return Now(); }};
  FormRegistry forms_;
  const Form* form_ = nullptr;
};

TEST_F(LifecycleTest, ProcessLocksTheFormApiAndExtendsExpiry) {
  std::string hash = NewSession(false);
  auto processed = lifecycle_.Process(*form_, hash, minutes(43200));
  ASSERT_TRUE(processed.ok()) << processed.status().ToString();
  EXPECT_EQ(processed->record.state, SessionState::kProcessing);
  EXPECT_EQ(processed->record.expires_at, Now() + minutes(43200));
  EXPECT_TRUE(service_.Read(*form_, hash).status().Is(Status::Code::kLocked));
  EXPECT_TRUE(service_.Update(*form_, hash, {{"first_name", "X", false}}, Authority::kForm)
                  .status().Is(Status::Code::kLocked));
  // Past the old expiry it is still processing: the extension counts.
  Advance(minutes(61));
  EXPECT_EQ(service_.Inspect(*form_, hash)->record.state, SessionState::kProcessing);
}

TEST_F(LifecycleTest, ProcessNeverShortensAndCapsTheExtension) {
  std::string hash = NewSession(false);
  const TimePoint original = store_.Find(hash)->expires_at;
  auto shorter = lifecycle_.Process(*form_, hash, minutes(5));
  ASSERT_TRUE(shorter.ok());
  EXPECT_EQ(shorter->record.expires_at, original);
  EXPECT_TRUE(lifecycle_.Process(*form_, hash, minutes(43201)).status().Is(Status::Code::kInvalidArgument));
  EXPECT_TRUE(lifecycle_.Process(*form_, hash, minutes(0)).status().Is(Status::Code::kInvalidArgument));
  // Processing again is allowed (and may extend).
  auto again = lifecycle_.Process(*form_, hash, minutes(120));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->record.expires_at, Now() + minutes(120));
}

TEST_F(LifecycleTest, ConfirmNeedsACompleteSessionAndIsIdempotent) {
  std::string incomplete = NewSession(false);
  EXPECT_TRUE(lifecycle_.Confirm(*form_, incomplete).status().Is(Status::Code::kIncomplete));
  EXPECT_EQ(store_.Find(incomplete)->state, SessionState::kOpen);

  std::string hash = NewSession(true);
  auto first = lifecycle_.Confirm(*form_, hash);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->record.state, SessionState::kCompleted);
  const int64_t version = store_.Find(hash)->version;
  Advance(minutes(1));
  auto second = lifecycle_.Confirm(*form_, hash);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->record.state, SessionState::kCompleted);
  EXPECT_EQ(second->record.updated_at, first->record.updated_at);
  EXPECT_EQ(store_.Find(hash)->version, version);  // nothing written again
  EXPECT_TRUE(service_.Read(*form_, hash).status().Is(Status::Code::kProcessed));
  // Completed sessions never expire, and cannot be processed or expired.
  Advance(minutes(24 * 60));
  EXPECT_TRUE(lifecycle_.Confirm(*form_, hash).ok());
  EXPECT_TRUE(lifecycle_.Process(*form_, hash, std::nullopt).status().Is(Status::Code::kProcessed));
  EXPECT_TRUE(lifecycle_.Expire(*form_, hash).status().Is(Status::Code::kProcessed));
}

TEST_F(LifecycleTest, ConfirmOfAProcessingSessionCompletesIt) {
  std::string hash = NewSession(true);
  ASSERT_TRUE(lifecycle_.Process(*form_, hash, std::nullopt).ok());
  auto confirmed = lifecycle_.Confirm(*form_, hash);
  ASSERT_TRUE(confirmed.ok());
  EXPECT_EQ(confirmed->record.state, SessionState::kCompleted);
}

TEST_F(LifecycleTest, ExpiredSessionsRefuseTransitions) {
  std::string by_time = NewSession(true);
  Advance(minutes(61));  // past expires_at: effectively expired without a write
  EXPECT_TRUE(lifecycle_.Confirm(*form_, by_time).status().Is(Status::Code::kExpired));
  EXPECT_TRUE(lifecycle_.Process(*form_, by_time, std::nullopt).status().Is(Status::Code::kExpired));
  EXPECT_TRUE(lifecycle_.Patch(*form_, by_time, {{"first_name", "A", false}}, nullptr)
                  .status().Is(Status::Code::kExpired));
  auto expired = lifecycle_.Expire(*form_, by_time);  // idempotent on an expired session
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(expired->record.state, SessionState::kExpired);
}

TEST_F(LifecycleTest, ExpireEndsAnOpenSessionNow) {
  std::string hash = NewSession(true);
  auto expired = lifecycle_.Expire(*form_, hash);
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(expired->record.state, SessionState::kExpired);
  EXPECT_EQ(expired->record.expires_at, Now());
  EXPECT_EQ(store_.Find(hash)->state, SessionState::kExpired);
  EXPECT_TRUE(service_.Read(*form_, hash).status().Is(Status::Code::kExpired));
  EXPECT_TRUE(lifecycle_.Confirm(*form_, hash).status().Is(Status::Code::kExpired));
}

TEST_F(LifecycleTest, ExpireRefusesAProcessingSession) {
  std::string hash = NewSession(true);
  ASSERT_TRUE(lifecycle_.Process(*form_, hash, std::nullopt).ok());
  EXPECT_TRUE(lifecycle_.Expire(*form_, hash).status().Is(Status::Code::kLocked));
  EXPECT_TRUE(lifecycle_.Patch(*form_, hash, {}, nullptr).status().Is(Status::Code::kLocked));
}

TEST_F(LifecycleTest, OtherFormsAndUnknownHashesAreNotFound) {
  std::string hash = NewSession(true);
  const Form* other = forms_.FindById("spendenformular");
  ASSERT_NE(other, nullptr);
  EXPECT_TRUE(lifecycle_.Confirm(*other, hash).status().Is(Status::Code::kNotFound));
  EXPECT_TRUE(lifecycle_.Expire(*form_, std::string(64, 'a')).status().Is(Status::Code::kNotFound));
  EXPECT_EQ(*lifecycle_.FormIdOf(hash), "demo");
  EXPECT_TRUE(lifecycle_.FormIdOf("nope").status().Is(Status::Code::kNotFound));
}

TEST_F(LifecycleTest, PatchChangesAndUnlocksFixedValuesAndEditsMetadata) {
  CreateOptions options;
  options.metadata = {{"order", "1"}};
  auto created = service_.Create(*form_, false, {{"amount", "25", true}}, Authority::kSecretKey, options);
  ASSERT_TRUE(created.ok());
  const std::string hash = created->record.hash;
  // The form API cannot change the locked amount ...
  auto refused = service_.Update(*form_, hash, {{"amount", "30", false}}, Authority::kForm);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->record.values.at("amount"), "25.00");
  // ... the secret key can, and a plain value unlocks it.
  auto patched = lifecycle_.Patch(*form_, hash, {{"amount", "30", false}, {"email", "not-an-email", false}},
                                  [](std::map<std::string, std::string>* m) {
                                    (*m)["shop"] = "A";
                                    return Status::OK();
                                  });
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  EXPECT_EQ(patched->record.values.at("amount"), "30.00");
  EXPECT_EQ(patched->record.fixed.count("amount"), 0u);
  EXPECT_EQ(patched->record.metadata, (std::map<std::string, std::string>{{"order", "1"}, {"shop", "A"}}));
  EXPECT_EQ(patched->record.values.count("email"), 0u);
  EXPECT_EQ(patched->errors.current_fields.count("email"), 1u);
  EXPECT_FALSE(patched->complete);
  auto stored = store_.Find(hash);
  EXPECT_EQ(stored->metadata.at("shop"), "A");
  EXPECT_EQ(stored->values.at("amount"), "30.00");
}

TEST_F(LifecycleTest, RefusedMetadataEditWritesNothing) {
  std::string hash = NewSession(false);
  const int64_t version = store_.Find(hash)->version;
  auto refused = lifecycle_.Patch(*form_, hash, {{"first_name", "Other", false}},
                                  [](std::map<std::string, std::string>*) { return Status::InvalidArgument("no"); });
  EXPECT_TRUE(refused.status().Is(Status::Code::kInvalidArgument));
  EXPECT_EQ(store_.Find(hash)->version, version);
  EXPECT_EQ(store_.Find(hash)->values.at("first_name"), "Beate");
}

TEST_F(LifecycleTest, RacingConfirmAndExpireEndInExactlyOne) {
  for (int round = 0; round < 20; ++round) {
    std::string hash = NewSession(true);
    std::atomic<int> confirmed{0}, expired{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&] { confirmed += lifecycle_.Confirm(*form_, hash).ok(); });
      threads.emplace_back([&] { expired += lifecycle_.Expire(*form_, hash).ok(); });
    }
    for (auto& t : threads) t.join();
    const SessionState state = store_.Find(hash)->state;
    ASSERT_TRUE(state == SessionState::kCompleted || state == SessionState::kExpired);
    // The winner's repeats succeed (both transitions are idempotent); the loser's all fail.
    if (state == SessionState::kCompleted) {
      EXPECT_EQ(confirmed, 4);
      EXPECT_EQ(expired, 0);
    } else {
      EXPECT_EQ(expired, 4);
      EXPECT_EQ(confirmed, 0);
    }
  }
}

TEST_F(LifecycleTest, ConcurrentPatchesOfMetadataAndValuesAllTakeEffect) {
  std::string hash = NewSession(false);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto r = lifecycle_.Patch(*form_, hash, {}, [i](std::map<std::string, std::string>* m) {
        (*m)["k" + std::to_string(i)] = "v";
        return Status::OK();
      });
      EXPECT_TRUE(r.ok());
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(store_.Find(hash)->metadata.size(), 8u);
}

}  // namespace
}  // namespace prefill
