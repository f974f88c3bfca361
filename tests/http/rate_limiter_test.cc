#include "http/rate_limiter.h"

#include <gtest/gtest.h>

namespace prefill {
namespace {

using Clock = RateLimiter::Clock;

TEST(RateLimiterTest, AllowsABurstThenRefuses) {
  RateLimiter limiter(5);
  auto t = Clock::now();
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Allow("10.0.0.1", t)) << i;
  EXPECT_FALSE(limiter.Allow("10.0.0.1", t));
}

TEST(RateLimiterTest, RefillsOverTime) {
  RateLimiter limiter(10);
  auto t = Clock::now();
  for (int i = 0; i < 10; ++i) limiter.Allow("a", t);
  EXPECT_FALSE(limiter.Allow("a", t));
  EXPECT_TRUE(limiter.Allow("a", t + std::chrono::milliseconds(100)));   // one token back
  EXPECT_FALSE(limiter.Allow("a", t + std::chrono::milliseconds(100)));
}

TEST(RateLimiterTest, ClientsAreIndependent) {
  RateLimiter limiter(1);
  auto t = Clock::now();
  EXPECT_TRUE(limiter.Allow("a", t));
  EXPECT_FALSE(limiter.Allow("a", t));
  EXPECT_TRUE(limiter.Allow("b", t));
}

TEST(RateLimiterTest, IdleClientsAreForgotten) {
  RateLimiter limiter(1);
  auto t = Clock::now();
  limiter.Allow("a", t);
  limiter.Allow("b", t);
  EXPECT_EQ(limiter.tracked_clients(), 2u);
  limiter.Allow("c", t + std::chrono::minutes(2));
  EXPECT_EQ(limiter.tracked_clients(), 1u);
}

}  // namespace
}  // namespace prefill
