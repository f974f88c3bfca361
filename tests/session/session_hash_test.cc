#include "session/session_hash.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

#include "session/session.h"

namespace prefill {
namespace {

TEST(SessionHashTest, HasLengthAndCharsetOfTwoUuids) {
  const std::string hash = NewSessionHash();
  ASSERT_EQ(hash.size(), 64u);
  for (char c : hash) {
    EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << "unexpected char " << c;
  }
  EXPECT_TRUE(LooksLikeSessionHash(hash));
}

TEST(SessionHashTest, BothHalvesAreVersion4RandomUuids) {
  // Version nibble at byte 6, variant bits 10xx at byte 8 of each 16-byte half:
  // proves the bits come from random_generator, not a counter or a clock.
  for (int i = 0; i < 1000; ++i) {
    const std::string hash = NewSessionHash();
    for (size_t half : {0u, 32u}) {
      EXPECT_EQ(hash[half + 12], '4') << hash;
      const char variant = hash[half + 16];
      EXPECT_TRUE(variant == '8' || variant == '9' || variant == 'a' || variant == 'b') << hash;
    }
  }
}

TEST(SessionHashTest, HundredThousandHashesAreUnique) {
  std::unordered_set<std::string> seen;
  constexpr int kCount = 100000;
  seen.reserve(kCount);
  for (int i = 0; i < kCount; ++i) {
    const std::string hash = NewSessionHash();
    ASSERT_EQ(hash.size(), kSessionHashLength);
    ASSERT_TRUE(seen.insert(hash).second) << "duplicate after " << i << " hashes: " << hash;
  }
}

TEST(SessionHashTest, ConsecutiveHashesShareNoLongPrefix) {
  // A sequential or time-derived generator would keep a long common prefix.
  std::string previous = NewSessionHash();
  int long_prefixes = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::string next = NewSessionHash();
    size_t common = 0;
    while (common < next.size() && next[common] == previous[common]) ++common;
    if (common >= 4) ++long_prefixes;
    previous = next;
  }
  EXPECT_LT(long_prefixes, 5);  // expected about 1000 / 16^4 = 0.015
}

TEST(SessionHashTest, LooksLikeSessionHashRejectsOtherShapes) {
  EXPECT_FALSE(LooksLikeSessionHash(""));
  EXPECT_FALSE(LooksLikeSessionHash(std::string(63, 'a')));
  EXPECT_FALSE(LooksLikeSessionHash(std::string(65, 'a')));
  EXPECT_FALSE(LooksLikeSessionHash(std::string(64, 'A')));
  EXPECT_FALSE(LooksLikeSessionHash(std::string(63, 'a') + "g"));
  EXPECT_FALSE(LooksLikeSessionHash(std::string(63, 'a') + "'"));
  EXPECT_TRUE(LooksLikeSessionHash(std::string(64, '0')));
}

TEST(SessionStateTest, NamesRoundTrip) {
  for (SessionState s : {SessionState::kOpen, SessionState::kProcessing, SessionState::kCompleted,
                         SessionState::kExpired}) {
    SessionState parsed = SessionState::kOpen;
    ASSERT_TRUE(ParseSessionState(SessionStateName(s), &parsed)) << SessionStateName(s);
    EXPECT_EQ(parsed, s);
  }
  EXPECT_STREQ(SessionStateName(SessionState::kOpen), "open");
  EXPECT_STREQ(SessionStateName(SessionState::kProcessing), "processing");
  EXPECT_STREQ(SessionStateName(SessionState::kCompleted), "completed");
  EXPECT_STREQ(SessionStateName(SessionState::kExpired), "expired");
}

TEST(SessionStateTest, ParseRejectsUnknownNamesAndLeavesOutputAlone) {
  SessionState out = SessionState::kProcessing;
  EXPECT_FALSE(ParseSessionState("Open", &out));
  EXPECT_FALSE(ParseSessionState("", &out));
  EXPECT_FALSE(ParseSessionState("complete", &out));
  EXPECT_EQ(out, SessionState::kProcessing);
}

}  // namespace
}  // namespace prefill
