// MySqlOutbox: writes DomainEvents (payments/domain_event.h) into the outbox
// table `webhook_events` (sql/009_events.sql) inside a writer's own database
// transaction, so an event is committed exactly when the change it reports is
// (docs/webhooks.md, "The outbox"). Used by MySqlPaymentLedger, MySqlSepaStore
// and MySqlSessionEvents; read by the webhook delivery worker.
//
// Each event gets a new id, "evt_" + 26 base62 characters from the operating
// system's CSPRNG (> 150 bits; the webhook-id), created_at = the clock's now,
// and the body the injected encoder renders:
// {"id","type","createdAt","data"} (http/event_body.h). The encoder lives in
// the HTTP layer, which storage does not depend on; the app injects it. The
// session of a donation_session.* event is rendered with its REST attributes,
// read on the same connection.
//
// Errors: the encoder's, before anything is written; driver exceptions
// propagate to ConnectionPool::Run (the writer's transaction rolls back).
// Thread-safe: holds no mutable state.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "payments/domain_event.h"
#include "rest/session_attributes.h"
#include "storage/connection_pool.h"

namespace prefill {

// The exact body of `event` with `id` and `created_at`.
using EventBodyEncoder = std::function<Result<std::string>(const DomainEvent& event, const SessionAttributes& attributes,
                                                           const std::string& id, TimePoint created_at)>;

// "evt_" + 26 random base62 characters.
std::string NewEventId();

class MySqlOutbox {
 public:
  // `pool` must outlive the outbox; `c` of InsertOn must be leased from it.
  MySqlOutbox(ConnectionPool& pool, EventBodyEncoder encode, NowFunction now = SystemNow)
      : pool_(pool), encode_(std::move(encode)), now_(std::move(now)) {}

  Status InsertOn(sql::Connection& c, const std::vector<DomainEvent>& events);

 private:
  ConnectionPool& pool_;
  const EventBodyEncoder encode_;
  const NowFunction now_;
};

}  // namespace prefill
