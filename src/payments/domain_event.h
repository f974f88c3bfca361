// DomainEvent: a change the core reports to webhook receivers (SPEC 7.2), as a
// typed value: its type and a snapshot of what changed (the session, the
// payment attempt or the SEPA mandate, as written). Part of the core: no HTTP,
// no SQL. The change's writer hands it to storage with the change itself
// (PaymentWrite::events, SepaStore, the session transition writer), which
// stores it in the outbox (`webhook_events`, sql/009_events.sql) in the same
// database transaction; the body is rendered by the one encoder the app
// injects into storage (http/event_body.h), so a rolled-back change writes no
// event and no committed change lacks its event (docs/webhooks.md, "The outbox").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "payments/sepa/mandate.h"
#include "payments/transaction.h"
#include "session/session.h"

namespace prefill {

enum class EventType {
  kSessionCompleted,      // donation_session.completed
  kSessionExpired,        // donation_session.expired
  kTransactionConfirmed,  // transaction.confirmed
  kTransactionFailed,     // transaction.failed
  kTransactionReturned,   // transaction.returned
  kTransactionReceived,   // transaction.received (a bank transfer marked received)
  kMandateCreated,        // mandate.created
  kMandateCancelled,      // mandate.cancelled
};

const char* EventTypeName(EventType type);  // "donation_session.completed", ...

struct DomainEvent {
  EventType type = EventType::kSessionCompleted;
  std::string form_id;  // for endpoints limited to one form
  bool sandbox = false;
  // Exactly one snapshot, by type: donation_session.* the session,
  // transaction.* the attempt, mandate.* the mandate.
  std::optional<SessionRecord> session;
  std::optional<Transaction> transaction;
  std::optional<sepa::Mandate> mandate;
};

DomainEvent SessionEvent(EventType type, const SessionRecord& session);
DomainEvent TransactionEvent(EventType type, const Transaction& transaction);
DomainEvent MandateEvent(EventType type, const sepa::Mandate& mandate, bool sandbox);

// The events of an attempt decided from `before` to `decided.status`:
// transaction.confirmed (pending/awaiting -> confirmed), transaction.received
// (pending_transfer -> confirmed), transaction.failed (-> failed),
// transaction.returned (-> returned); none for awaiting, cancelled or
// pending_transfer (the donor has not paid yet).
std::vector<DomainEvent> EventsOfOutcome(const Transaction& decided, TransactionStatus before);

// The events of a session state change from `found` to `after.state`:
// donation_session.completed (-> completed) or donation_session.expired
// (-> expired); none otherwise.
std::vector<DomainEvent> EventsOfTransition(SessionState found, const SessionRecord& after);

}  // namespace prefill
