#include "webhooks/retry_schedule.h"

#include <algorithm>
#include <cctype>
#include <random>
#include <string>

namespace prefill::webhooks {

RetrySchedule DefaultRetrySchedule() {
  using std::chrono::hours;
  using std::chrono::minutes;
  using std::chrono::seconds;
  return {seconds(5), minutes(5), minutes(30), hours(2), hours(5), hours(10), hours(10)};
}

Result<RetrySchedule> ParseRetrySchedule(std::string_view text) {
  RetrySchedule schedule;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string item(text.substr(start, comma - start));
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    const bool digits = !item.empty() && item.size() <= 6 &&
                        std::all_of(item.begin(), item.end(), [](unsigned char c) { return std::isdigit(c); });
    const long seconds = digits ? std::stol(item) : 0;
    if (seconds < 1 || seconds > 7 * 24 * 3600) {
      return Status::InvalidArgument("a retry schedule is 1 to 20 comma-separated delays in seconds (1 to 604800)");
    }
    schedule.push_back(std::chrono::seconds(seconds));
    start = comma + 1;
  }
  if (schedule.empty() || schedule.size() > 20) {
    return Status::InvalidArgument("a retry schedule is 1 to 20 comma-separated delays in seconds (1 to 604800)");
  }
  return schedule;
}

std::optional<std::chrono::seconds> DelayAfter(const RetrySchedule& schedule, int failures) {
  if (failures < 1 || static_cast<size_t>(failures) > schedule.size()) return std::nullopt;
  return schedule[static_cast<size_t>(failures) - 1];
}

std::chrono::milliseconds Jitter(std::chrono::seconds delay) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  const auto base = std::chrono::duration_cast<std::chrono::milliseconds>(delay);
  std::uniform_int_distribution<int64_t> extra(0, base.count() / 10);
  return base + std::chrono::milliseconds(extra(random));
}

}  // namespace prefill::webhooks
