#include "http/request_framer.h"
#include "common/text_codec.h"

#include <cstring>

#include "validators/text.h"

namespace prefill {
namespace {

using validators::AsciiLower;
using validators::IsAsciiDigit;

bool IsTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// Field values: visible ASCII, space, tab and obs-text (bytes >= 0x80); no other controls.
bool IsFieldValue(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Digits only, no sign, no overflow (at most 18 digits: far above any limit).
bool ParseLength(std::string_view s, size_t* out) {
  if (s.empty() || s.size() > 18) return false;
  size_t n = 0;
  for (char c : s) {
    if (!IsAsciiDigit(c)) return false;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  *out = n;
  return true;
}

bool HasToken(std::string_view list, std::string_view token) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    if (AsciiLower(TrimOws(list.substr(start, comma - start))) == token) return true;
    start = comma + 1;
  }
  return false;
}

}  // namespace

int RequestFramer::error_status() const {
  switch (error_) {
    case Error::kHeadersTooLarge: return 431;
    case Error::kBodyTooLarge: return 413;
    case Error::kNotImplemented: return 501;
    case Error::kBadVersion: return 505;
    default: return 400;
  }
}

void RequestFramer::Reset() {
  state_ = State::kHead;
  scanned_ = head_end_ = body_length_ = pos_ = chunk_left_ = consumed_ = 0;
  chunked_ = expect_continue_ = false;
  keep_alive_ = true;
  error_ = Error::kNone;
  detail_.clear();
  request_ = HttpRequest();
}

RequestFramer::Step RequestFramer::Fail(Error error, std::string detail) {
  state_ = State::kFailed;
  error_ = error;
  detail_ = std::move(detail);
  keep_alive_ = false;
  return Step::kError;
}

RequestFramer::Step RequestFramer::Next(std::string_view input) {
  if (state_ == State::kFailed) return Step::kError;
  if (state_ == State::kDone) return Step::kRequest;
  if (state_ == State::kHead) {
    // Blank lines before a request line are ignored (RFC 9112 section 2.2).
    size_t skip = 0;
    while (input.size() >= skip + 2 && input[skip] == '\r' && input[skip + 1] == '\n') skip += 2;
    size_t from = scanned_ > 3 ? scanned_ - 3 : 0;
    if (from < skip) from = skip;
    size_t end = input.find("\r\n\r\n", from);
    if (end == std::string_view::npos) {
      scanned_ = input.size();
      if (input.size() - skip > limits_.max_header_bytes) return Fail(Error::kHeadersTooLarge, "header block too large");
      return Step::kNeedMore;
    }
    if (end + 4 - skip > limits_.max_header_bytes) return Fail(Error::kHeadersTooLarge, "header block too large");
    head_end_ = end + 4;
    Step step = ParseHead(input.substr(skip, end + 2 - skip));  // each line with its CRLF
    if (step == Step::kError) return step;
    pos_ = head_end_;
  }
  if (state_ == State::kBody) {
    if (input.size() < head_end_ + body_length_) return Step::kNeedMore;
    request_.body.assign(input.substr(head_end_, body_length_));
    consumed_ = head_end_ + body_length_;
    state_ = State::kDone;
    return Step::kRequest;
  }
  return ContinueChunked(input);
}

RequestFramer::Step RequestFramer::ParseHead(std::string_view head) {
  // Request line.
  size_t eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return Fail(Error::kBadRequest, "malformed request line");
  }
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(method)) return Fail(Error::kBadRequest, "malformed method");
  if (target.empty()) return Fail(Error::kBadRequest, "empty target");
  for (unsigned char c : target) {
    if (c <= 0x20 || c >= 0x7f) return Fail(Error::kBadRequest, "control or non-ASCII byte in target");
  }
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || !IsAsciiDigit(version[5]) || version[6] != '.' ||
      !IsAsciiDigit(version[7])) {
    return Fail(Error::kBadRequest, "malformed version");
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return Fail(Error::kBadVersion, "unsupported version");
  bool http10 = version == "HTTP/1.0";

  // Absolute form (RFC 9112 section 3.2.2): keep the path and query only.
  if (target.front() != '/' && target != "*") {
    size_t scheme = target.find("://");
    if (scheme == std::string_view::npos) return Fail(Error::kBadRequest, "target is not a path");
    size_t slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  size_t hash = target.find('#');
  if (hash != std::string_view::npos) target = target.substr(0, hash);
  size_t question = target.find('?');
  request_.method.assign(method);
  request_.path.assign(target.substr(0, question));
  if (question != std::string_view::npos) request_.query.assign(target.substr(question + 1));

  // Header fields.
  bool have_length = false, have_encoding = false, have_host = false;
  std::string_view connection;
  size_t fields = 0;
  size_t at = eol + 2;
  while (at < head.size()) {
    size_t end = head.find("\r\n", at);
    std::string_view field = head.substr(at, end - at);
    at = end + 2;
    if (++fields > kMaxHeaderFields) return Fail(Error::kHeadersTooLarge, "too many header fields");
    if (field.empty() || field.front() == ' ' || field.front() == '\t') {
      return Fail(Error::kBadRequest, "obsolete line folding");
    }
    size_t colon = field.find(':');
    if (colon == std::string_view::npos) return Fail(Error::kBadRequest, "header line without colon");
    std::string_view name = field.substr(0, colon);
    std::string_view value = TrimOws(field.substr(colon + 1));
    if (!IsToken(name)) return Fail(Error::kBadRequest, "malformed header name");
    if (!IsFieldValue(value)) return Fail(Error::kBadRequest, "control character in header value");
    std::string lower = AsciiLower(name);
    if (lower == "content-length") {
      // "5, 5" and repeated equal headers are one length; any difference is an attack or a bug.
      size_t start = 0;
      while (start <= value.size()) {
        size_t comma = value.find(',', start);
        if (comma == std::string_view::npos) comma = value.size();
        size_t n = 0;
        if (!ParseLength(TrimOws(value.substr(start, comma - start)), &n)) {
          return Fail(Error::kBadRequest, "malformed Content-Length");
        }
        if (have_length && n != body_length_) return Fail(Error::kBadRequest, "conflicting Content-Length");
        have_length = true;
        body_length_ = n;
        start = comma + 1;
      }
    } else if (lower == "transfer-encoding") {
      if (have_encoding) return Fail(Error::kNotImplemented, "several Transfer-Encoding fields");
      have_encoding = true;
      if (AsciiLower(value) != "chunked") return Fail(Error::kNotImplemented, "unsupported Transfer-Encoding");
      chunked_ = true;
    } else if (lower == "host") {
      if (have_host) return Fail(Error::kBadRequest, "several Host fields");
      have_host = true;
    } else if (lower == "connection") {
      connection = value;
    } else if (lower == "expect") {
      if (AsciiLower(value) == "100-continue") expect_continue_ = true;
    }
    request_.headers.emplace(std::move(lower), std::string(value));
  }
  if (have_length && have_encoding) return Fail(Error::kBadRequest, "Content-Length with Transfer-Encoding");
  if (have_encoding && http10) return Fail(Error::kBadRequest, "Transfer-Encoding in HTTP/1.0");
  if (HasToken(connection, "close")) {
    keep_alive_ = false;
  } else {
    keep_alive_ = !http10 || HasToken(connection, "keep-alive");
  }
  if (have_length && body_length_ > limits_.max_body_bytes) return Fail(Error::kBodyTooLarge, "Content-Length over limit");
  if (!have_length && !have_encoding) expect_continue_ = false;
  if (have_length && body_length_ == 0) expect_continue_ = false;
  state_ = chunked_ ? State::kChunkSize : State::kBody;
  return Step::kNeedMore;
}

RequestFramer::Step RequestFramer::ContinueChunked(std::string_view input) {
  for (;;) {
    switch (state_) {
      case State::kChunkSize: {
        size_t eol = input.find("\r\n", pos_);
        if (eol == std::string_view::npos) {
          // A size line is a few hex digits and (ignored) extensions; bound it.
          if (input.size() - pos_ > 1024) return Fail(Error::kBadRequest, "chunk size line too long");
          return Step::kNeedMore;
        }
        std::string_view line = input.substr(pos_, eol - pos_);
        size_t semicolon = line.find(';');
        std::string_view digits = TrimOws(line.substr(0, semicolon));
        if (digits.empty() || digits.size() > 8) return Fail(Error::kBadRequest, "malformed chunk size");
        size_t size = 0;
        for (char c : digits) {
          int v = HexDigitValue(c);
          if (v < 0) return Fail(Error::kBadRequest, "malformed chunk size");
          size = size * 16 + static_cast<size_t>(v);
        }
        if (semicolon != std::string_view::npos && !IsFieldValue(line.substr(semicolon))) {
          return Fail(Error::kBadRequest, "control character in chunk extension");
        }
        pos_ = eol + 2;
        if (size == 0) {
          state_ = State::kTrailers;
          break;
        }
        if (request_.body.size() + size > limits_.max_body_bytes) return Fail(Error::kBodyTooLarge, "chunked body over limit");
        chunk_left_ = size;
        state_ = State::kChunkData;
        break;
      }
      case State::kChunkData: {
        size_t available = input.size() - pos_;
        size_t take = available < chunk_left_ ? available : chunk_left_;
        request_.body.append(input.substr(pos_, take));
        pos_ += take;
        chunk_left_ -= take;
        if (chunk_left_ > 0) return Step::kNeedMore;
        state_ = State::kChunkDataEnd;
        break;
      }
      case State::kChunkDataEnd:
        if (input.size() < pos_ + 2) return Step::kNeedMore;
        if (input.substr(pos_, 2) != "\r\n") return Fail(Error::kBadRequest, "chunk without CRLF");
        pos_ += 2;
        state_ = State::kChunkSize;
        break;
      case State::kTrailers: {
        // Trailer fields are read and dropped: none of them may change the request.
        size_t eol = input.find("\r\n", pos_);
        if (eol == std::string_view::npos) {
          if (input.size() - pos_ > limits_.max_header_bytes) return Fail(Error::kHeadersTooLarge, "trailers too large");
          return Step::kNeedMore;
        }
        if (eol - pos_ > limits_.max_header_bytes) return Fail(Error::kHeadersTooLarge, "trailers too large");
        bool last = eol == pos_;
        pos_ = eol + 2;
        if (last) {
          consumed_ = pos_;
          state_ = State::kDone;
          return Step::kRequest;
        }
        break;
      }
      default:
        return Fail(Error::kBadRequest, "framer misuse");
    }
  }
}

}  // namespace prefill
