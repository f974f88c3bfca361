// The SSRF guard of webhook endpoints (SPEC 7.2, docs/webhooks.md): which URLs
// may be registered and which addresses a delivery may connect to.
//
// Twice, because a name can be re-pointed after it was accepted:
//   - at creation, CheckWebhookUrl: an absolute http(s) URL, no credentials,
//     https only, and a host that is not a loopback, private, link-local,
//     multicast, unspecified or otherwise non-public address literal (IPv4,
//     IPv6, IPv4-mapped/-compatible IPv6, NAT64, 6to4) nor "localhost";
//   - at connect time, IsPublicSocketAddress on every address the name
//     resolved to, just before the socket is opened (the delivery client's
//     CURLOPT_OPENSOCKETFUNCTION), so the address checked is the address used.
// With allow_private (--webhooks-allow-private: tests, internal networks)
// http:// and non-public addresses pass both checks; the shape checks stay.
//
// Hosts that only look like names but are numbers ("2130706433", "0x7f.1",
// "127.1": old inet_aton forms which resolvers and curl read as IPv4) are
// refused as not a URL, since a real domain never ends in a numeric label.
//
// Pure (no I/O, no resolver), thread-safe. Fuzzed by fuzz/webhook_url_fuzz.cc.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace prefill::webhooks {

inline constexpr size_t kMaxUrlLength = 2048;

enum class UrlProblem {
  kNone,
  kNotAUrl,         // not an absolute http(s) URL with a valid host and port
  kInsecure,        // http:// without allow_private
  kCredentials,     // user or password in the URL
  kPrivateAddress,  // a non-public address literal or localhost
};

struct WebhookUrl {
  std::string scheme;  // "https" or "http", lower-cased
  std::string host;    // lower-cased; an IPv6 literal without brackets
  uint16_t port = 0;   // the explicit port, else 443 / 80
  bool host_is_ip = false;
};

struct UrlVerdict {
  UrlProblem problem = UrlProblem::kNone;
  std::string reason;  // for people: what is wrong, never the whole URL
  WebhookUrl url;      // filled when ok()
  bool ok() const { return problem == UrlProblem::kNone; }
};

UrlVerdict CheckWebhookUrl(std::string_view url, bool allow_private);

// Whether an address is a public unicast address a webhook may go to.
bool IsPublicIpv4(uint32_t address);  // host byte order
bool IsPublicIpv6(const uint8_t address[16]);
// AF_INET / AF_INET6 socket addresses; false for any other family or length.
bool IsPublicSocketAddress(const sockaddr* address, size_t length);

}  // namespace prefill::webhooks
