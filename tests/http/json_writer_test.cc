#include "http/json_writer.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "validators/text.h"

namespace prefill {
namespace {

// Parses `json` strictly and returns the string member `key` of the root object.
std::string ParsedMember(const std::string& json, const char* key) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember(key) || !doc[key].IsString()) return "<bad json>";
  return std::string(doc[key].GetString(), doc[key].GetStringLength());
}

TEST(JsonWriterTest, WritesNestedStructure) {
  JsonWriter w;
  w.StartObject();
  w.Member("status", "success");
  w.Key("n");
  w.Int(-42);
  w.Key("ok");
  w.Bool(true);
  w.Key("none");
  w.Null();
  w.Key("list");
  w.StartArray();
  w.String("a");
  w.String("b");
  w.EndArray();
  EXPECT_FALSE(w.complete());
  w.EndObject();
  EXPECT_TRUE(w.complete());
  EXPECT_EQ(w.Take(), R"({"status":"success","n":-42,"ok":true,"none":null,"list":["a","b"]})");
}

TEST(JsonWriterTest, EscapesQuotesBackslashesAndControlCharacters) {
  JsonWriter w;
  w.StartObject();
  w.Member("v", "q\"b\\n\n\r\t\x01\x1F/");
  w.EndObject();
  EXPECT_EQ(w.Take(), "{\"v\":\"q\\\"b\\\\n\\n\\r\\t\\u0001\\u001F/\"}");
}

TEST(JsonWriterTest, HtmlAndSqlMetacharactersRoundTripExactly) {
  const std::string value = "<script>alert('x')</script> & \"q\" '; DROP TABLE t;-- \xC3\xA4 \xF0\x9F\x92\x9A";
  JsonWriter w;
  w.StartObject();
  w.Member("v", value);
  w.EndObject();
  EXPECT_EQ(ParsedMember(w.Take(), "v"), value);
}

TEST(JsonWriterTest, EmbeddedNulRoundTrips) {
  const std::string value("a\0b", 3);
  JsonWriter w;
  w.StartObject();
  w.Member("v", value);
  w.EndObject();
  EXPECT_EQ(w.Take(), "{\"v\":\"a\\u0000b\"}");
}

TEST(JsonWriterTest, InvalidUtf8BecomesReplacementCharacterInKeysAndValues) {
  JsonWriter w;
  w.StartObject();
  w.Member("path", "/app/\xFF\xC3(x\xE2\x82");
  w.Member("k\xC0\xAF", "v");
  w.EndObject();
  const std::string json = w.Take();
  EXPECT_TRUE(validators::IsValidUtf8(json));
  EXPECT_EQ(ParsedMember(json, "path"), "/app/\xEF\xBF\xBD\xEF\xBF\xBD(x\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(ParsedMember(json, "k\xEF\xBF\xBD\xEF\xBF\xBD"), "v");
}

TEST(JsonWriterTest, RawJsonIsEmbeddedVerbatim) {
  JsonWriter w;
  w.StartObject();
  w.Key("meta_info");
  w.RawJson(R"({"a":[1,2]})");
  w.Member("b", "c");
  w.EndObject();
  EXPECT_EQ(w.Take(), R"({"meta_info":{"a":[1,2]},"b":"c"})");
}

TEST(ToValidUtf8Test, KeepsValidTextAndReplacesEachBadByte) {
  EXPECT_EQ(ToValidUtf8("plain \xC3\xA4 \xF4\x8F\xBF\xBF"), "plain \xC3\xA4 \xF4\x8F\xBF\xBF");
  EXPECT_EQ(ToValidUtf8(""), "");
  EXPECT_EQ(ToValidUtf8("\x80"), "\xEF\xBF\xBD");
  EXPECT_EQ(ToValidUtf8("a\xED\xA0\x80z"), "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz");  // surrogate
  EXPECT_EQ(ToValidUtf8("\xF0\x9F\x92"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");      // truncated at end
  EXPECT_EQ(ToValidUtf8("\xE2\x82\xAC\xE2"), "\xE2\x82\xAC\xEF\xBF\xBD");
}

TEST(JsonForHtmlScriptTest, EscapesWhatCouldEndAScriptElement) {
  JsonWriter w;
  w.StartObject();
  w.Member("v", "</script><!-- & \xE2\x80\xA8\xE2\x80\xA9 \xE2\x82\xAC");
  w.EndObject();
  const std::string safe = JsonForHtmlScript(w.Take());
  EXPECT_EQ(safe.find('<'), std::string::npos);
  EXPECT_EQ(safe.find('>'), std::string::npos);
  EXPECT_EQ(safe.find('&'), std::string::npos);
  EXPECT_EQ(safe.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_NE(safe.find("\\u003c/script\\u003e"), std::string::npos) << safe;
  EXPECT_NE(safe.find("\xE2\x82\xAC"), std::string::npos);  // other characters stay
  EXPECT_EQ(ParsedMember(safe, "v"), "</script><!-- & \xE2\x80\xA8\xE2\x80\xA9 \xE2\x82\xAC");
}

}  // namespace
}  // namespace prefill
