#include "payments/expiry_sweep.h"

#include <optional>
#include <vector>

#include "session/session_update.h"

namespace prefill {

ExpiryReport ExpirySweep::Run() {
  ExpiryReport report;
  const TimePoint bound = ExpiryBound(now_());
  std::optional<SessionRecord> after;
  for (;;) {
    Result<std::vector<SessionRecord>> page = sessions_->ListOpenExpired(bound, after ? &*after : nullptr, batch_);
    if (!page.ok()) {
      if (report.failures++ == 0) report.first_failure = page.status();
      break;
    }
    for (const SessionRecord& listed : *page) {
      SessionUpdate update;
      update.effective_state = false;  // judged below, on the stored state
      update.snapshot = listed;
      update.write = [this](SessionRecord* record) {
        PaymentWrite write;
        write.session = record;
        write.events = EventsOfTransition(SessionState::kOpen, *record);
        return ledger_->Commit(write);
      };
      Result<SessionWritten> written = UpdateSession(
          *sessions_, listed.hash, std::move(update), now_, [](SessionRecord* record, const Form*, TimePoint now) {
            // Stored open, effectively expired: store the effective state.
            if (record->state != SessionState::kOpen) return false;  // swept or changed meanwhile
            record->state = EffectiveState(*record, now);
            return record->state == SessionState::kExpired;
          });
      if (written.ok()) {
        if (written->written) ++report.expired;
      } else if (!written.status().Is(Status::Code::kNotFound)) {  // purged meanwhile: nothing to report
        if (report.failures++ == 0) report.first_failure = written.status();
      }
    }
    if (page->size() < batch_) break;
    after = page->back();
  }
  return report;
}

}  // namespace prefill
