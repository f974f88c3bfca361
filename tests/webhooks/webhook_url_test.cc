// The SSRF guard: which endpoint URLs are accepted, and which addresses a
// delivery may connect to.
#include "webhooks/webhook_url.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

namespace prefill::webhooks {
namespace {

UrlProblem Problem(const std::string& url, bool allow_private = false) {
  return CheckWebhookUrl(url, allow_private).problem;
}

TEST(WebhookUrlTest, AcceptsPublicHttpsUrls) {
  for (const char* url : {"https://example.org/hooks", "https://hooks.example.org:8443/a/b?x=1",
                          "HTTPS://Example.ORG", "https://93.184.216.34/h", "https://[2606:2800:220:1:248:1893:25c8:1946]/h",
                          "https://xn--bcher-kva.example/", "https://example.org./"}) {
    UrlVerdict v = CheckWebhookUrl(url, false);
    EXPECT_TRUE(v.ok()) << url << ": " << v.reason;
  }
  UrlVerdict v = CheckWebhookUrl("HTTPS://Hooks.Example.ORG:8443/p", false);
  EXPECT_EQ(v.url.scheme, "https");
  EXPECT_EQ(v.url.host, "hooks.example.org");
  EXPECT_EQ(v.url.port, 8443);
  EXPECT_EQ(CheckWebhookUrl("https://example.org", false).url.port, 443);
}

TEST(WebhookUrlTest, RefusesWhatIsNotAUrl) {
  for (const char* url : {"", "example.org/hook", "ftp://example.org/", "javascript:alert(1)", "https://",
                          "https:///path", "https://exa mple.org/", "https://example.org:0/", "https://example.org:65536/",
                          "https://example.org:80a/", "https://[::1/", "https://[fe80::1%25eth0]/", "https://-bad.org/",
                          "https://a..b/", "https://ex\xc3\xa4mple.org/", "https://example.org/#frag", "https://exa\\mple.org",
                          "https://2130706433/", "https://0x7f000001/", "https://127.1/", "https://10.1/", "https://1.2.3.4.5/"}) {
    EXPECT_EQ(Problem(url), UrlProblem::kNotAUrl) << url;
    EXPECT_EQ(Problem(url, true), UrlProblem::kNotAUrl) << url;  // shape rules hold even when private is allowed
  }
  EXPECT_EQ(Problem("https://example.org/" + std::string(kMaxUrlLength, 'a')), UrlProblem::kNotAUrl);
}

TEST(WebhookUrlTest, RefusesCredentials) {
  EXPECT_EQ(Problem("https://user:pw@example.org/"), UrlProblem::kCredentials);
  EXPECT_EQ(Problem("https://user@example.org/"), UrlProblem::kCredentials);
  EXPECT_EQ(Problem("https://example.org@127.0.0.1/"), UrlProblem::kCredentials);
  EXPECT_EQ(Problem("http://u:p@127.0.0.1/", true), UrlProblem::kCredentials);
}

TEST(WebhookUrlTest, PlainHttpOnlyWhenPrivateIsAllowed) {
  EXPECT_EQ(Problem("http://example.org/"), UrlProblem::kInsecure);
  EXPECT_EQ(Problem("http://example.org/", true), UrlProblem::kNone);
}

TEST(WebhookUrlTest, RefusesNonPublicAddressLiterals) {
  for (const char* url :
       {"https://127.0.0.1/", "https://127.255.0.9/", "https://10.0.0.1/", "https://172.16.0.1/", "https://172.31.255.255/",
        "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data", "https://0.0.0.0/", "https://100.64.0.1/",
        "https://224.0.0.1/", "https://239.255.255.250/", "https://255.255.255.255/", "https://240.0.0.1/",
        "https://192.0.2.10/", "https://[::1]/", "https://[::]/", "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:7f00:1]/", "https://[::ffff:10.1.2.3]/", "https://[::127.0.0.1]/", "https://[fe80::1]/",
        "https://[fc00::1]/", "https://[fd12:3456::1]/", "https://[ff02::1]/", "https://[2001:db8::1]/",
        "https://[64:ff9b::a00:1]/", "https://[2002:7f00:1::]/", "https://localhost/", "https://LOCALHOST.:8443/",
        "https://api.localhost/"}) {
    EXPECT_EQ(Problem(url), UrlProblem::kPrivateAddress) << url;
    EXPECT_EQ(Problem(url, true), UrlProblem::kNone) << url;
  }
  // Neighbours of the private ranges are public.
  for (const char* url : {"https://172.32.0.1/", "https://172.15.255.255/", "https://192.169.0.1/", "https://11.0.0.1/",
                          "https://[::ffff:8.8.8.8]/", "https://[64:ff9b::808:808]/", "https://[2002:808:808::]/"}) {
    EXPECT_EQ(Problem(url), UrlProblem::kNone) << url;
  }
}

TEST(WebhookUrlTest, SocketAddressesAreJudgedLikeLiterals) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
  EXPECT_FALSE(IsPublicSocketAddress(reinterpret_cast<sockaddr*>(&v4), sizeof v4));
  inet_pton(AF_INET, "10.20.30.40", &v4.sin_addr);
  EXPECT_FALSE(IsPublicSocketAddress(reinterpret_cast<sockaddr*>(&v4), sizeof v4));
  inet_pton(AF_INET, "93.184.216.34", &v4.sin_addr);
  EXPECT_TRUE(IsPublicSocketAddress(reinterpret_cast<sockaddr*>(&v4), sizeof v4));
  EXPECT_FALSE(IsPublicSocketAddress(reinterpret_cast<sockaddr*>(&v4), sizeof v4 - 1));  // truncated

  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:192.168.0.1", &v6.sin6_addr);
  EXPECT_FALSE(IsPublicSocketAddress(reinterpret_cast<sockaddr*>(&v6), sizeof v6));
  inet_pton(AF_INET6, "2606:4700::1111", &v6.sin6_addr);
  EXPECT_TRUE(IsPublicSocketAddress(reinterpret_cast<sockaddr*>(&v6), sizeof v6));
  sockaddr unix_like{};
  unix_like.sa_family = AF_UNIX;
  EXPECT_FALSE(IsPublicSocketAddress(&unix_like, sizeof unix_like));
  EXPECT_FALSE(IsPublicSocketAddress(nullptr, 0));
}

}  // namespace
}  // namespace prefill::webhooks
