#include "providers/provider_http.h"
#include "validators/text.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace prefill {
namespace {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct BodySink {
  std::string* body;
  size_t limit;
  bool overflowed = false;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const size_t n = size * count;
  if (sink->body->size() + n > sink->limit) {
    sink->overflowed = true;
    return 0;  // curl stops the transfer with CURLE_WRITE_ERROR
  }
  sink->body->append(data, n);
  return n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// The host part of an http(s) URL, lower-cased, brackets kept for IPv6.
std::string HostOf(const std::string& url, size_t scheme_length) {
  std::string rest = url.substr(scheme_length);
  size_t end = rest.find_first_of("/?#");
  std::string authority = rest.substr(0, end);
  if (authority.find('@') != std::string::npos) return "";  // no credentials in a provider URL
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    return close == std::string::npos ? "" : validators::AsciiLower(authority.substr(0, close + 1));
  }
  return validators::AsciiLower(authority.substr(0, authority.find(':')));
}

struct GuardContext {
  const AddressGuard* guard;
  bool refused = false;
};

curl_socket_t OpenGuardedSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* context = static_cast<GuardContext*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN ||
      !(*context->guard)(&address->addr, static_cast<size_t>(address->addrlen))) {
    context->refused = true;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

}  // namespace

bool ProviderResponse::is_json() const {
  return content_type.rfind("application/json", 0) == 0;
}

bool IsAllowedProviderUrl(const std::string& url) {
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  const std::string lower = validators::AsciiLower(url.substr(0, 8));
  if (lower.rfind("https://", 0) == 0) return !HostOf(url, 8).empty();
  if (lower.rfind("http://", 0) == 0) {
    const std::string host = HostOf(url, 7);
    return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
  }
  return false;
}

std::string FormEncode(const std::string& text) {
  InitCurlOnce();
  // curl_easy_escape keeps exactly the RFC 3986 unreserved characters.
  char* escaped = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
  if (escaped == nullptr) return "";
  std::string out(escaped);
  curl_free(escaped);
  return out;
}

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string body;
  for (const auto& [key, value] : pairs) {
    if (!body.empty()) body += '&';
    body += FormEncode(key) + '=' + FormEncode(value);
  }
  return body;
}

ProviderHttp::ProviderHttp(ProviderHttpOptions options) : options_(options) { InitCurlOnce(); }

Result<ProviderResponse> ProviderHttp::Send(const ProviderRequest& request) const {
  if (request.method != "GET" && request.method != "POST") {
    return Status::InvalidArgument("provider call with method " + request.method);
  }
  if (request.method == "POST" && (request.idempotency_header.empty() || request.idempotency_key.empty())) {
    return Status::InvalidArgument("provider POST without an idempotency key");
  }
  if (!IsAllowedProviderUrl(request.url)) return Status::InvalidArgument("provider URL refused");
  return PerformHttp(request, options_);
}

Result<ProviderResponse> PerformHttp(const ProviderRequest& request, const ProviderHttpOptions& options,
                                     const AddressGuard& guard) {
  InitCurlOnce();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Status::Internal("curl_easy_init failed");
  CURL* c = curl.get();

  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto add_header = [&headers](const std::string& line) {
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (next != nullptr) {
      (void)headers.release();
      headers.reset(next);
    }
  };
  for (const auto& [name, value] : request.headers) add_header(name + ": " + value);
  if (!request.idempotency_header.empty()) add_header(request.idempotency_header + ": " + request.idempotency_key);
  add_header("Expect:");  // no 100-continue round trip
  add_header("Accept: application/json");

  std::string body;
  BodySink sink{&body, options.max_response_bytes};
  GuardContext guard_context{&guard};
  if (guard) {
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, OpenGuardedSocket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &guard_context);
    curl_easy_setopt(c, CURLOPT_PROXY, "");  // a proxy would hide the peer from the guard
  }
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: safe in threads
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_response_bytes));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "Prefill");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  }

  ProviderResponse response;
  const CURLcode code = curl_easy_perform(c);
  if (sink.overflowed || code == CURLE_FILESIZE_EXCEEDED) {
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    response.outcome = ProviderResponse::Outcome::kTooLarge;
    response.status = static_cast<int>(status);
    response.error = "answer larger than " + std::to_string(options.max_response_bytes) + " bytes";
    return response;
  }
  if (guard_context.refused && code != CURLE_OK) {
    response.outcome = ProviderResponse::Outcome::kTransport;
    response.error = "address refused: not a public address";
    return response;
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    response.outcome = ProviderResponse::Outcome::kTimeout;
    response.error = curl_easy_strerror(code);
    return response;
  }
  if (code != CURLE_OK) {
    response.outcome = ProviderResponse::Outcome::kTransport;
    response.error = curl_easy_strerror(code);
    return response;
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  char* content_type = nullptr;
  curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &content_type);
  response.outcome = ProviderResponse::Outcome::kAnswered;
  response.status = static_cast<int>(status);
  response.body = std::move(body);
  if (content_type != nullptr) response.content_type = validators::AsciiLower(content_type);
  return response;
}

}  // namespace prefill
