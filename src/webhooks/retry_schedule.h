// When a failed webhook delivery is tried again (SPEC 7.2): after about 5 s,
// 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then the delivery is failed. A
// schedule of n delays allows n + 1 attempts. --webhook-retry-schedule 1,2,4
// (seconds; PREFILL_WEBHOOK_RETRY_SCHEDULE) replaces it, e.g. for tests.
//
// "About": each delay is stretched by up to 10 % at random (Jitter), so
// deliveries that failed together (a receiver outage) do not all come back in
// the same second. Pure apart from that random draw; thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace prefill::webhooks {

using RetrySchedule = std::vector<std::chrono::seconds>;

RetrySchedule DefaultRetrySchedule();

// "1,2,4": 1 to 20 delays of 1 to 604800 seconds each (a week), whole numbers.
Result<RetrySchedule> ParseRetrySchedule(std::string_view text);

// The delay before the next attempt after `failures` consecutive failed
// attempts (1 after the first), or nullopt when the schedule is used up.
std::optional<std::chrono::seconds> DelayAfter(const RetrySchedule& schedule, int failures);

// `delay` plus up to 10 %, in milliseconds.
std::chrono::milliseconds Jitter(std::chrono::seconds delay);

}  // namespace prefill::webhooks
