// The cursor codec and the metadata limits of the REST API.
#include <gtest/gtest.h>

#include "rest/encoding.h"
#include "rest/session_cursor.h"
#include "rest/session_metadata.h"

namespace prefill {
namespace {

TEST(SessionCursorTest, RoundTrips) {
  for (ListOrder direction : {ListOrder::kAscending, ListOrder::kDescending}) {
    for (bool before : {false, true}) {
      for (int64_t id : {int64_t{0}, int64_t{1}, int64_t{987654321}, INT64_MAX}) {
        std::string text = EncodeSessionCursor({direction, before, id});
        EXPECT_EQ(text.find_first_of("+/=&?"), std::string::npos);
        auto back = DecodeSessionCursor(text);
        ASSERT_TRUE(back.ok()) << text;
        EXPECT_EQ(back->direction, direction);
        EXPECT_EQ(back->before, before);
        EXPECT_EQ(back->row_id, id);
      }
    }
  }
}

TEST(SessionCursorTest, RefusesWhatItDidNotMake) {
  for (std::string plain : {"v1.d.n.", "v1.d.n.-1", "v1.d.n.01", "v1.x.n.5", "v1.d.q.5", "v2.d.n.5", "v1.d.n.5x",
                            "v1.d.n.99999999999999999999", "v1dn5"}) {
    EXPECT_FALSE(DecodeSessionCursor(Base64UrlEncode(plain)).ok()) << plain;
  }
  EXPECT_FALSE(DecodeSessionCursor("").ok());
  EXPECT_FALSE(DecodeSessionCursor("not a cursor!").ok());
  EXPECT_FALSE(DecodeSessionCursor(std::string(200, 'A')).ok());
  EXPECT_TRUE(DecodeSessionCursor(Base64UrlEncode("v1.a.p.42")).ok());
}

Metadata Keys(size_t n) {
  Metadata m;
  for (size_t i = 0; i < n; ++i) m["k" + std::to_string(i)] = "v";
  return m;
}

TEST(SessionMetadataTest, LimitsAreInclusive) {
  EXPECT_TRUE(MetadataProblems(Keys(20)).empty());
  EXPECT_EQ(MetadataProblems(Keys(21)).size(), 1u);
  EXPECT_TRUE(MetadataProblems({{std::string(50, 'k'), std::string(500, 'v')}}).empty());
  EXPECT_EQ(MetadataProblems({{std::string(51, 'k'), "v"}}).size(), 1u);
  EXPECT_EQ(MetadataProblems({{"k", std::string(501, 'v')}}).size(), 1u);
  EXPECT_EQ(MetadataProblems({{"", "v"}}).size(), 1u);
}

TEST(SessionMetadataTest, CountsCharactersNotBytes) {
  std::string fifty_umlauts;
  for (int i = 0; i < 50; ++i) fifty_umlauts += "\xc3\xbc";  // ü: 2 bytes
  EXPECT_TRUE(MetadataProblems({{fifty_umlauts, "v"}}).empty());
  EXPECT_EQ(MetadataProblems({{fifty_umlauts + "u", "v"}}).size(), 1u);
}

TEST(SessionMetadataTest, ReportsEveryProblem) {
  Metadata m = Keys(21);
  m[std::string(60, 'x')] = std::string(600, 'y');
  EXPECT_EQ(MetadataProblems(m).size(), 3u);
}

TEST(SessionMetadataTest, PatchSetsReplacesAndRemoves) {
  Metadata current{{"order", "1"}, {"shop", "a"}, {"keep", "yes"}};
  Metadata next = ApplyMetadataPatch(current, {{"order", std::string("2")}, {"shop", std::nullopt},
                                               {"new", std::string("n")}, {"keep", std::nullopt}});
  next = ApplyMetadataPatch(next, {{"absent", std::string("")}});
  EXPECT_EQ(next, (Metadata{{"order", "2"}, {"new", "n"}}));
}

}  // namespace
}  // namespace prefill
