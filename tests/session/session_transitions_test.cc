// The one table of session state transitions (session/session_transitions.h),
// read both ways: every action in every state it may start from goes where the
// table says, and every other state refuses it with its own Status. Then the
// writers that use the table are checked against it, state by state.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "session/memory_session_store.h"
#include "session/session_lifecycle.h"
#include "session/session_service.h"
#include "session/session_transitions.h"
#include "session_test_forms.h"

namespace prefill {
namespace {

using testing_session::DonationForm;
using testing_session::FakeClock;
using testing_session::May2026;

constexpr SessionState kStates[] = {SessionState::kOpen, SessionState::kProcessing, SessionState::kCompleted,
                                    SessionState::kExpired};
constexpr SessionAction kActions[] = {SessionAction::kEdit,      SessionAction::kPay,        SessionAction::kProcess,
                                      SessionAction::kConfirm,   SessionAction::kExpire,     SessionAction::kSettlePaid,
                                      SessionAction::kSettleUnpaid};

// What the SPEC asks, written out independently of the table: where each action
// goes from each state it starts from, and which states it leaves alone.
const std::map<std::pair<SessionAction, SessionState>, SessionState> kAllowed = {
    {{SessionAction::kEdit, SessionState::kOpen}, SessionState::kOpen},
    {{SessionAction::kPay, SessionState::kOpen}, SessionState::kProcessing},
    {{SessionAction::kProcess, SessionState::kOpen}, SessionState::kProcessing},
    {{SessionAction::kProcess, SessionState::kProcessing}, SessionState::kProcessing},
    {{SessionAction::kConfirm, SessionState::kOpen}, SessionState::kCompleted},
    {{SessionAction::kConfirm, SessionState::kProcessing}, SessionState::kCompleted},
    {{SessionAction::kExpire, SessionState::kOpen}, SessionState::kExpired},
    {{SessionAction::kSettlePaid, SessionState::kProcessing}, SessionState::kCompleted},
    {{SessionAction::kSettleUnpaid, SessionState::kProcessing}, SessionState::kOpen},
};
const std::set<std::pair<SessionAction, SessionState>> kNothingToDo = {
    {SessionAction::kConfirm, SessionState::kCompleted},   {SessionAction::kExpire, SessionState::kExpired},
    {SessionAction::kSettlePaid, SessionState::kOpen},     {SessionAction::kSettlePaid, SessionState::kCompleted},
    {SessionAction::kSettlePaid, SessionState::kExpired},  {SessionAction::kSettleUnpaid, SessionState::kOpen},
    {SessionAction::kSettleUnpaid, SessionState::kCompleted}, {SessionAction::kSettleUnpaid, SessionState::kExpired},
};

Status::Code RefusalCode(SessionState state) {
  switch (state) {
    case SessionState::kProcessing: return Status::Code::kLocked;
    case SessionState::kCompleted: return Status::Code::kProcessed;
    case SessionState::kExpired: return Status::Code::kExpired;
    case SessionState::kOpen: break;
  }
  return Status::Code::kInternal;
}

TEST(SessionTransitionsTest, EveryAllowedTransitionGoesWhereTheSpecSays) {
  for (const auto& [key, to] : kAllowed) {
    const auto [action, from] = key;
    SCOPED_TRACE(std::string(SessionActionName(action)) + " from " + SessionStateName(from));
    SessionRecord record;
    record.state = from;
    Result<bool> applied = ApplyTransition(action, &record);
    ASSERT_TRUE(applied.ok()) << applied.status().ToString();
    EXPECT_TRUE(*applied);
    EXPECT_EQ(record.state, to);
    EXPECT_EQ(RuleFor(action, from).verdict, Verdict::kGo);
  }
}

TEST(SessionTransitionsTest, EveryOtherCombinationIsRefusedOrLeftAlone) {
  int refused = 0;
  for (SessionAction action : kActions) {
    for (SessionState from : kStates) {
      if (kAllowed.count({action, from})) continue;
      SCOPED_TRACE(std::string(SessionActionName(action)) + " from " + SessionStateName(from));
      SessionRecord record;
      record.state = from;
      Result<bool> applied = ApplyTransition(action, &record);
      EXPECT_EQ(record.state, from) << "a refused or idle action changed the state";
      if (kNothingToDo.count({action, from})) {
        ASSERT_TRUE(applied.ok());
        EXPECT_FALSE(*applied);
        EXPECT_EQ(RuleFor(action, from).verdict, Verdict::kNothingToDo);
      } else {
        ++refused;
        ASSERT_FALSE(applied.ok());
        EXPECT_EQ(applied.status().code(), RefusalCode(from));
        EXPECT_EQ(RuleFor(action, from).verdict, Verdict::kRefuse);
        EXPECT_NE(from, SessionState::kOpen) << "an open session refuses nothing";
      }
    }
  }
  EXPECT_EQ(refused, 7 * 4 - static_cast<int>(kAllowed.size() + kNothingToDo.size()));
}

TEST(SessionTransitionsTest, RefusalsCarryTheFormApiStatusOfTheState) {
  EXPECT_TRUE(RefusalFor(SessionState::kProcessing).Is(Status::Code::kLocked));
  EXPECT_TRUE(RefusalFor(SessionState::kCompleted).Is(Status::Code::kProcessed));
  EXPECT_TRUE(RefusalFor(SessionState::kExpired).Is(Status::Code::kExpired));
  EXPECT_FALSE(RefusalFor(SessionState::kOpen).ok());
}

// The writers follow the table: a stored session in each state, each REST
// transition and the form API's update, compared with RuleFor.
class WritersFollowTheTableTest : public ::testing::Test {
 protected:
  WritersFollowTheTableTest()
      : form_(DonationForm()), clock_(May2026()), service_(&store_, clock_.AsFunction()),
        lifecycle_(&store_, clock_.AsFunction()) {}

  // A complete session stored in `state`.
  std::string SessionIn(SessionState state) {
    auto created = service_.Create(form_, false,
                                   {{"amount", "10", false}, {"last_name", "Muster", false},
                                    {"email", "m@example.org", false}},
                                   Authority::kForm);
    EXPECT_TRUE(created.ok() && created->complete);
    SessionRecord record = *store_.Find(created->record.hash);
    record.state = state;
    EXPECT_TRUE(store_.Update(&record).ok());
    return record.hash;
  }

  Form form_;
  FakeClock clock_;
  MemorySessionStore store_;
  SessionService service_;
  SessionLifecycle lifecycle_;
};

TEST_F(WritersFollowTheTableTest, RestTransitionsAndUpdatesAgreeWithTheTable) {
  struct Writer {
    SessionAction action;
    std::function<Result<SessionView>(const std::string&)> run;
  };
  const std::vector<Writer> writers = {
      {SessionAction::kProcess, [&](const std::string& h) { return lifecycle_.Process(form_, h, std::nullopt); }},
      {SessionAction::kConfirm, [&](const std::string& h) { return lifecycle_.Confirm(form_, h); }},
      {SessionAction::kExpire, [&](const std::string& h) { return lifecycle_.Expire(form_, h); }},
      {SessionAction::kEdit, [&](const std::string& h) { return lifecycle_.Patch(form_, h, {{"city", "Köln", false}}, {}); }},
      {SessionAction::kEdit,
       [&](const std::string& h) { return service_.Update(form_, h, {{"city", "Bonn", false}}, Authority::kForm); }},
  };
  for (const Writer& writer : writers) {
    for (SessionState from : kStates) {
      SCOPED_TRACE(std::string(SessionActionName(writer.action)) + " from " + SessionStateName(from));
      const std::string hash = SessionIn(from);
      const int64_t version = store_.Find(hash)->version;
      Result<SessionView> done = writer.run(hash);
      const TransitionRule rule = RuleFor(writer.action, from);
      switch (rule.verdict) {
        case Verdict::kGo:
          ASSERT_TRUE(done.ok()) << done.status().ToString();
          EXPECT_EQ(done->record.state, rule.to);
          EXPECT_EQ(store_.Find(hash)->state, rule.to);
          break;
        case Verdict::kNothingToDo:
          ASSERT_TRUE(done.ok()) << done.status().ToString();
          EXPECT_EQ(done->record.state, from);
          EXPECT_EQ(store_.Find(hash)->version, version) << "nothing to do, yet written";
          break;
        case Verdict::kRefuse:
          ASSERT_FALSE(done.ok());
          EXPECT_EQ(done.status().code(), RefusalCode(from));
          EXPECT_EQ(store_.Find(hash)->version, version) << "refused, yet written";
          break;
      }
    }
  }
}

TEST_F(WritersFollowTheTableTest, AnOpenSessionPastItsExpiryIsRefusedAsExpired) {
  const std::string hash = SessionIn(SessionState::kOpen);
  clock_.Advance(std::chrono::minutes(60));  // exactly expires_at: the rule says expired
  EXPECT_TRUE(service_.Update(form_, hash, {{"city", "Bonn", false}}, Authority::kForm)
                  .status()
                  .Is(Status::Code::kExpired));
  EXPECT_TRUE(lifecycle_.Confirm(form_, hash).status().Is(Status::Code::kExpired));
  auto expired = lifecycle_.Expire(form_, hash);  // already expired: nothing to do
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(expired->record.state, SessionState::kExpired);
}

TEST(ExpiryRuleTest, ASessionIsExpiredFromTheInstantOfItsExpiresAtOn) {
  const TimePoint at = May2026();
  EXPECT_FALSE(HasReachedExpiry(at, at - std::chrono::microseconds(1)));
  EXPECT_TRUE(HasReachedExpiry(at, at));
  EXPECT_TRUE(HasReachedExpiry(at, at + std::chrono::hours(1)));
  // Stores compare expires_at < ExpiryBound(now): the same boundary.
  EXPECT_FALSE(at - std::chrono::microseconds(1) < ExpiryBound(at - std::chrono::microseconds(2)));
  EXPECT_TRUE(at < ExpiryBound(at));

  SessionRecord record;
  record.expires_at = at;
  for (SessionState running : {SessionState::kOpen, SessionState::kProcessing}) {
    record.state = running;
    EXPECT_EQ(EffectiveState(record, at - std::chrono::microseconds(1)), running);
    EXPECT_EQ(EffectiveState(record, at), SessionState::kExpired);
  }
  record.state = SessionState::kCompleted;  // completed sessions never expire
  EXPECT_EQ(EffectiveState(record, at + std::chrono::hours(1)), SessionState::kCompleted);
}

}  // namespace
}  // namespace prefill
