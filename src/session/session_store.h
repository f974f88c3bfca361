// SessionStore: where sessions live. The session core talks only to this
// interface; storage/ implements it on MariaDB, session/memory_session_store.h
// in memory for unit tests.
//
// Concurrency contract: Update is a compare-and-set on `version`. It writes
// the record only if the stored version still equals record->version, then
// bumps record->version; otherwise it returns Conflict and writes nothing.
// Callers re-read and retry, so two concurrent updates never lose each other.
// Every successful call is durable before it returns.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/status.h"
#include "session/session.h"

namespace prefill {

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // AlreadyExists if the hash is taken.
  virtual Status Insert(const SessionRecord& record) = 0;

  // NotFound if no such hash. Unavailable if storage cannot be reached.
  virtual Result<SessionRecord> Find(const std::string& hash) = 0;

  // Compare-and-set on record->version (see above); bumps it on success.
  virtual Status Update(SessionRecord* record) = 0;

  // Deletes sessions whose expires_at is before `cutoff` (expires_at < cutoff;
  // SessionService::PurgeExpired decides the cutoff); returns how many.
  virtual Result<int64_t> PurgeExpiredBefore(TimePoint cutoff) = 0;

  // Up to `limit` sessions in state processing (stored state, not effective)
  // last written before `updated_before`, ordered by hash, each hash greater
  // than `after_hash` ("" starts at the beginning). Walking pages with the last
  // hash of one as `after_hash` of the next visits each at most once. Used by
  // payment reconciliation (payments/payment_reconciler.h); a store that does
  // not support it answers Internal.
  virtual Result<std::vector<SessionRecord>> ListProcessing(TimePoint updated_before, const std::string& after_hash,
                                                            size_t limit) {
    (void)updated_before, (void)after_hash, (void)limit;
    return Status::Internal("this session store cannot list processing sessions");
  }

  // Up to `limit` sessions whose stored state is open and whose expires_at is
  // before `bound` (ExpiryBound(now): expired at now), ordered by
  // (expires_at, hash), each after `after` in that order (null starts). For
  // the expiry sweep (payments/expiry_sweep.h); a store that does not support
  // it answers Internal.
  virtual Result<std::vector<SessionRecord>> ListOpenExpired(TimePoint bound, const SessionRecord* after,
                                                             size_t limit) {
    (void)bound, (void)after, (void)limit;
    return Status::Internal("this session store cannot list expired sessions");
  }
};

}  // namespace prefill
