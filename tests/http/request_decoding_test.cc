#include "http/request_decoding.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace prefill {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

HttpRequest MakeRequest(std::string query, std::string content_type = "", std::string body = "") {
  HttpRequest request;
  request.method = body.empty() ? "GET" : "POST";
  request.path = "/app/createSession";
  request.query = std::move(query);
  if (!content_type.empty()) request.headers.emplace("content-type", std::move(content_type));
  request.body = std::move(body);
  return request;
}

Result<DecodedParams> Decode(std::string query, std::string content_type = "", std::string body = "",
                             const DecodeLimits& limits = {}) {
  return DecodeParams(MakeRequest(std::move(query), std::move(content_type), std::move(body)), limits);
}

std::string Value(const Result<DecodedParams>& result, std::string_view name) {
  if (!result.ok()) return "<error: " + result.status().ToString() + ">";
  const std::string* value = result->Get(name);
  return value ? *value : "<absent>";
}

::testing::AssertionResult FailsWith(const Result<DecodedParams>& result, Status::Code code) {
  if (result.ok()) return ::testing::AssertionFailure() << "decoded without error";
  if (!result.status().Is(code)) return ::testing::AssertionFailure() << "wrong status " << result.status().ToString();
  if (result.status().message().empty()) return ::testing::AssertionFailure() << "no message";
  return ::testing::AssertionSuccess();
}
::testing::AssertionResult Malformed(const Result<DecodedParams>& r) { return FailsWith(r, Status::Code::kInvalidArgument); }
::testing::AssertionResult TooLarge(const Result<DecodedParams>& r) { return FailsWith(r, Status::Code::kTooLarge); }

std::string UrlEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string Multipart(const std::string& boundary, const Pairs& parts) {
  std::string body;
  for (const auto& [name, value] : parts) {
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n";
    body += value + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return body;
}

constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kJson = "application/json";

// --- DecodedParams ---------------------------------------------------------

TEST(DecodedParamsTest, SetReplacesInPlaceAndGetFindsByFullName) {
  DecodedParams params;
  params.Set("hash", "a");
  params.Set("payment[amount]", "12");
  params.Set("hash", "b");
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params.entries()[0], (std::pair<std::string, std::string>("hash", "b")));
  EXPECT_EQ(*params.Get("payment[amount]"), "12");
  EXPECT_EQ(params.Get("payment"), nullptr);
  EXPECT_FALSE(params.Has("amount"));
}

TEST(DecodedParamsTest, GroupReturnsInnerKeysOfExactlyThatPrefix) {
  DecodedParams params;
  params.Set("payment[amount]", "12");
  params.Set("paymentx[amount]", "no");
  params.Set("payment", "scalar");
  params.Set("hash", "h");
  params.Set("payment[amount_fix]", "12");
  EXPECT_EQ(params.Group("payment"), (Pairs{{"amount", "12"}, {"amount_fix", "12"}}));
  EXPECT_TRUE(params.Group("pay").empty());
  EXPECT_TRUE(params.Group("hash").empty());
  EXPECT_EQ(params.Group("paymentx"), (Pairs{{"amount", "no"}}));
}

// --- Query string and urlencoded body --------------------------------------

TEST(UrlencodedTest, QueryStringWithBracketNames) {
  auto r = Decode("hash=abc&payment%5Bamount%5D=12&payment[amount_fix]=12&fbSessionHash=s1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->size(), 4u);
  EXPECT_EQ(Value(r, "hash"), "abc");
  EXPECT_EQ(Value(r, "fbSessionHash"), "s1");
  EXPECT_EQ(r->Group("payment"), (Pairs{{"amount", "12"}, {"amount_fix", "12"}}));
}

TEST(UrlencodedTest, PlusIsSpaceAndPercent2BIsPlus) {
  auto r = Decode("a=1+2&b=1%2B2&c=%20x%20&d+e=f");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Value(r, "a"), "1 2");
  EXPECT_EQ(Value(r, "b"), "1+2");
  EXPECT_EQ(Value(r, "c"), " x ");
  EXPECT_EQ(Value(r, "d e"), "f");
}

TEST(UrlencodedTest, BadPercentEscapesAreMalformed) {
  EXPECT_TRUE(Malformed(Decode("a=%ZZ")));
  EXPECT_TRUE(Malformed(Decode("a=%4")));
  EXPECT_TRUE(Malformed(Decode("a=%")));
  EXPECT_TRUE(Malformed(Decode("a%G1=1")));
  EXPECT_TRUE(Malformed(Decode("", kForm, "a=1&b=%%")));
}

TEST(UrlencodedTest, LowerCaseHexIsAccepted) {
  auto r = Decode("a=%c3%a4%2f");
  EXPECT_EQ(Value(r, "a"), "\xC3\xA4/");
}

TEST(UrlencodedTest, InvalidUtf8AfterDecodingIsMalformed) {
  EXPECT_TRUE(Malformed(Decode("a=%FF")));
  EXPECT_TRUE(Malformed(Decode("%FF=1")));
  EXPECT_TRUE(Malformed(Decode("a=%C0%AF")));        // overlong '/'
  EXPECT_TRUE(Malformed(Decode("a=%ED%A0%80")));     // surrogate
  EXPECT_TRUE(Malformed(Decode("a=%C3")));           // truncated sequence
  EXPECT_TRUE(Malformed(Decode("", kForm, "a=\xFF")));  // raw invalid byte in body
  EXPECT_EQ(Value(Decode("a=%F0%9F%92%9A"), "a"), "\xF0\x9F\x92\x9A");
}

// SPEC section 2: a NUL byte is a control character, refused by the field's
// validator (a field error), not by decoding (which would be 108 for everything).
TEST(UrlencodedTest, NulByteInValueIsKeptForTheValidators) {
  EXPECT_EQ(Value(Decode("a=x%00y&b=2"), "a"), std::string("x\0y", 3));
  EXPECT_EQ(Value(Decode("a=x%00y&b=2"), "b"), "2");
  EXPECT_TRUE(Malformed(Decode("a%00=1"))) << "a NUL in a name is still malformed";
}

TEST(UrlencodedTest, EmptySegmentsAreSkippedAndBareNameIsEmptyValue) {
  auto r = Decode("&&a=1&&b&c=&");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->size(), 3u);
  EXPECT_EQ(Value(r, "a"), "1");
  EXPECT_EQ(Value(r, "b"), "");
  EXPECT_EQ(Value(r, "c"), "");
  auto empty = Decode("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(UrlencodedTest, EmptyNameIsMalformed) {
  EXPECT_TRUE(Malformed(Decode("=x")));
  EXPECT_TRUE(Malformed(Decode("a=1&=2")));
}

TEST(UrlencodedTest, ValueMayContainEqualsSigns) {
  EXPECT_EQ(Value(Decode("basket=a%3D1=2"), "basket"), "a=1=2");
}

TEST(UrlencodedTest, DuplicatedNamesLastWinsKeepingFirstPosition) {
  auto r = Decode("a=1&b=x&a=2&payment[amount]=5&payment%5Bamount%5D=7");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries(), (Pairs{{"a", "2"}, {"b", "x"}, {"payment[amount]", "7"}}));
}

TEST(UrlencodedTest, SqlAndHtmlMetacharactersAreUntouched) {
  const std::string nasty = "Robert'); DROP TABLE sessions;-- \\ \" ` <script>alert(1)</script> &amp; %";
  auto r = Decode("payment[last_name]=" + UrlEncode(nasty));
  EXPECT_EQ(Value(r, "payment[last_name]"), nasty);
}

TEST(UrlencodedTest, ControlCharactersInValuesAreLeftToValidators) {
  // Newlines and tabs are legitimate in `message`; the validators decide per field.
  EXPECT_EQ(Value(Decode("payment[message]=a%0D%0Ab%09c"), "payment[message]"), "a\r\nb\tc");
}

// --- Names ------------------------------------------------------------------

TEST(NameTest, BracketFormsOtherThanOneLevelAreMalformed) {
  EXPECT_TRUE(Malformed(Decode("payment[]=1")));
  EXPECT_TRUE(Malformed(Decode("payment[a][b]=1")));
  EXPECT_TRUE(Malformed(Decode("payment[a=1")));
  EXPECT_TRUE(Malformed(Decode("paymenta]=1")));
  EXPECT_TRUE(Malformed(Decode("[a]=1")));
  EXPECT_TRUE(Malformed(Decode("payment[a]x=1")));
  EXPECT_TRUE(Malformed(Decode("payment[a[b]]=1")));
  EXPECT_TRUE(Malformed(Decode("payment][a[=1")));
}

TEST(NameTest, ErrorMessageNamesTheProblem) {
  auto r = Decode("payment[a][b]=1");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("query string"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("'payment[a][b]'"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("one level"), std::string::npos) << r.status().message();
}

TEST(NameTest, ErrorMessagesNeverEchoValues) {
  auto r = Decode("payment[card]=4111111111111111%FF");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().find("4111"), std::string::npos) << r.status().message();
}

TEST(NameTest, ControlCharacterInNameIsMalformed) {
  EXPECT_TRUE(Malformed(Decode("a%0Ab=1")));
  EXPECT_TRUE(Malformed(Decode("a%7F=1")));
}

TEST(NameTest, Utf8NamesAreAccepted) {
  EXPECT_EQ(Value(Decode("payment[stra%C3%9Fe]=x"), "payment[stra\xC3\x9F" "e]"), "x");
}

// --- Body selection and precedence ----------------------------------------

TEST(BodyTest, UrlencodedBodyWinsOverQuery) {
  auto r = Decode("hash=q&payment[amount]=1&only=query", "application/x-www-form-urlencoded; charset=UTF-8",
                  "payment[amount]=2&hash=b&payment[email]=a%40b.de");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries(), (Pairs{{"hash", "b"}, {"payment[amount]", "2"}, {"only", "query"},
                                 {"payment[email]", "a@b.de"}}));
}

TEST(BodyTest, ContentTypeIsCaseInsensitive) {
  EXPECT_EQ(Value(Decode("", "Application/X-WWW-Form-URLEncoded", "a=1"), "a"), "1");
  EXPECT_EQ(Value(Decode("", "APPLICATION/JSON; Charset=\"utf-8\"", "{\"a\":\"1\"}"), "a"), "1");
}

TEST(BodyTest, NonUtf8CharsetIsMalformed) {
  EXPECT_TRUE(Malformed(Decode("", "application/x-www-form-urlencoded; charset=ISO-8859-1", "a=1")));
  EXPECT_TRUE(Malformed(Decode("", "application/json; charset=utf-16", "{}")));
}

TEST(BodyTest, MissingContentTypeSniffsJsonOrUrlencoded) {
  EXPECT_EQ(Value(Decode("", "", "a=1&b=2"), "b"), "2");
  EXPECT_EQ(Value(Decode("", "", " \r\n{\"a\":\"j\"}"), "a"), "j");
  EXPECT_TRUE(Malformed(Decode("", "", "{\"a\":")));
}

TEST(BodyTest, UnsupportedContentTypeWithBodyIsMalformed) {
  EXPECT_TRUE(Malformed(Decode("", "text/plain", "a=1")));
  EXPECT_TRUE(Malformed(Decode("", "application/xml", "<a/>")));
}

TEST(BodyTest, EmptyBodyIsIgnoredWhateverTheContentType) {
  auto r = Decode("a=1", "text/plain", "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries(), (Pairs{{"a", "1"}}));
  EXPECT_TRUE(Decode("", kJson, "").ok());
  EXPECT_TRUE(Decode("", "multipart/form-data", "").ok());
}

TEST(BodyTest, MalformedContentTypeHeaderIsMalformed) {
  EXPECT_TRUE(Malformed(Decode("", "multipart/form-data; boundary", "x")));
  EXPECT_TRUE(Malformed(Decode("", "multipart/form-data; boundary=\"abc", "x")));
  EXPECT_TRUE(Malformed(Decode("", ";", "x")));
  EXPECT_TRUE(Malformed(Decode("", "application/json; charset=utf-8; charset=latin1", "{}")));
}

// --- multipart/form-data -----------------------------------------------------

TEST(MultipartTest, SeveralPartsWithCrlfAndUtf8InValues) {
  const std::string boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  const std::string body = Multipart(boundary, {{"hash", "abc"},
                                                {"payment[message]", "line one\r\nline two\r\n"},
                                                {"payment[first_name]", "J\xC3\xBCrgen \xF0\x9F\x92\x9A"},
                                                {"payment[empty]", ""}});
  auto r = Decode("hash=query", "multipart/form-data; boundary=" + boundary, body);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries(), (Pairs{{"hash", "abc"},
                                 {"payment[message]", "line one\r\nline two\r\n"},
                                 {"payment[first_name]", "J\xC3\xBCrgen \xF0\x9F\x92\x9A"},
                                 {"payment[empty]", ""}}));
}

TEST(MultipartTest, QuotedBoundaryWithSpecialCharacters) {
  const std::string boundary = "a b:c=d?e";
  auto r = Decode("", "multipart/form-data; boundary=\"" + boundary + "\"", Multipart(boundary, {{"x", "1"}}));
  EXPECT_EQ(Value(r, "x"), "1");
}

TEST(MultipartTest, PreambleEpilogueAndTransportPaddingAreIgnored) {
  const std::string body =
      "This is a preamble.\r\n--XyZ  \t\r\n"
      "content-disposition: form-data; name=a\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n\r\n"
      "1\r\n--XyZ--\r\nepilogue --XyZ garbage";
  auto r = Decode("", "multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries(), (Pairs{{"a", "1"}}));
}

TEST(MultipartTest, BoundaryTextInsideAValueWithoutLineBreakIsData) {
  const std::string value = "x--B y\n--B z\r--B";
  auto r = Decode("", "multipart/form-data; boundary=B", Multipart("B", {{"a", value}, {"b", "2"}}));
  EXPECT_EQ(Value(r, "a"), value);
  EXPECT_EQ(Value(r, "b"), "2");
}

TEST(MultipartTest, FilePartsAreIgnored) {
  using namespace std::string_literals;
  const std::string body =
      "--B\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.bin\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n\xFF\x00\xFE\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B--"s;
  ASSERT_NE(body.find('\0'), std::string::npos);
  auto r = Decode("", "multipart/form-data; boundary=B", body);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries(), (Pairs{{"a", "1"}}));
}

TEST(MultipartTest, TruncatedBodiesAreMalformed) {
  const std::string full = Multipart("B", {{"a", "1"}, {"b", "2"}});
  for (std::size_t cut : {full.size() - 4, full.size() - 8, full.size() / 2, std::size_t{5}}) {
    EXPECT_TRUE(Malformed(Decode("", "multipart/form-data; boundary=B", full.substr(0, cut)))) << "cut " << cut;
  }
  // No final boundary at all.
  EXPECT_TRUE(Malformed(Decode("", "multipart/form-data; boundary=B",
                               "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1")));
}

TEST(MultipartTest, StructuralErrorsAreMalformed) {
  const char* type = "multipart/form-data; boundary=B";
  EXPECT_TRUE(Malformed(Decode("", "multipart/form-data", "--B--")));  // no boundary parameter
  EXPECT_TRUE(Malformed(Decode("", "multipart/form-data; boundary=" + std::string(71, 'b'), "x")));
  EXPECT_TRUE(Malformed(Decode("", type, "no delimiter here")));
  EXPECT_TRUE(Malformed(Decode("", type, "--B\r\nContent-Type: text/plain\r\n\r\n1\r\n--B--")));  // no disposition
  EXPECT_TRUE(Malformed(Decode("", type, "--B\r\nContent-Disposition: form-data\r\n\r\n1\r\n--B--")));  // no name
  EXPECT_TRUE(Malformed(Decode("", type, "--B\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--B--")));
  EXPECT_TRUE(Malformed(Decode("", type, "--B\r\nContent-Disposition: form-data; name=a\r\n1\r\n--B--")));  // no blank line
  EXPECT_TRUE(Malformed(Decode("", type, "--Bjunk\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--B--")));
  EXPECT_TRUE(Malformed(Decode("", type,
                               "--B\r\nContent-Disposition: form-data; name=a\r\n"
                               "Content-Transfer-Encoding: base64\r\n\r\nMQ==\r\n--B--")));
  EXPECT_TRUE(Malformed(Decode("", type, "--B\r\nContent-Disposition: form-data; name=a\r\n"
                                         "Content-Type: text/plain; charset=windows-1252\r\n\r\n1\r\n--B--")));
  EXPECT_TRUE(Malformed(Decode("", type, "--B\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\n1\r\n--B--")));
}

TEST(MultipartTest, InvalidUtf8ValueOrBadNameIsMalformed) {
  EXPECT_TRUE(Malformed(Decode("", "multipart/form-data; boundary=B", Multipart("B", {{"a", "\xC3\x28"}}))));
  EXPECT_TRUE(Malformed(Decode("", "multipart/form-data; boundary=B", Multipart("B", {{"a[b][c]", "1"}}))));
}

TEST(MultipartTest, PartWithoutHeadersIsMalformed) {
  EXPECT_TRUE(Malformed(Decode("", "multipart/form-data; boundary=B", "--B\r\n\r\nvalue\r\n--B--")));
  EXPECT_TRUE(Malformed(Decode("", "multipart/form-data; boundary=B", "--B\r\n\r\n--B--")));
}

TEST(MultipartTest, MultipartBodyWinsOverQuery) {
  auto r = Decode("a=q&b=q", "multipart/form-data; boundary=B", Multipart("B", {{"a", "m"}}));
  EXPECT_EQ(Value(r, "a"), "m");
  EXPECT_EQ(Value(r, "b"), "q");
}

// --- application/json --------------------------------------------------------

TEST(JsonTest, OneLevelOfNestingMapsToBrackets) {
  auto r = Decode("", kJson, R"({"hash":"x","payment":{"amount":"12","amount_fix":"12"},"fbSessionHash":"s"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries(), (Pairs{{"hash", "x"}, {"payment[amount]", "12"}, {"payment[amount_fix]", "12"},
                                 {"fbSessionHash", "s"}}));
  EXPECT_EQ(r->Group("payment"), (Pairs{{"amount", "12"}, {"amount_fix", "12"}}));
}

TEST(JsonTest, ScalarsBecomeStrings) {
  auto r = Decode("", kJson,
                  R"({"p":{"amount":12.50,"n":-3,"e":1e3,"interval":0,"t":true,"f":false,"z":null,"s":"str"}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Group("p"), (Pairs{{"amount", "12.50"}, {"n", "-3"}, {"e", "1e3"}, {"interval", "0"},
                                  {"t", "1"}, {"f", "0"}, {"z", ""}, {"s", "str"}}));
}

TEST(JsonTest, HugeNumbersKeepTheirLiteralText) {
  EXPECT_EQ(Value(Decode("", kJson, R"({"a":123456789012345678901234567890})"), "a"),
            "123456789012345678901234567890");
}

TEST(JsonTest, EscapesAreDecoded) {
  auto r = Decode("", kJson, R"({"a":"\u00e4\ud83d\udc9a\n\"\\\/<>&'"})");
  EXPECT_EQ(Value(r, "a"), "\xC3\xA4\xF0\x9F\x92\x9A\n\"\\/<>&'");
}

TEST(JsonTest, StructuresBeyondOneLevelAreMalformed) {
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"payment":{"a":{"b":"1"}}})")));
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"payment":["1","2"]})")));
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"a":[]})")));
  EXPECT_TRUE(Malformed(Decode("", kJson, R"([{"a":"1"}])")));
  EXPECT_TRUE(Malformed(Decode("", kJson, R"("just a string")")));
  EXPECT_TRUE(Malformed(Decode("", kJson, "12")));
  EXPECT_TRUE(Malformed(Decode("", kJson, "null")));
}

TEST(JsonTest, SyntaxErrorsAreMalformed) {
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"a":"1"} x)")));   // trailing garbage
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"a":"1"}{})")));  // two documents
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"a":"1")")));     // truncated
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"a":"1)")));
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({'a':'1'})")));
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"a":01})")));
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"a":"1",})")));
  EXPECT_TRUE(Malformed(Decode("", kJson, "   ")));
  EXPECT_TRUE(Malformed(Decode("", kJson, "{\"a\":\"tab\there\"}")));  // raw control character
}

TEST(JsonTest, ErrorMessageSaysWhereTheSyntaxBroke) {
  auto r = Decode("", kJson, R"({"a":"1"} x)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("JSON body"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("at byte 10"), std::string::npos) << r.status().message();
}

TEST(JsonTest, NulAndInvalidUtf8AreMalformed) {
  EXPECT_TRUE(Malformed(Decode("", kJson, std::string("{\"a\":\"1\"}\0 garbage", 18))));
  EXPECT_EQ(Value(Decode("", kJson, R"({"a":"x\u0000y"})"), "a"), std::string("x\0y", 3));
  EXPECT_TRUE(Malformed(Decode("", kJson, "{\"a\":\"\xFF\"}")));
  EXPECT_TRUE(Malformed(Decode("", kJson, "{\"\xC0\xAF\":\"1\"}")));
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"a":"\ud800"})")));        // lone high surrogate
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"a":"\udc00"})")));        // lone low surrogate
  EXPECT_TRUE(Malformed(Decode("", kJson, "\xBB{\"a\":\"1\"}")));         // stray byte, not a BOM
}

TEST(JsonTest, ByteOrderMarkIsAccepted) {
  EXPECT_EQ(Value(Decode("", kJson, "\xEF\xBB\xBF{\"a\":\"1\"}"), "a"), "1");
}

TEST(JsonTest, EmptyObjectAndEmptyGroupGiveNoParameters) {
  auto r = Decode("", kJson, R"({"payment":{}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->empty());
}

TEST(JsonTest, DuplicatedKeysLastWinsAlsoAcrossBracketSpellings) {
  auto r = Decode("", kJson, R"({"a":"1","a":"2","payment[amount]":"5","payment":{"amount":"7"}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries(), (Pairs{{"a", "2"}, {"payment[amount]", "7"}}));
}

TEST(JsonTest, BadKeysAreMalformed) {
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"":"1"})")));
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"payment":{"a[b]":"1"}})")));
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"payment":{"":"1"}})")));
  EXPECT_TRUE(Malformed(Decode("", kJson, R"({"a\nb":"1"})")));
}

TEST(JsonTest, JsonBodyWinsOverQueryAndPlusJsonTypesAreJson) {
  auto r = Decode("hash=q&payment[amount]=1", "application/vnd.prefill+json", R"({"payment":{"amount":"2"}})");
  EXPECT_EQ(Value(r, "hash"), "q");
  EXPECT_EQ(Value(r, "payment[amount]"), "2");
}

TEST(JsonTest, DeepNestingIsRefusedWithoutRecursion) {
  const std::string arrays = std::string(10000, '[') + std::string(10000, ']');
  EXPECT_TRUE(Malformed(Decode("", kJson, arrays)));
  std::string objects;
  for (int i = 0; i < 10000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(10000, '}');
  EXPECT_TRUE(Malformed(Decode("", kJson, objects)));
  EXPECT_TRUE(Malformed(Decode("", kJson, "{\"a\":" + std::string(200000, '['))));
}

// --- Limits ---------------------------------------------------------------------

TEST(LimitsTest, TooManyParametersIsTooLarge) {
  DecodeLimits limits;
  limits.max_params = 3;
  EXPECT_TRUE(Decode("a=1&b=2&c=3", "", "", limits).ok());
  EXPECT_TRUE(TooLarge(Decode("a=1&b=2&c=3&d=4", "", "", limits)));
  EXPECT_TRUE(TooLarge(Decode("a=1&a=1&a=1&a=1", "", "", limits)));  // repeats count
  EXPECT_TRUE(TooLarge(Decode("a=1&b=2", kForm, "c=3&d=4", limits)));  // query and body together
  EXPECT_TRUE(TooLarge(Decode("", kJson, R"({"a":"1","p":{"b":"2","c":"3","d":"4"}})", limits)));
  EXPECT_TRUE(TooLarge(Decode("", "multipart/form-data; boundary=B",
                              Multipart("B", {{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}}), limits)));
}

TEST(LimitsTest, DefaultLimitAllowsAThousandParameters) {
  std::string query;
  for (int i = 0; i < 1000; ++i) query += "p" + std::to_string(i) + "=v&";
  auto r = Decode(query);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->size(), 1000u);
  EXPECT_TRUE(TooLarge(Decode(query + "one=more")));
}

TEST(LimitsTest, LongNameIsTooLarge) {
  DecodeLimits limits;
  limits.max_name_bytes = 16;
  EXPECT_TRUE(Decode("payment[" + std::string(7, 'x') + "]=1", "", "", limits).ok());  // 16 bytes
  EXPECT_TRUE(TooLarge(Decode("payment[" + std::string(8, 'x') + "]=1", "", "", limits)));
  EXPECT_TRUE(TooLarge(Decode(std::string(300, 'n') + "=1")));  // default 256
}

TEST(LimitsTest, OversizedBodyOrQueryIsTooLarge) {
  DecodeLimits limits;
  limits.max_body_bytes = 10;
  limits.max_query_bytes = 5;
  EXPECT_TRUE(Decode("a=123", kForm, "b=12345678", limits).ok());
  EXPECT_TRUE(TooLarge(Decode("a=1234", kForm, "", limits)));
  EXPECT_TRUE(TooLarge(Decode("", kForm, "b=123456789", limits)));
  EXPECT_TRUE(TooLarge(Decode("", "text/plain", "b=123456789", limits)));  // checked before the type
}

// --- Round trips -----------------------------------------------------------------

std::string BigNastyValue() {
  const std::string chunk = "<script>&amp;\"quoted\" 'single' \xC3\xA4\xC3\xB6\xC3\xBC \xE2\x82\xAC \xF0\x9F\x92\x9A "
                            "'; DROP TABLE x;-- \\ %41 + = & ? # [b]\r\n";
  std::string value;
  while (value.size() < 40 * 1024) value += chunk;
  return value;
}

TEST(RoundTripTest, FortyKibValueSurvivesEveryEncodingByteExact) {
  const std::string value = BigNastyValue();
  ASSERT_GE(value.size(), 40u * 1024);

  EXPECT_EQ(Value(Decode("payment[basket]=" + UrlEncode(value)), "payment[basket]"), value);
  EXPECT_EQ(Value(Decode("", kForm, "payment%5Bbasket%5D=" + UrlEncode(value)), "payment[basket]"), value);
  EXPECT_EQ(Value(Decode("", "multipart/form-data; boundary=X-BOUNDARY-X",
                         Multipart("X-BOUNDARY-X", {{"payment[basket]", value}})),
                  "payment[basket]"),
            value);

  std::string escaped;  // JSON string escaping of the value
  for (char c : value) {
    if (c == '"' || c == '\\') escaped += '\\', escaped += c;
    else if (c == '\r') escaped += "\\r";
    else if (c == '\n') escaped += "\\n";
    else escaped += c;
  }
  EXPECT_EQ(Value(Decode("", kJson, "{\"payment\":{\"basket\":\"" + escaped + "\"}}"), "payment[basket]"), value);
}

}  // namespace
}  // namespace prefill
