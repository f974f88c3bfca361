#include "session/session_view.h"

#include "session/session_merge.h"

namespace prefill {

validators::CivilDate UtcDate(TimePoint t) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
  return validators::CivilDate{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                               static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

SessionView ViewOf(const Form& form, SessionRecord record, TimePoint now) {
  SessionView view;
  view.record = std::move(record);
  view.record.state = EffectiveState(view.record, now);
  view.complete = EvaluateSession(form, view.record, UtcDate(now), {}, &view.errors);
  return view;
}

}  // namespace prefill
