// Status and Result<T>: errors as explicit values.
//
// Every operation that can fail returns a Status (or a Result<T>, which is a
// Status or a T). No layer below the HTTP dialects throws across its interface;
// the dialects map Status codes to their own wire errors (numbered errors for
// the form API, error objects for /v1).
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace prefill {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,         // no such session / form / key
    kInvalidArgument,  // malformed or out-of-range input the caller must correct (form API 108, REST 400)
    kAlreadyExists,    // unique key taken
    // The one retryable code: a write lost a race and nothing was written, so
    // the caller may re-read and try again (session/session_update.h retries
    // exactly this code, with backoff). Stores return it for a lost
    // compare-and-set on `version`/status, and storage maps the database's own
    // "lost a race" answers to it too: InnoDB deadlock / lock wait timeout and a
    // Galera certification failure (MySQL error 1213 ER_LOCK_DEADLOCK /
    // SQLSTATE 40001, also 1205). Never use it for anything a retry cannot fix.
    kConflict,
    kExpired,          // session past its expiry
    kLocked,           // session is being processed
    kProcessed,        // session already completed
    kUnavailable,      // storage or provider unreachable; retry later
    kForbidden,        // caller may not do this
    kInternal,         // a bug or an unexpected state
    kTooLarge,         // input over a size or count limit (form API error 107)
    kIncomplete,       // the session lacks values the action needs (form API 201, REST 422)
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
  static Status InvalidArgument(std::string m) { return Status(Code::kInvalidArgument, std::move(m)); }
  static Status AlreadyExists(std::string m) { return Status(Code::kAlreadyExists, std::move(m)); }
  static Status Conflict(std::string m) { return Status(Code::kConflict, std::move(m)); }
  static Status Expired(std::string m) { return Status(Code::kExpired, std::move(m)); }
  static Status Locked(std::string m) { return Status(Code::kLocked, std::move(m)); }
  static Status Processed(std::string m) { return Status(Code::kProcessed, std::move(m)); }
  static Status Unavailable(std::string m) { return Status(Code::kUnavailable, std::move(m)); }
  static Status Forbidden(std::string m) { return Status(Code::kForbidden, std::move(m)); }
  static Status Internal(std::string m) { return Status(Code::kInternal, std::move(m)); }
  static Status TooLarge(std::string m) { return Status(Code::kTooLarge, std::move(m)); }
  static Status Incomplete(std::string m) { return Status(Code::kIncomplete, std::move(m)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  bool Is(Code c) const { return code_ == c; }
  std::string ToString() const;

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Reading the value of a failed Result: a bug. Prints `status` and aborts, in
// every build type (an assert would vanish from RelWithDebInfo and leave
// undefined behaviour).
[[noreturn]] void DieOnValueOfFailedResult(const Status& status);

// Either a value or a non-OK Status. Constructing one from an OK Status is a
// bug too: it aborts the same way.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) DieOnValueOfFailedResult(status_);
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() {
    if (!ok()) DieOnValueOfFailedResult(status_);
    return *value_;
  }
  const T& value() const {
    if (!ok()) DieOnValueOfFailedResult(status_);
    return *value_;
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace prefill
