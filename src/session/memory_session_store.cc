#include "session/memory_session_store.h"

#include <tuple>

#include <algorithm>

namespace prefill {

Status MemorySessionStore::Insert(const SessionRecord& record) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!records_.emplace(record.hash, record).second) {
    return Status::AlreadyExists("session hash taken");
  }
  return Status::OK();
}

Result<SessionRecord> MemorySessionStore::Find(const std::string& hash) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = records_.find(hash);
  if (it == records_.end()) return Status::NotFound("session not found");
  return it->second;
}

Status MemorySessionStore::Update(SessionRecord* record) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = records_.find(record->hash);
  if (it == records_.end()) return Status::NotFound("session not found");
  if (it->second.version != record->version) {
    return Status::Conflict("session changed concurrently");
  }
  ++record->version;
  it->second = *record;
  return Status::OK();
}

Result<int64_t> MemorySessionStore::PurgeExpiredBefore(TimePoint cutoff) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t purged = 0;
  for (auto it = records_.begin(); it != records_.end();) {
    if (it->second.expires_at < cutoff) {
      it = records_.erase(it);
      ++purged;
    } else {
      ++it;
    }
  }
  return purged;
}

Result<std::vector<SessionRecord>> MemorySessionStore::ListProcessing(TimePoint updated_before,
                                                                      const std::string& after_hash, size_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<SessionRecord> found;
  // records_ is ordered by hash, as the contract orders the listing.
  for (auto it = records_.upper_bound(after_hash); it != records_.end() && found.size() < limit; ++it) {
    if (it->second.state == SessionState::kProcessing && it->second.updated_at < updated_before) {
      found.push_back(it->second);
    }
  }
  return found;
}

size_t MemorySessionStore::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return records_.size();
}

Result<std::vector<SessionRecord>> MemorySessionStore::ListOpenExpired(TimePoint bound, const SessionRecord* after,
                                                                       size_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<SessionRecord> found;
  for (const auto& [hash, r] : records_) {
    if (r.state != SessionState::kOpen || !(r.expires_at < bound)) continue;
    if (after != nullptr && std::tie(r.expires_at, r.hash) <= std::tie(after->expires_at, after->hash)) continue;
    found.push_back(r);
  }
  std::sort(found.begin(), found.end(), [](const SessionRecord& a, const SessionRecord& b) {
    return std::tie(a.expires_at, a.hash) < std::tie(b.expires_at, b.hash);
  });
  if (found.size() > limit) found.resize(limit);
  return found;
}

}  // namespace prefill
