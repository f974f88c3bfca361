// The webhook URL guard (src/webhooks/webhook_url.h): never crashes, and agrees
// with itself: what passes without private addresses also passes with them; a
// passing URL has no credentials, a host, a port, and (without private
// addresses) an https scheme and a host literal that is a public address; a
// refusal always says why.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "webhooks/webhook_url.h"

using prefill::webhooks::CheckWebhookUrl;
using prefill::webhooks::IsPublicIpv4;
using prefill::webhooks::IsPublicIpv6;
using prefill::webhooks::UrlVerdict;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view url(reinterpret_cast<const char*>(data), size);
  const UrlVerdict strict = CheckWebhookUrl(url, false);
  const UrlVerdict loose = CheckWebhookUrl(url, true);
  if (!strict.ok() && strict.reason.empty()) std::abort();
  if (!loose.ok() && loose.reason.empty()) std::abort();
  if (strict.ok() && !loose.ok()) std::abort();
  for (const UrlVerdict* v : {&strict, &loose}) {
    if (!v->ok()) continue;
    const size_t start = url.find("://") + 3;
    const std::string_view authority = url.substr(start, url.substr(start).find_first_of("/?#"));
    if (authority.find('@') != std::string_view::npos) std::abort();
    if (v->url.host.empty() || v->url.port == 0) std::abort();
  }
  if (strict.ok()) {
    if (strict.url.scheme != "https") std::abort();
    if (strict.url.host_is_ip) {
      in_addr v4{};
      in6_addr v6{};
      if (inet_pton(AF_INET, strict.url.host.c_str(), &v4) == 1) {
        if (!IsPublicIpv4(ntohl(v4.s_addr))) std::abort();
      } else if (inet_pton(AF_INET6, strict.url.host.c_str(), &v6) == 1) {
        if (!IsPublicIpv6(v6.s6_addr)) std::abort();
      } else {
        std::abort();
      }
    }
  }
  return 0;
}
