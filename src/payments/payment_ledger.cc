#include "payments/payment_ledger.h"

#include "session/session_update.h"

namespace prefill {

std::optional<SessionAction> SettlementFor(TransactionStatus status) {
  switch (status) {
    case TransactionStatus::kConfirmed:
    case TransactionStatus::kPendingTransfer:  // the donor has the instructions: done
    case TransactionStatus::kReturned:
      return SessionAction::kSettlePaid;
    case TransactionStatus::kFailed:
    case TransactionStatus::kCancelled:
      return SessionAction::kSettleUnpaid;
    case TransactionStatus::kPending:
    case TransactionStatus::kAwaiting:
      break;
  }
  return std::nullopt;
}

Status RecordOutcome(PaymentLedger& ledger, SessionStore& sessions, TransactionStore& transactions,
                     const Transaction& decided, TransactionStatus expected, const NowFunction& now,
                     std::optional<SessionRecord> snapshot, bool* settled) {
  const std::optional<SessionAction> settle = SettlementFor(decided.status);
  bool first = true;
  bool decided_elsewhere = false;
  Status recorded = RetryOnConflict([&]() -> Status {
    if (!first) {
      // The last Commit lost a race: on the session (retry) or on the attempt
      // (decided elsewhere: stop).
      Result<Transaction> current = transactions.Find(decided.id);
      if (!current.ok()) return current.status();
      if (current->status != expected) {
        decided_elsewhere = true;
        if (settled != nullptr) *settled = false;
        return Status::OK();
      }
    }
    first = false;
    PaymentWrite write;
    write.update = decided;
    write.expected = expected;
    write.events = EventsOfOutcome(decided, expected);
    std::optional<SessionRecord> session;
    if (settle) {
      if (snapshot) {
        session = std::move(snapshot);
        snapshot.reset();
      } else {
        Result<SessionRecord> found = sessions.Find(decided.session_hash);
        if (found.ok()) {
          session = std::move(found.value());
        } else if (!found.status().Is(Status::Code::kNotFound)) {
          return found.status();
        }
      }
      // Only while the session's lock is this attempt's: a session written
      // after the attempt was made (locked again by the REST API's /process,
      // say) was decided by someone else and is left as it is.
      if (session && session->updated_at <= decided.created_at) {
        Result<bool> go = ApplyTransition(*settle, &*session);  // on the stored state
        if (!go.ok()) return go.status();
        if (*go) {
          session->updated_at = now();
          write.session = &*session;
          if (session->state == SessionState::kCompleted) {
            write.events.push_back(SessionEvent(EventType::kSessionCompleted, *session));
          }
        }
      }
    }
    Status committed = ledger.Commit(write);
    if (settled != nullptr) *settled = committed.ok() && write.session != nullptr;
    return committed;
  });
  if (decided_elsewhere) return Status::Conflict("transaction changed concurrently");
  return recorded;
}

std::function<Status(SessionRecord* record, SessionState found)> SessionTransitionWriter(PaymentLedger& ledger) {
  return [&ledger](SessionRecord* record, SessionState found) {
    PaymentWrite write;
    write.session = record;
    write.events = EventsOfTransition(found, *record);
    return ledger.Commit(write);
  };
}

}  // namespace prefill
