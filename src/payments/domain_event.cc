#include "payments/domain_event.h"

namespace prefill {

const char* EventTypeName(EventType type) {
  switch (type) {
    case EventType::kSessionCompleted: return "donation_session.completed";
    case EventType::kSessionExpired: return "donation_session.expired";
    case EventType::kTransactionConfirmed: return "transaction.confirmed";
    case EventType::kTransactionFailed: return "transaction.failed";
    case EventType::kTransactionReturned: return "transaction.returned";
    case EventType::kTransactionReceived: return "transaction.received";
    case EventType::kMandateCreated: return "mandate.created";
    case EventType::kMandateCancelled: return "mandate.cancelled";
  }
  return "unknown";
}

DomainEvent SessionEvent(EventType type, const SessionRecord& session) {
  DomainEvent event;
  event.type = type;
  event.form_id = session.form_id;
  event.sandbox = session.sandbox;
  event.session = session;
  return event;
}

DomainEvent TransactionEvent(EventType type, const Transaction& transaction) {
  DomainEvent event;
  event.type = type;
  event.form_id = transaction.form_id;
  event.sandbox = transaction.is_test;
  event.transaction = transaction;
  return event;
}

DomainEvent MandateEvent(EventType type, const sepa::Mandate& mandate, bool sandbox) {
  DomainEvent event;
  event.type = type;
  event.form_id = mandate.form_id;
  event.sandbox = sandbox;
  event.mandate = mandate;
  return event;
}

std::vector<DomainEvent> EventsOfOutcome(const Transaction& decided, TransactionStatus before) {
  if (decided.status == before) return {};
  switch (decided.status) {
    case TransactionStatus::kConfirmed:
      return {TransactionEvent(before == TransactionStatus::kPendingTransfer ? EventType::kTransactionReceived
                                                                             : EventType::kTransactionConfirmed,
                               decided)};
    case TransactionStatus::kFailed:
      return {TransactionEvent(EventType::kTransactionFailed, decided)};
    case TransactionStatus::kReturned:
      return {TransactionEvent(EventType::kTransactionReturned, decided)};
    default:
      return {};
  }
}

std::vector<DomainEvent> EventsOfTransition(SessionState found, const SessionRecord& after) {
  if (after.state == found) return {};
  if (after.state == SessionState::kCompleted) return {SessionEvent(EventType::kSessionCompleted, after)};
  if (after.state == SessionState::kExpired) return {SessionEvent(EventType::kSessionExpired, after)};
  return {};
}

}  // namespace prefill
