// Event filters, endpoint matching and the retry schedule.
#include <gtest/gtest.h>

#include "webhooks/retry_schedule.h"
#include "webhooks/webhook_endpoint.h"

namespace prefill::webhooks {
namespace {

using std::chrono::seconds;

TEST(EventFilterTest, ParsesStarAndLists) {
  auto all = ParseEventFilter("*");
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->all);
  EXPECT_TRUE(all->Matches("mandate.created"));
  EXPECT_EQ(FormatEventFilter(*all), "*");

  auto some = ParseEventFilter(" transaction.failed, transaction.confirmed ,transaction.failed");
  ASSERT_TRUE(some.ok()) << some.status().ToString();
  EXPECT_EQ(FormatEventFilter(*some), "transaction.confirmed,transaction.failed");  // SPEC order, no repeats
  EXPECT_TRUE(some->Matches("transaction.failed"));
  EXPECT_FALSE(some->Matches("transaction.returned"));
  EXPECT_FALSE(ParseEventFilter("").ok());
  EXPECT_FALSE(ParseEventFilter(" , ").ok());
  EXPECT_FALSE(ParseEventFilter("transaction.confirmed,payment.done").ok());
  EXPECT_FALSE(ParseEventFilter("*,transaction.failed").ok());
  EXPECT_EQ(EventTypes().size(), 8u);
}

TEST(EventFilterTest, WantsTypeFormAndCreationTime) {
  Endpoint e;
  e.events = *ParseEventFilter("transaction.confirmed");
  e.form_id = "form-a";
  e.created_at = TimePoint(std::chrono::seconds(1000));
  EventHead ev{"evt_1", "transaction.confirmed", "form-a", false, TimePoint(std::chrono::seconds(1000))};
  EXPECT_TRUE(Wants(e, ev));
  EventHead older = ev;
  older.created_at = TimePoint(std::chrono::seconds(999));
  EXPECT_FALSE(Wants(e, older));
  EventHead other_form = ev;
  other_form.form_id = "form-b";
  EXPECT_FALSE(Wants(e, other_form));
  EventHead other_type = ev;
  other_type.type = "transaction.failed";
  EXPECT_FALSE(Wants(e, other_type));
  e.form_id.clear();
  EXPECT_TRUE(Wants(e, other_form));
  e.enabled = false;
  EXPECT_FALSE(Wants(e, ev));
}

TEST(RetryScheduleTest, DefaultIsTheSpecSchedule) {
  const RetrySchedule s = DefaultRetrySchedule();
  const RetrySchedule expected = {seconds(5), seconds(300), seconds(1800), seconds(7200),
                                  seconds(18000), seconds(36000), seconds(36000)};
  EXPECT_EQ(s, expected);
  EXPECT_EQ(*DelayAfter(s, 1), seconds(5));
  EXPECT_EQ(*DelayAfter(s, 7), seconds(36000));
  EXPECT_FALSE(DelayAfter(s, 8).has_value());  // eight attempts, then failed
  EXPECT_FALSE(DelayAfter(s, 0).has_value());
}

TEST(RetryScheduleTest, ParsesAndRefuses) {
  auto s = ParseRetrySchedule("1,2, 4");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, (RetrySchedule{seconds(1), seconds(2), seconds(4)}));
  for (const char* bad : {"", "0", "1,,2", "a", "-1", "1.5", "604801", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21"}) {
    EXPECT_FALSE(ParseRetrySchedule(bad).ok()) << bad;
  }
  for (int i = 0; i < 50; ++i) {
    auto j = Jitter(seconds(10));
    EXPECT_GE(j.count(), 10000);
    EXPECT_LE(j.count(), 11000);
  }
}

}  // namespace
}  // namespace prefill::webhooks
