// Idempotency keys for every POST of the REST API (SPEC section 7), after
// Stripe and the IETF "Idempotency-Key HTTP Header Field" draft.
//
// Keys are per API key, 1-255 printable ASCII characters, and count for 24 h.
// A request's fingerprint is the SHA-256 of its method, path and raw body: the
// same key with another fingerprint is refused (422 idempotency/key_reused).
//
// Exactly-once under concurrency: Begin inserts a 'pending' row under the
// (api key, idempotency key) primary key before the request runs. Of several
// concurrent requests only the one whose insert succeeds runs; the others poll
// the row until the winner stores its answer (then they replay it) or until
// Options::wait runs out (409 idempotency/in_progress; the client retries).
//
// Finish stores the answer for replay. Answers with status >= 500 are not
// stored: the row is released instead so that a retry runs again (the
// failure may be transient, and nothing was acknowledged). A 'pending' row
// older than Options::pending_lease belongs to a request that died (process
// crash, lost database connection before Finish) and is taken over.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "session/session.h"

namespace prefill {

struct StoredAnswer {
  int status = 0;
  std::string body;
};

struct IdempotencyEntry {
  std::string fingerprint;
  bool done = false;
  StoredAnswer answer;  // when done
  TimePoint created_at{};
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;

  // Inserts a pending row; AlreadyExists if the key has a row.
  virtual Status Claim(int64_t api_key_id, const std::string& key, const std::string& fingerprint,
                       TimePoint now) = 0;
  // NotFound if the key has no row.
  virtual Result<IdempotencyEntry> Find(int64_t api_key_id, const std::string& key) = 0;
  // Marks the pending row done with `answer`.
  virtual Status Complete(int64_t api_key_id, const std::string& key, const StoredAnswer& answer) = 0;
  // Deletes the row if it was created at exactly `created_at` (so a row that was
  // replaced meanwhile survives); OK whether or not it deleted.
  virtual Status Remove(int64_t api_key_id, const std::string& key, TimePoint created_at) = 0;
  // Deletes rows created before `cutoff`; returns how many.
  virtual Result<int64_t> PurgeBefore(TimePoint cutoff) = 0;
};

// The fingerprint of a request: SHA-256 hex of method, path and body.
std::string RequestFingerprint(std::string_view method, std::string_view path, std::string_view body);

// 1-255 printable ASCII characters (0x20-0x7E).
bool IsValidIdempotencyKey(std::string_view key);

class Idempotency {
 public:
  struct Options {
    std::chrono::hours retention{24};
    std::chrono::seconds pending_lease{60};
    std::chrono::milliseconds wait{8000};
    std::chrono::milliseconds poll{15};
  };

  enum class Decision {
    kRun,          // this request holds the key: run it, then Finish
    kReplay,       // answer with `answer` (the first request's)
    kKeyReused,    // the key was used for another request
    kInProgress,   // another request with this key is still running
  };
  struct Outcome {
    Decision decision = Decision::kRun;
    StoredAnswer answer;
    TimePoint claimed_at{};  // kRun: when the pending row was made
  };

  using Clock = std::function<TimePoint()>;

  Idempotency(IdempotencyStore* store, Clock now) : Idempotency(store, std::move(now), Options()) {}
  Idempotency(IdempotencyStore* store, Clock now, Options options);

  Result<Outcome> Begin(int64_t api_key_id, const std::string& key, const std::string& fingerprint);

  // Stores `answer` (status < 500) or releases the key (status >= 500).
  Status Finish(int64_t api_key_id, const std::string& key, const Outcome& begun, const StoredAnswer& answer);

  Result<int64_t> PurgeExpired();

 private:
  IdempotencyStore* const store_;
  const Clock now_;
  const Options options_;
};

}  // namespace prefill
