// RequestFramer: where one HTTP/1.1 request ends in a connection's bytes, strictly.
//
// The server owns the connection's input buffer and hands the framer the bytes
// received since the start of the current request; the framer says "need more",
// "here is a whole request (n bytes)" or "refuse it (status)". It is pure (no I/O,
// no clock: the server enforces the header and body timeouts) and resumable: each
// call continues where the previous one stopped, so a request that arrives a byte
// at a time costs linear work, never quadratic (the header-scan cost Pistache had).
//
// Strict framing (RFC 9112), because a lenient parser behind a lenient proxy is a
// request-smuggling hole:
// - header block (request line + headers) at most `max_header_bytes`, refused
//   with 431 before anything of it is parsed; lines end in CRLF; no obs-fold; no
//   whitespace before ':'; no control characters; at most kMaxHeaderFields fields;
// - Content-Length: digits only; several values (or a list) must all be equal,
//   else 400; with Transfer-Encoding as well → 400;
// - Transfer-Encoding: only "chunked" (decoded here, extensions ignored, trailers
//   dropped); anything else 501;
// - a body larger than `max_body_bytes` (by Content-Length, before any of it is
//   read; or while chunks are decoded) is refused with kBodyTooLarge.
// After an error the connection cannot be trusted any more: the server answers and closes.
//
// Not thread-safe; one per connection.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http/http_message.h"

namespace prefill {

struct FramingLimits {
  size_t max_header_bytes = 32 * 1024;
  size_t max_body_bytes = 256 * 1024;
};

class RequestFramer {
 public:
  static constexpr size_t kMaxHeaderFields = 100;

  enum class Step { kNeedMore, kRequest, kError };
  enum class Error { kNone, kBadRequest, kHeadersTooLarge, kBodyTooLarge, kNotImplemented, kBadVersion };

  explicit RequestFramer(FramingLimits limits) : limits_(limits) {}

  // `input`: every byte received since the current request began (the same
  // prefix each call, possibly longer). kRequest: request() is whole and
  // consumed() bytes of `input` belong to it; call Reset() before the next.
  Step Next(std::string_view input);

  // True once the header block has been parsed (the body may still be pending).
  bool headers_done() const { return state_ >= State::kBody; }
  // The client sent "Expect: 100-continue" and its body is still to come.
  bool wants_continue() const { return expect_continue_ && state_ == State::kBody; }
  bool keep_alive() const { return keep_alive_; }

  HttpRequest& request() { return request_; }
  size_t consumed() const { return consumed_; }
  Error error() const { return error_; }
  // The HTTP status for error(): 400, 431, 413, 501 or 505.
  int error_status() const;
  // A short reason for logs (never sent to the client).
  const std::string& error_detail() const { return detail_; }

  void Reset();

 private:
  enum class State { kHead, kBody, kChunkSize, kChunkData, kChunkDataEnd, kTrailers, kDone, kFailed };

  Step Fail(Error error, std::string detail);
  Step ParseHead(std::string_view head);
  Step ContinueChunked(std::string_view input);

  FramingLimits limits_;
  State state_ = State::kHead;
  size_t scanned_ = 0;      // header search resumes here
  size_t head_end_ = 0;     // bytes of the header block, blank line included
  size_t body_length_ = 0;  // Content-Length
  size_t pos_ = 0;          // chunked: next byte of input to decode
  size_t chunk_left_ = 0;
  bool chunked_ = false;
  bool keep_alive_ = true;
  bool expect_continue_ = false;
  size_t consumed_ = 0;
  Error error_ = Error::kNone;
  std::string detail_;
  HttpRequest request_;
};

}  // namespace prefill
