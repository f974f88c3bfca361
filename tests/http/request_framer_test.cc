// RequestFramer: strict HTTP/1.1 framing, fed whole or a byte at a time.
#include "http/request_framer.h"

#include <gtest/gtest.h>

#include <string>

namespace prefill {
namespace {

using Step = RequestFramer::Step;

// Feeds `raw` one byte more each call, as a slow client would send it.
Step FeedByteByByte(RequestFramer& framer, const std::string& raw) {
  Step step = Step::kNeedMore;
  for (size_t n = 1; n <= raw.size(); ++n) {
    step = framer.Next(std::string_view(raw).substr(0, n));
    if (step != Step::kNeedMore) return step;
  }
  return step;
}

TEST(RequestFramerTest, ParsesRequestLineHeadersAndBody) {
  RequestFramer framer({1024, 1024});
  std::string raw = "POST /app/createSession?x=1 HTTP/1.1\r\nHost: a\r\nX-Two:  v  \r\nContent-Length: 3\r\n\r\nabcGET";
  ASSERT_EQ(framer.Next(raw), Step::kRequest);
  EXPECT_EQ(framer.request().method, "POST");
  EXPECT_EQ(framer.request().path, "/app/createSession");
  EXPECT_EQ(framer.request().query, "x=1");
  EXPECT_EQ(framer.request().header("x-two"), "v");
  EXPECT_EQ(framer.request().body, "abc");
  EXPECT_EQ(framer.consumed(), raw.size() - 3);
  EXPECT_TRUE(framer.keep_alive());
}

TEST(RequestFramerTest, ByteByByteGivesTheSameRequest) {
  std::string raw = "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nwiki\r\n5\r\npedia\r\n0\r\nT: x\r\n\r\n";
  RequestFramer framer({1024, 1024});
  ASSERT_EQ(FeedByteByByte(framer, raw), Step::kRequest);
  EXPECT_EQ(framer.request().body, "wikipedia");
  EXPECT_EQ(framer.consumed(), raw.size());
}

TEST(RequestFramerTest, RefusesWhatCouldSmuggleARequest) {
  struct Case {
    const char* raw;
    int status;
  } cases[] = {
      {"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 1,2\r\n\r\nab", 400},
      {"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501},
      {"POST / HTTP/1.1\r\nContent-Length : 1\r\n\r\na", 400},
      {"GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nX: a\nY: b\r\n\r\n", 400},
      {"GET  / HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\n\r\n", 505},
      {"GET / FTP/1.1\r\n\r\n", 400},
      {"GET /\x01 HTTP/1.1\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX0\r\n\r\n", 400},
  };
  for (const Case& c : cases) {
    RequestFramer framer({1024, 1024});
    EXPECT_EQ(framer.Next(c.raw), Step::kError) << c.raw;
    EXPECT_EQ(framer.error_status(), c.status) << c.raw;
  }
}

TEST(RequestFramerTest, HeaderAndBodyLimitsAreSeparate) {
  RequestFramer headers({64, 1 << 20});
  EXPECT_EQ(headers.Next("GET / HTTP/1.1\r\nX: " + std::string(100, 'a')), Step::kError);
  EXPECT_EQ(headers.error_status(), 431);

  RequestFramer body({1024, 10});
  EXPECT_EQ(body.Next("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n"), Step::kError);
  EXPECT_EQ(body.error_status(), 413);

  RequestFramer chunked({1024, 10});
  EXPECT_EQ(chunked.Next("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n"), Step::kError);
  EXPECT_EQ(chunked.error_status(), 413);
}

TEST(RequestFramerTest, ConnectionSemantics) {
  RequestFramer close({1024, 1024});
  ASSERT_EQ(close.Next("GET / HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n"), Step::kRequest);
  EXPECT_FALSE(close.keep_alive());
  RequestFramer http10({1024, 1024});
  ASSERT_EQ(http10.Next("GET / HTTP/1.0\r\n\r\n"), Step::kRequest);
  EXPECT_FALSE(http10.keep_alive());
  RequestFramer expect({1024, 1024});
  ASSERT_EQ(expect.Next("POST / HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"), Step::kNeedMore);
  EXPECT_TRUE(expect.wants_continue());
  ASSERT_EQ(expect.Next("POST / HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nok"), Step::kRequest);
}

TEST(RequestFramerTest, HugeHeaderCostsLinearTime) {
  // 4 MiB arriving in 4 KiB pieces against a 4 MiB limit: each call scans only the new bytes.
  std::string raw = "GET / HTTP/1.1\r\nX: " + std::string(4 << 20, 'h');
  RequestFramer framer({8 << 20, 1024});
  auto started = std::chrono::steady_clock::now();
  for (size_t n = 4096; n < raw.size(); n += 4096) ASSERT_EQ(framer.Next(std::string_view(raw).substr(0, n)), Step::kNeedMore);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

}  // namespace
}  // namespace prefill
