// ProviderHttp against a local fake provider: the request as sent, and every
// way an answer can go wrong (timeout, hang-up, redirect, 20 MB body).
#include "providers/provider_http.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <thread>

#include "support/fake_http_server.h"

namespace prefill {
namespace {

using testing::FakeHttpServer;
using testing::FakeResponse;
using testing::RecordedRequest;

ProviderRequest Post(const std::string& url, const std::string& key) {
  ProviderRequest r;
  r.method = "POST";
  r.url = url;
  r.headers = {{"Authorization", "Bearer sk_test_secret"}, {"Content-Type", "application/x-www-form-urlencoded"}};
  r.body = FormBody({{"amount", "1250"}, {"metadata[session]", "a b&c"}});
  r.idempotency_header = "Idempotency-Key";
  r.idempotency_key = key;
  return r;
}

TEST(ProviderHttpTest, PostCarriesHeadersBodyAndIdempotencyKey) {
  FakeHttpServer fake([](const RecordedRequest&) { return FakeResponse::Json(200, R"({"id":"pi_1"})"); });
  ProviderHttp http;
  auto r = http.Send(Post(fake.base_url() + "/v1/payment_intents", "txn-1"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, ProviderResponse::Outcome::kAnswered);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"id":"pi_1"})");
  EXPECT_TRUE(r->is_json());
  auto seen = fake.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].path, "/v1/payment_intents");
  EXPECT_EQ(seen[0].header("idempotency-key"), "txn-1");
  EXPECT_EQ(seen[0].header("authorization"), "Bearer sk_test_secret");
  EXPECT_EQ(seen[0].body, "amount=1250&metadata%5Bsession%5D=a%20b%26c");
  EXPECT_EQ(seen[0].form().at("metadata[session]"), "a b&c");
}

TEST(ProviderHttpTest, RefusesPostWithoutIdempotencyKeyAndForeignPlainHttp) {
  FakeHttpServer fake([](const RecordedRequest&) { return FakeResponse::Json(200, "{}"); });
  ProviderHttp http;
  auto no_key = http.Send(Post(fake.base_url() + "/v1/x", ""));
  EXPECT_TRUE(no_key.status().Is(Status::Code::kInvalidArgument));
  ProviderRequest get;
  get.url = "http://api.stripe.com/v1/x";
  EXPECT_TRUE(http.Send(get).status().Is(Status::Code::kInvalidArgument));
  EXPECT_TRUE(fake.requests().empty());

  EXPECT_TRUE(IsAllowedProviderUrl("https://api.stripe.com"));
  EXPECT_TRUE(IsAllowedProviderUrl("http://127.0.0.1:1234/v1"));
  EXPECT_TRUE(IsAllowedProviderUrl("http://localhost:1234"));
  EXPECT_FALSE(IsAllowedProviderUrl("http://127.0.0.1.evil.example/"));
  EXPECT_FALSE(IsAllowedProviderUrl("http://user@127.0.0.1/"));
  EXPECT_FALSE(IsAllowedProviderUrl("ftp://api.stripe.com"));
  EXPECT_FALSE(IsAllowedProviderUrl("https:///path"));
  EXPECT_FALSE(IsAllowedProviderUrl("https://api.stripe.com/a b"));
}

TEST(ProviderHttpTest, RedirectIsNotFollowed) {
  FakeHttpServer fake([](const RecordedRequest& r) {
    FakeResponse f = FakeResponse::Json(302, "");
    f.headers = {{"Location", "/elsewhere"}};
    return f;
  });
  ProviderHttp http;
  auto r = http.Send(Post(fake.base_url() + "/v1/payment_intents", "k"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 302);
  EXPECT_EQ(fake.requests().size(), 1u);
}

TEST(ProviderHttpTest, SlowAnswerIsATimeout) {
  FakeHttpServer fake([](const RecordedRequest&) {
    FakeResponse f = FakeResponse::Json(200, "{}");
    f.delay = std::chrono::milliseconds(3000);
    return f;
  });
  ProviderHttpOptions options;
  options.total_timeout = std::chrono::milliseconds(300);
  ProviderHttp http(options);
  auto start = std::chrono::steady_clock::now();
  auto r = http.Send(Post(fake.base_url() + "/v1/x", "k"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->outcome, ProviderResponse::Outcome::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2000));
}

TEST(ProviderHttpTest, HangUpAndRefusedConnectionAreTransportFailures) {
  FakeHttpServer fake([](const RecordedRequest&) {
    FakeResponse f;
    f.hang_up = true;
    return f;
  });
  ProviderHttp http;
  auto hung = http.Send(Post(fake.base_url() + "/v1/x", "k"));
  ASSERT_TRUE(hung.ok());
  EXPECT_EQ(hung->outcome, ProviderResponse::Outcome::kTransport);

  uint16_t closed_port;
  {
    FakeHttpServer gone([](const RecordedRequest&) { return FakeResponse(); });
    closed_port = gone.port();
  }
  ProviderRequest get;
  get.url = "http://127.0.0.1:" + std::to_string(closed_port) + "/";
  auto refused = http.Send(get);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->outcome, ProviderResponse::Outcome::kTransport);
}

TEST(ProviderHttpTest, TwentyMegabyteBodyIsCutAndTooLarge) {
  FakeHttpServer fake([](const RecordedRequest&) {
    FakeResponse f = FakeResponse::Json(200, R"({"id":"pi_1","status":"succeeded")");
    f.padding_bytes = 20u * 1024 * 1024;
    return f;
  });
  ProviderHttp http;  // 1 MiB limit by default
  auto start = std::chrono::steady_clock::now();
  auto r = http.Send(Post(fake.base_url() + "/v1/x", "k"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->outcome, ProviderResponse::Outcome::kTooLarge);
  EXPECT_TRUE(r->body.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(5000));
}

TEST(ProviderHttpTest, TwentyMegabyteBodyWithoutLengthIsCutWhileReading) {
  FakeHttpServer fake([](const RecordedRequest&) {
    FakeResponse f = FakeResponse::Json(200, R"({"id":"pi_1")");
    f.padding_bytes = 20u * 1024 * 1024;
    f.no_content_length = true;
    return f;
  });
  ProviderHttp http;
  auto r = http.Send(Post(fake.base_url() + "/v1/x", "k"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->outcome, ProviderResponse::Outcome::kTooLarge);
  EXPECT_LE(r->body.size(), http.options().max_response_bytes);
}

// A TLS server whose certificate no CA vouches for (openssl s_server with a
// fresh self-signed certificate for 127.0.0.1): the handshake must fail, which
// shows peer verification is on.
TEST(ProviderHttpTest, SelfSignedCertificateIsRefused) {
  const std::string dir = ::testing::TempDir() + "/prefill_tls_" + std::to_string(getpid());
  const std::string setup = "mkdir -p " + dir + " && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                            "-addext subjectAltName=IP:127.0.0.1 -keyout " + dir + "/key.pem -out " + dir +
                            "/cert.pem >/dev/null 2>&1";
  ASSERT_EQ(std::system(setup.c_str()), 0);
  uint16_t port;
  {
    FakeHttpServer probe([](const RecordedRequest&) { return FakeResponse(); });
    port = probe.port();  // a free port, released again
  }
  const std::string serve = "openssl s_server -quiet -www -accept 127.0.0.1:" + std::to_string(port) + " -cert " + dir +
                            "/cert.pem -key " + dir + "/key.pem >/dev/null 2>&1 & echo $! > " + dir + "/pid";
  ASSERT_EQ(std::system(serve.c_str()), 0);
  ProviderHttpOptions options;
  options.total_timeout = std::chrono::milliseconds(2000);
  ProviderHttp http(options);
  ProviderRequest get;
  get.url = "https://127.0.0.1:" + std::to_string(port) + "/";
  std::optional<ProviderResponse> last;
  for (int i = 0; i < 50; ++i) {  // until s_server listens
    auto r = http.Send(get);
    ASSERT_TRUE(r.ok());
    last = *r;
    if (r->error.find("onnect") == std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::system(("kill $(cat " + dir + "/pid); rm -rf " + dir).c_str());
  ASSERT_TRUE(last);
  EXPECT_EQ(last->outcome, ProviderResponse::Outcome::kTransport);
  EXPECT_NE(last->error.find("certificate"), std::string::npos) << last->error;
}

TEST(ProviderHttpTest, HttpsToAPlainServerFailsTheHandshake) {
  FakeHttpServer fake([](const RecordedRequest&) { return FakeResponse::Json(200, "{}"); });
  ProviderHttpOptions options;
  options.total_timeout = std::chrono::milliseconds(500);
  ProviderHttp http(options);
  ProviderRequest get;
  get.url = "https://127.0.0.1:" + std::to_string(fake.port()) + "/";
  auto r = http.Send(get);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->outcome, ProviderResponse::Outcome::kAnswered);
}

}  // namespace
}  // namespace prefill
