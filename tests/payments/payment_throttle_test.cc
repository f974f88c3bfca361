// PaymentThrottle: failed payment attempts in a sliding window, per session and per client.
#include "payments/payment_throttle.h"

#include <gtest/gtest.h>

namespace prefill {
namespace {

using namespace std::chrono_literals;
using Scope = PaymentThrottle::Scope;

TEST(PaymentThrottleTest, SessionCapHoldsUntilTheOldestFailureLeavesTheWindow) {
  PaymentThrottle throttle({3, 100, 60s, 1000});
  auto t0 = PaymentThrottle::Clock::time_point{} + 1000s;
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(throttle.Check("s", "c", t0 + std::chrono::seconds(i)));
    throttle.RecordFailure("s", "c", t0 + std::chrono::seconds(i));
  }
  auto refused = throttle.Check("s", "c", t0 + 10s);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->scope, Scope::kSession);
  EXPECT_EQ(refused->retry_after, 50s);
  EXPECT_FALSE(throttle.Check("other", "c", t0 + 10s));  // another session of that client
  EXPECT_FALSE(throttle.Check("s", "c", t0 + 60s));      // the first failure has left the window
}

TEST(PaymentThrottleTest, ClientCapCountsAcrossSessionsAndOneStepPayments) {
  int refusals = 0;
  PaymentThrottle throttle({100, 4, 60s, 1000}, [&](Scope scope) { refusals += scope == Scope::kClient; });
  auto t = PaymentThrottle::Clock::time_point{} + 1000s;
  for (int i = 0; i < 4; ++i) throttle.RecordFailure(i % 2 ? "" : "s" + std::to_string(i), "203.0.113.5", t);
  auto refused = throttle.Check("", "203.0.113.5", t);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->scope, Scope::kClient);
  EXPECT_EQ(refusals, 1);
  EXPECT_FALSE(throttle.Check("", "203.0.113.6", t));
}

TEST(PaymentThrottleTest, ZeroTurnsACapOffAndMemoryIsBounded) {
  PaymentThrottle off({0, 0, 60s, 1000});
  auto t = PaymentThrottle::Clock::time_point{} + 1000s;
  for (int i = 0; i < 50; ++i) off.RecordFailure("s", "c", t);
  EXPECT_FALSE(off.Check("s", "c", t));

  PaymentThrottle small({2, 2, 60s, 10});
  for (int i = 0; i < 1000; ++i) small.RecordFailure("s" + std::to_string(i), "c" + std::to_string(i), t);
  // The newest are still counted; the oldest were forgotten to stay within max_keys.
  small.RecordFailure("s999", "c999", t);
  EXPECT_TRUE(small.Check("s999", "x", t));
  EXPECT_FALSE(small.Check("s0", "x", t));
}

}  // namespace
}  // namespace prefill
