// Shared set-up of the webhook delivery suites: events written into the
// outbox (webhook_events, migration 009) as the changes write them, a settable
// clock, and an independent signature check.
#pragma once

#include <atomic>
#include <cstdio>
#include <string>

#include "session/session.h"
#include "storage/mysql_time.h"
#include "support/test_database.h"

namespace prefill::testing {

inline std::string EventBody(const std::string& id, const std::string& type) {
  return R"({"id":")" + id + R"(","type":")" + type + R"(","createdAt":"2026-12-02T05:00:00Z","data":{"id":"s1","sandbox":true}})";
}

// Writes one outbox event as the changes do (test ids and types are plain ASCII).
inline void InsertEvent(TestDatabase& db, const std::string& id, const std::string& type, const std::string& form_id,
                        TimePoint created_at) {
  db.Execute("INSERT INTO webhook_events (id, type, form_id, sandbox, body, created_at) VALUES ('" + id + "', '" + type +
             "', '" + form_id + "', 1, '" + EventBody(id, type) + "', TIMESTAMPADD(MICROSECOND, " +
             std::to_string(ToMicros(created_at)) + ", TIMESTAMP'1970-01-01 00:00:00'))");
}

// A clock the test moves by hand (retries without waiting for them).
class ManualClock {
 public:
  explicit ManualClock(TimePoint start = SystemNow()) : micros_(ToMicros(start)) {}
  TimePoint Now() const { return FromMicros(micros_.load()); }
  void Advance(std::chrono::microseconds d) { micros_ += d.count(); }
  NowFunction Function() {
    return [this] { return Now(); };
  }

 private:
  std::atomic<int64_t> micros_;
};

// Verifies a Standard Webhooks signature with python3's hmac module, an
// implementation independent of Prefill's (OpenSSL). True if `signature`
// ("v1,...") is the HMAC-SHA256 of "id.timestamp.body" under `secret`.
inline bool VerifiedByPython(const std::string& secret, const std::string& id, const std::string& timestamp,
                             const std::string& body, const std::string& signature) {
  char path[] = "/tmp/prefill_webhook_body_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return false;
  FILE* f = fdopen(fd, "wb");
  fwrite(body.data(), 1, body.size(), f);
  fclose(f);
  const std::string script =
      "import base64,hashlib,hmac,sys\n"
      "secret,msg_id,ts,path,sig=sys.argv[1:]\n"
      "key=base64.b64decode(secret.split('_',1)[1])\n"
      "body=open(path,'rb').read()\n"
      "mac=hmac.new(key,msg_id.encode()+b'.'+ts.encode()+b'.'+body,hashlib.sha256).digest()\n"
      "ok=any(hmac.compare_digest('v1,'+base64.b64encode(mac).decode(),s) for s in sig.split(' '))\n"
      "sys.exit(0 if ok else 1)\n";
  const std::string command = "python3 -c \"$PREFILL_VERIFY\" '" + secret + "' '" + id + "' '" + timestamp + "' '" +
                              path + "' '" + signature + "'";
  setenv("PREFILL_VERIFY", script.c_str(), 1);
  const int rc = std::system(command.c_str());
  unlink(path);
  return rc == 0;
}

}  // namespace prefill::testing
