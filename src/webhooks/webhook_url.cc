#include "webhooks/webhook_url.h"

#include "validators/text.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace prefill::webhooks {
namespace {

bool InRange(uint32_t address, uint32_t network, int prefix) {
  const uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (address & mask) == (network & mask);
}

constexpr uint32_t V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return (uint32_t{a} << 24) | (uint32_t{b} << 16) | (uint32_t{c} << 8) | d;
}

uint32_t EmbeddedV4(const uint8_t* bytes) {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) | bytes[3];
}

bool AllZero(const uint8_t* bytes, size_t n) {
  return std::all_of(bytes, bytes + n, [](uint8_t b) { return b == 0; });
}

// A DNS name: labels of letters, digits, '-' and '_' (seen in real hosts),
// 1-63 characters each, not starting or ending with '-'; one trailing dot
// allowed; the last label not all digits (that would be a numeric address).
bool IsHostName(const std::string& host) {
  std::string name = host;
  if (!name.empty() && name.back() == '.') name.pop_back();
  if (name.empty() || name.size() > 253) return false;
  size_t start = 0;
  std::string last;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    const std::string label = name.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (unsigned char c : label) {
      if (!std::isalnum(c) && c != '-' && c != '_') return false;
    }
    last = label;
    start = dot + 1;
  }
  const bool numeric = std::all_of(last.begin(), last.end(), [](unsigned char c) { return std::isdigit(c); });
  const bool hex = last.size() > 2 && last[0] == '0' && last[1] == 'x';
  return !numeric && !hex;
}

UrlVerdict Refuse(UrlProblem problem, std::string reason) {
  UrlVerdict v;
  v.problem = problem;
  v.reason = std::move(reason);
  return v;
}

}  // namespace

bool IsPublicIpv4(uint32_t a) {
  static constexpr struct {
    uint32_t network;
    int prefix;
  } kNonPublic[] = {
      {V4(0, 0, 0, 0), 8},        // "this network", 0.0.0.0 unspecified
      {V4(10, 0, 0, 0), 8},       // private
      {V4(100, 64, 0, 0), 10},    // shared address space (carrier-grade NAT)
      {V4(127, 0, 0, 0), 8},      // loopback
      {V4(169, 254, 0, 0), 16},   // link-local (cloud metadata services)
      {V4(172, 16, 0, 0), 12},    // private
      {V4(192, 0, 0, 0), 24},     // IETF protocol assignments
      {V4(192, 0, 2, 0), 24},     // documentation
      {V4(192, 88, 99, 0), 24},   // 6to4 relay anycast
      {V4(192, 168, 0, 0), 16},   // private
      {V4(198, 18, 0, 0), 15},    // benchmarking
      {V4(198, 51, 100, 0), 24},  // documentation
      {V4(203, 0, 113, 0), 24},   // documentation
      {V4(224, 0, 0, 0), 4},      // multicast
      {V4(240, 0, 0, 0), 4},      // reserved, and 255.255.255.255 broadcast
  };
  for (const auto& range : kNonPublic) {
    if (InRange(a, range.network, range.prefix)) return false;
  }
  return true;
}

bool IsPublicIpv6(const uint8_t b[16]) {
  // ::/96 (unspecified ::, loopback ::1 and the deprecated IPv4-compatible form).
  if (AllZero(b, 12)) return false;
  // ::ffff:0:0/96, IPv4-mapped: judged as the IPv4 address it maps to.
  if (AllZero(b, 10) && b[10] == 0xff && b[11] == 0xff) return IsPublicIpv4(EmbeddedV4(b + 12));
  // 64:ff9b::/96 NAT64: the IPv4 address behind it.
  static constexpr uint8_t kNat64[12] = {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kNat64, 12) == 0) return IsPublicIpv4(EmbeddedV4(b + 12));
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0 && b[5] == 1) return false;  // 64:ff9b:1::/48 local NAT64
  if (b[0] == 0x01 && b[1] == 0x00 && AllZero(b + 2, 6)) return false;                                   // 100::/64 discard
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) return false;                        // 2001::/32 Teredo
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;                        // 2001:db8::/32 documentation
  if (b[0] == 0x20 && b[1] == 0x02) return IsPublicIpv4(EmbeddedV4(b + 2));                              // 2002::/16 6to4
  if ((b[0] & 0xfe) == 0xfc) return false;                                                                // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;                                                // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return false;                                                // fec0::/10 site-local
  if (b[0] == 0xff) return false;                                                                         // ff00::/8 multicast
  // Only the global unicast block 2000::/3 is public.
  return (b[0] & 0xe0) == 0x20;
}

bool IsPublicSocketAddress(const sockaddr* address, size_t length) {
  if (address == nullptr) return false;
  if (address->sa_family == AF_INET && length >= sizeof(sockaddr_in)) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return IsPublicIpv4(ntohl(v4->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6 && length >= sizeof(sockaddr_in6)) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    return IsPublicIpv6(v6->sin6_addr.s6_addr);
  }
  return false;
}

UrlVerdict CheckWebhookUrl(std::string_view url, bool allow_private) {
  if (url.empty()) return Refuse(UrlProblem::kNotAUrl, "the URL is empty");
  if (url.size() > kMaxUrlLength) {
    return Refuse(UrlProblem::kNotAUrl, "the URL is longer than " + std::to_string(kMaxUrlLength) + " characters");
  }
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7f) {
      return Refuse(UrlProblem::kNotAUrl, "the URL holds a space, a control or a non-ASCII character");
    }
    if (c == '\\') return Refuse(UrlProblem::kNotAUrl, "the URL holds a backslash");
  }
  const size_t colon = url.find("://");
  if (colon == std::string_view::npos) return Refuse(UrlProblem::kNotAUrl, "not an absolute http(s) URL");
  WebhookUrl out;
  out.scheme = validators::AsciiLower(url.substr(0, colon));
  if (out.scheme != "https" && out.scheme != "http") {
    return Refuse(UrlProblem::kNotAUrl, "the scheme must be https");
  }
  const std::string_view rest = url.substr(colon + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return Refuse(UrlProblem::kCredentials, "the URL must not carry a user name or password");
  }
  if (authority.empty()) return Refuse(UrlProblem::kNotAUrl, "the URL has no host");
  if (rest.find('#') != std::string_view::npos) return Refuse(UrlProblem::kNotAUrl, "the URL must not have a fragment");

  std::string_view host_part, port_part;
  bool has_port = false;
  if (authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return Refuse(UrlProblem::kNotAUrl, "an IPv6 host lacks its ]");
    host_part = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Refuse(UrlProblem::kNotAUrl, "text after an IPv6 host");
      port_part = after.substr(1);
      has_port = true;
    }
    in6_addr v6{};
    const std::string literal(host_part);
    if (literal.find('%') != std::string::npos || inet_pton(AF_INET6, literal.c_str(), &v6) != 1) {
      return Refuse(UrlProblem::kNotAUrl, "the IPv6 host is not an address");
    }
    out.host = validators::AsciiLower(literal);
    out.host_is_ip = true;
    if (!allow_private && !IsPublicIpv6(v6.s6_addr)) {
      return Refuse(UrlProblem::kPrivateAddress, "the host is not a public address");
    }
  } else {
    const size_t port_colon = authority.find(':');
    host_part = authority.substr(0, port_colon);
    if (port_colon != std::string_view::npos) {
      port_part = authority.substr(port_colon + 1);
      has_port = true;
    }
    out.host = validators::AsciiLower(host_part);
    in_addr v4{};
    if (inet_pton(AF_INET, out.host.c_str(), &v4) == 1) {
      out.host_is_ip = true;
      if (!allow_private && !IsPublicIpv4(ntohl(v4.s_addr))) {
        return Refuse(UrlProblem::kPrivateAddress, "the host is not a public address");
      }
    } else if (!IsHostName(out.host)) {
      return Refuse(UrlProblem::kNotAUrl, "the host is not a valid name or address");
    } else {
      std::string name = out.host;
      if (name.back() == '.') name.pop_back();
      const bool local = name == "localhost" ||
                         (name.size() > 10 && name.compare(name.size() - 10, 10, ".localhost") == 0);
      if (local && !allow_private) return Refuse(UrlProblem::kPrivateAddress, "the host is the loopback");
    }
  }
  if (has_port) {
    const bool digits = !port_part.empty() && port_part.size() <= 5 &&
                        std::all_of(port_part.begin(), port_part.end(), [](unsigned char c) { return std::isdigit(c); });
    const long port = digits ? std::stol(std::string(port_part)) : 0;
    if (port < 1 || port > 65535) return Refuse(UrlProblem::kNotAUrl, "the port must be a number from 1 to 65535");
    out.port = static_cast<uint16_t>(port);
  } else {
    out.port = out.scheme == "https" ? 443 : 80;
  }
  // Shape first, then policy: a malformed http URL is "not a URL", a well-formed one "insecure".
  if (out.scheme == "http" && !allow_private) {
    return Refuse(UrlProblem::kInsecure, "the URL must be https://");
  }
  UrlVerdict ok;
  ok.url = std::move(out);
  return ok;
}

}  // namespace prefill::webhooks
