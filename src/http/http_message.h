// HttpRequest and HttpResponse: the plain values every HTTP dialect works on.
//
// The server (http_server.h) frames bytes into an HttpRequest and writes an
// HttpResponse back; nothing below the server sees the wire. Both
// are plain values: copyable, no I/O, safe to build by hand in tests.
//
// Header names are case-insensitive. HttpRequest stores them lower-cased (the
// server must lower-case them when filling `headers`); every lookup below
// lower-cases the name it is given, so callers may use any case.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace prefill {

struct HttpRequest {
  std::string method;  // "GET", "POST", ... as received
  std::string path;    // decoded path without the query, e.g. "/app/createSession"
  std::string query;   // raw query string without the leading '?', still percent-encoded
  std::multimap<std::string, std::string> headers;  // names lower-cased
  std::string body;       // raw bytes
  std::string client_ip;  // peer address as text

  // The first value of header `name` (any case), or "" when absent.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // in sending order
  std::string body;

  // A response with `body` as JSON: Content-Type "application/json; charset=utf-8".
  static HttpResponse Json(int status, std::string body);

  // Replaces every header named `name` (any case) by one with `value`.
  void SetHeader(std::string name, std::string value);
  // Adds a header even if one of that name exists (e.g. Set-Cookie).
  void AddHeader(std::string name, std::string value);
  // The first value of header `name` (any case), or "" when absent.
  std::string header(std::string_view name) const;
};

}  // namespace prefill
