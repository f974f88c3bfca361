// MemorySessionStore: a SessionStore held in process memory.
//
// Implements the exact contract of session_store.h (compare-and-set on
// `version`, AlreadyExists on a taken hash) behind one mutex, so the session
// core's concurrency can be unit-tested without a database. Nothing survives
// the process; not for production use. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "session/session_store.h"

namespace prefill {

class MemorySessionStore : public SessionStore {
 public:
  Status Insert(const SessionRecord& record) override;
  Result<SessionRecord> Find(const std::string& hash) override;
  Status Update(SessionRecord* record) override;
  Result<int64_t> PurgeExpiredBefore(TimePoint cutoff) override;
  Result<std::vector<SessionRecord>> ListProcessing(TimePoint updated_before, const std::string& after_hash,
                                                    size_t limit) override;
  Result<std::vector<SessionRecord>> ListOpenExpired(TimePoint bound, const SessionRecord* after,
                                                     size_t limit) override;

  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, SessionRecord> records_;  // guarded by mu_
};

}  // namespace prefill
