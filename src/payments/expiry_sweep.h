// ExpirySweep: marks open sessions past their expires_at as expired, each
// with its donation_session.expired event in the same commit (SPEC 7.2: the
// event within a minute of expires_at, also for sessions nobody reads). Part
// of the core: no HTTP, no SQL. The app runs it as a cluster job
// (`expire_sessions`, every AppConfig::expiry_sweep_interval) on one node at a
// time; docs/webhooks.md "The outbox".
//
// Run walks SessionStore::ListOpenExpired in keyset pages and, per session,
// one UpdateSession on the stored state: a session still open whose effective
// state (session.h's one expiry rule) is expired gets it stored, through the
// ledger with its event. Exactly once per session: the write is a
// compare-and-set on the session's version, so of two sweepers at once (a
// lease handed over mid-run, or two runs by hand) one wins and the other
// re-reads a session that is no longer open and writes nothing.
//
// Processing sessions are left alone: a payment in flight settles them (and
// a paid one completes, even past expires_at); a session reopened by a failed
// payment is swept on a later run.
// Thread-safe: holds no mutable state.
#pragma once

#include <cstddef>

#include "common/status.h"
#include "payments/payment_ledger.h"
#include "session/session_store.h"

namespace prefill {

struct ExpiryReport {
  int expired = 0;   // sessions this run marked expired (each with its event)
  int failures = 0;  // storage errors; the session is retried next run
  Status first_failure;
};

class ExpirySweep {
 public:
  // Both must outlive the sweep.
  ExpirySweep(SessionStore* sessions, PaymentLedger* ledger, NowFunction now = SystemNow, size_t batch = 100)
      : sessions_(sessions), ledger_(ledger), now_(std::move(now)), batch_(batch == 0 ? 1 : batch) {}

  ExpiryReport Run();

 private:
  SessionStore* const sessions_;
  PaymentLedger* const ledger_;
  const NowFunction now_;
  const size_t batch_;
};

}  // namespace prefill
