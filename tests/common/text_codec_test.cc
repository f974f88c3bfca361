#include "common/text_codec.h"

#include <gtest/gtest.h>

#include <chrono>

#include "common/time_format.h"

namespace prefill {
namespace {

TEST(TextCodec, HexDigitsBothCasesAndNothingElse) {
  EXPECT_EQ(HexDigitValue('0'), 0);
  EXPECT_EQ(HexDigitValue('9'), 9);
  EXPECT_EQ(HexDigitValue('a'), 10);
  EXPECT_EQ(HexDigitValue('F'), 15);
  EXPECT_EQ(HexDigitValue('g'), -1);
  EXPECT_EQ(HexDigitValue('%'), -1);
  EXPECT_EQ(HexDigitValue('\0'), -1);
  EXPECT_EQ(HexLower(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(HexLower(""), "");
}

TEST(TextCodec, PercentEncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(PercentEncode("de DE&x=1/é"), "de%20DE%26x%3D1%2F%C3%A9");
  EXPECT_EQ(PercentEncode(std::string("\0\r\n", 3)), "%00%0D%0A");
  EXPECT_EQ(PercentEncode("a b/?&\"<"), "a%20b%2F%3F%26%22%3C");
}

TEST(TextCodec, PercentDecodeRoundTripsAndRefusesBrokenEscapes) {
  std::string out;
  const std::string all = [] {
    std::string s;
    for (int c = 0; c < 256; ++c) s += static_cast<char>(c);
    return s;
  }();
  ASSERT_TRUE(PercentDecode(PercentEncode(all), &out, true));
  EXPECT_EQ(out, all);
  ASSERT_TRUE(PercentDecode("a+b%2Bc", &out, true));
  EXPECT_EQ(out, "a b+c");
  ASSERT_TRUE(PercentDecode("a+b%2Bc", &out, false));  // a database URL: '+' is itself
  EXPECT_EQ(out, "a+b+c");
  EXPECT_FALSE(PercentDecode("%", &out, true));
  EXPECT_FALSE(PercentDecode("ab%4", &out, true));
  EXPECT_FALSE(PercentDecode("%zz", &out, true));
  EXPECT_FALSE(PercentDecode("%-1", &out, false));
  ASSERT_TRUE(PercentDecode("%41", &out, false));
  EXPECT_EQ(out, "A");
}

TEST(TimeFormat, Iso8601InUtcWholeSeconds) {
  using namespace std::chrono;
  const system_clock::time_point t = system_clock::time_point(seconds(1795910400)) + microseconds(999999);
  EXPECT_EQ(Iso8601(t), "2026-11-29T00:00:00Z");
  EXPECT_EQ(Iso8601(system_clock::time_point(seconds(0))), "1970-01-01T00:00:00Z");
  EXPECT_EQ(Iso8601(system_clock::time_point(seconds(951782400))), "2000-02-29T00:00:00Z");  // leap day
}

}  // namespace
}  // namespace prefill
