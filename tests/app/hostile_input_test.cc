// SPEC section 8: bad input of every kind gets a clear error and never crashes
// the server or corrupts stored data. Each case goes over a real socket to a
// running server; afterwards the server still answers and a session stored
// before is unchanged.
#include "support/json.h"  // first: RapidJSON throws on misuse

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "support/test_app.h"

namespace prefill {
namespace {

using prefill::testing::ClientResponse;
using prefill::testing::ParseJson;
using prefill::testing::Str;
using prefill::testing::TestApp;

class HostileInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    app_ = new TestApp("hostile_input");
    session_ = app_->CreateFormSession("demo_live_hash_0001", "payment[amount]=12&payment[first_name]=Beate");
  }
  static void TearDownTestSuite() { delete app_; }

  static void ExpectServerAndDataIntact() {
    auto r = app_->client().Get("/app/updateSession?hash=demo_live_hash_0001&fbSessionHash=" + session_);
    ASSERT_EQ(r.status, 200) << r.body;
    auto d = ParseJson(r);
    EXPECT_EQ(Str(d["session"]["values"]["amount"]), "12.00");
    EXPECT_EQ(Str(d["session"]["values"]["first_name"]), "Beate");
  }
  static std::string Post(const std::string& path, const std::string& body, const std::string& type) {
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " + type +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }

  static TestApp* app_;
  static std::string session_;
};
TestApp* HostileInputTest::app_ = nullptr;
std::string HostileInputTest::session_;

TEST_F(HostileInputTest, MalformedBodiesGetNumberedErrors) {
  const std::string update = "/app/updateSession";
  const std::string target = "hash=demo_live_hash_0001&fbSessionHash=" + session_;
  struct Case {
    std::string name, raw;
    int status;
  };
  std::string deep_json = "{\"hash\":\"demo_live_hash_0001\",\"payment\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
  std::vector<Case> cases = {
      {"invalid UTF-8", Post(update, target + "&payment[first_name]=%C3%28", "application/x-www-form-urlencoded"), 400},
      {"bad escape", Post(update, target + "&payment[first_name]=%G1", "application/x-www-form-urlencoded"), 400},
      {"deep JSON", Post(update, deep_json, "application/json"), 400},
      {"truncated JSON", Post(update, "{\"hash\":\"demo_live_hash_0001\",\"payment\":{\"amount\":", "application/json"), 400},
      {"JSON array", Post(update, "[1,2,3]", "application/json"), 400},
      {"nested brackets", Post(update, target + "&payment[a][b]=1", "application/x-www-form-urlencoded"), 400},
      {"multipart without end", Post(update, "--b\r\nContent-Disposition: form-data; name=\"hash\"\r\n\r\nx",
                                     "multipart/form-data; boundary=b"), 400},
      {"unknown content type", Post(update, "<xml/>", "application/xml"), 400},
      {"NUL in a name", Post(update, target + "&payment[first%00name]=a", "application/x-www-form-urlencoded"), 400},
  };
  for (const auto& c : cases) {
    ClientResponse r = app_->client().SendRaw(c.raw);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    EXPECT_NE(r.body.find("error 108: malformed request"), std::string::npos) << c.name << ": " << r.body;
  }
  ExpectServerAndDataIntact();
}

TEST_F(HostileInputTest, CardNumbersInHiddenJsonAndTypedWithSeparatorsAreRefused) {
  // Issue 16: these reached the database.
  for (const std::string& value : {std::string(R"({"pan":"4111111111111111"})"), std::string("4111  1111  1111  1111"),
                                   std::string("4111.1111.1111.1111")}) {
    for (const char* field : {"basket", "first_name"}) {
      std::string body = "hash=demo_live_hash_0001&fbSessionHash=" + session_ + "&payment%5B" + field +
                         "%5D=" + prefill::testing::UrlEncode(value);
      auto r = app_->client().Post("/app/updateSession", body);
      ASSERT_EQ(r.status, 200) << r.body;
      auto d = ParseJson(r);
      EXPECT_TRUE(d["session"]["errors"]["current_fields"].HasMember(field)) << field << " " << value << ": " << r.body;
      EXPECT_EQ(prefill::testing::Without(r.body, session_).find("4111"), std::string::npos) << r.body;
    }
  }
  auto read = app_->client().Get("/app/updateSession?hash=demo_live_hash_0001&fbSessionHash=" + session_);
  EXPECT_EQ(prefill::testing::Without(read.body, session_).find("4111"), std::string::npos) << read.body;
  ExpectServerAndDataIntact();
}

// SPEC section 2: a NUL byte in a value is a control character - an error on that
// field, while the rest of the request is stored - not error 108 for the request.
TEST_F(HostileInputTest, NulByteInAValueIsAFieldErrorAndTheRestIsStored) {
  for (const std::string& raw :
       {Post("/app/updateSession", "hash=demo_live_hash_0001&fbSessionHash=" + session_ +
                                       "&payment[first_name]=a%00b&payment[city]=Bremen",
             "application/x-www-form-urlencoded"),
        Post("/app/updateSession",
             R"({"hash":"demo_live_hash_0001","fbSessionHash":")" + session_ +
                 R"(","payment":{"first_name":"a\u0000b","city":"Bremen"}})",
             "application/json")}) {
    ClientResponse r = app_->client().SendRaw(raw);
    ASSERT_EQ(r.status, 200) << r.body;
    auto d = ParseJson(r);
    EXPECT_TRUE(d["session"]["errors"]["current_fields"].HasMember("first_name")) << r.body;
    EXPECT_EQ(Str(d["session"]["values"]["city"]), "Bremen") << r.body;
    EXPECT_EQ(r.body.find(std::string(1, '\0')), std::string::npos);
    EXPECT_EQ(r.body.find("\\u0000"), std::string::npos) << "the refused value is not echoed";
  }
  ExpectServerAndDataIntact();
}

TEST_F(HostileInputTest, TooManyParametersIsRefused) {
  std::string body = "hash=demo_live_hash_0001";
  for (int i = 0; i < 5000; ++i) body += "&payment[f" + std::to_string(i) + "]=1";
  auto r = app_->client().SendRaw(Post("/app/createSession", body, "application/x-www-form-urlencoded"));
  EXPECT_TRUE(r.status == 413 || r.status == 400) << r.status << " " << r.body;
  ExpectServerAndDataIntact();
}

TEST_F(HostileInputTest, DuplicatedParametersTakeTheLastValue) {
  auto r = app_->client().Post("/app/createSession",
                               "hash=demo_live_hash_0001&payment[city]=First&payment[city]=Last");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(ParseJson(r)["session"]["values"]["city"]), "Last");
}

TEST_F(HostileInputTest, HtmlAndSqlInHashesAreJustUnknownHashes) {
  for (std::string hash : {"%3Cscript%3Ealert(1)%3C%2Fscript%3E", "x'%20OR%20'1'%3D'1", "..%2F..%2Fetc%2Fpasswd"}) {
    auto r = app_->client().Get("/app/updateSession?hash=demo_live_hash_0001&fbSessionHash=" + hash);
    EXPECT_EQ(r.status, 404) << hash;
    EXPECT_EQ(r.body.find("<script>"), std::string::npos);
    EXPECT_EQ(app_->client().Get("/forms/config?hash=" + hash).status, 404) << hash;
  }
  ExpectServerAndDataIntact();
}

TEST_F(HostileInputTest, TruncatedAndGarbageRequestsDoNotHurtTheServer) {
  std::mt19937 random(20261121);
  std::vector<std::string> raws = {
      "GET /healthz HTTP/1.1\r\nHost: x\r\n",                                      // no blank line
      "POST /app/createSession HTTP/1.1\r\nContent-Length: 100\r\n\r\nhash=demo",  // body cut short
      "\r\n\r\n\r\n",
      "GARBAGE\r\n\r\n",
      "GET /" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nX-Big: " + std::string(100000, 'h') + "\r\n\r\n",
  };
  for (int i = 0; i < 50; ++i) {
    std::string noise(1 + random() % 2000, '\0');
    for (char& c : noise) c = static_cast<char>(random() % 256);
    raws.push_back(noise);
  }
  // Detached, and owning copies: a truncated request may keep its connection
  // waiting until the client's own timeout, long after this test.
  for (const auto& raw : raws) {
    std::thread([raw, client = app_->client()] { client.SendRaw(raw); }).detach();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(app_->client().Get("/healthz").status, 200);
  ExpectServerAndDataIntact();
}

}  // namespace
}  // namespace prefill
