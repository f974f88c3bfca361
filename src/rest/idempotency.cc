#include "rest/idempotency.h"

#include <thread>

#include "rest/encoding.h"

namespace prefill {

std::string RequestFingerprint(std::string_view method, std::string_view path, std::string_view body) {
  // Length-prefixed, so no two (method, path, body) triples share a text.
  std::string text;
  text.reserve(method.size() + path.size() + body.size() + 24);
  text.append(std::to_string(method.size())).append(":").append(method);
  text.append(std::to_string(path.size())).append(":").append(path);
  text.append(body);
  return Sha256Hex(text);
}

bool IsValidIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > 255) return false;
  for (char c : key) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

Idempotency::Idempotency(IdempotencyStore* store, Clock now, Options options)
    : store_(store), now_(std::move(now)), options_(options) {}

Result<Idempotency::Outcome> Idempotency::Begin(int64_t api_key_id, const std::string& key,
                                                const std::string& fingerprint) {
  const auto deadline = std::chrono::steady_clock::now() + options_.wait;
  while (true) {
    const TimePoint now = now_();
    Status claimed = store_->Claim(api_key_id, key, fingerprint, now);
    if (claimed.ok()) return Outcome{Decision::kRun, {}, now};
    if (!claimed.Is(Status::Code::kAlreadyExists)) return claimed;

    Result<IdempotencyEntry> entry = store_->Find(api_key_id, key);
    if (!entry.ok()) {
      if (entry.status().Is(Status::Code::kNotFound)) continue;  // released meanwhile: claim again
      return entry.status();
    }
    const bool expired = entry->created_at < now - options_.retention;
    const bool abandoned = !entry->done && entry->created_at < now - options_.pending_lease;
    if (expired || abandoned) {
      Status removed = store_->Remove(api_key_id, key, entry->created_at);
      if (!removed.ok()) return removed;
      continue;
    }
    if (entry->fingerprint != fingerprint) return Outcome{Decision::kKeyReused, {}, {}};
    if (entry->done) return Outcome{Decision::kReplay, entry->answer, {}};
    if (std::chrono::steady_clock::now() >= deadline) return Outcome{Decision::kInProgress, {}, {}};
    std::this_thread::sleep_for(options_.poll);
  }
}

Status Idempotency::Finish(int64_t api_key_id, const std::string& key, const Outcome& begun,
                           const StoredAnswer& answer) {
  if (answer.status >= 500) return store_->Remove(api_key_id, key, begun.claimed_at);
  return store_->Complete(api_key_id, key, answer);
}

Result<int64_t> Idempotency::PurgeExpired() { return store_->PurgeBefore(now_() - options_.retention); }

}  // namespace prefill
