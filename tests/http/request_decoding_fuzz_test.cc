// Bounded, deterministic fuzzing of DecodeParams: random and mutated inputs
// must always give either parameters that keep the decoder's promises or a
// TooLarge / InvalidArgument status - never a crash, hang or other code.
#include "http/request_decoding.h"
#include "validators/text.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace prefill {
namespace {

// Returns whether the input decoded.
bool CheckOutcome(const Result<DecodedParams>& result, const std::string& what) {
  if (!result.ok()) {
    const Status& s = result.status();
    EXPECT_TRUE(s.Is(Status::Code::kInvalidArgument) || s.Is(Status::Code::kTooLarge)) << what << s.ToString();
    EXPECT_FALSE(s.message().empty()) << what;
    return false;
  }
  for (const auto& [name, value] : result->entries()) {
    EXPECT_FALSE(name.empty()) << what;
    EXPECT_TRUE(validators::IsValidUtf8(name)) << what;
    EXPECT_TRUE(validators::IsValidUtf8(value)) << what;
    // A NUL byte may stand in a value (the field's validator refuses it), never in a name.
    EXPECT_EQ(name.find('\0'), std::string::npos) << what;
    EXPECT_LE(name.size(), DecodeLimits().max_name_bytes) << what;
  }
  EXPECT_LE(result->size(), DecodeLimits().max_params) << what;
  return true;
}

class Fuzzer {
 public:
  explicit Fuzzer(unsigned seed) : rng_(seed) {}

  std::size_t Below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  std::string RandomBytes(std::size_t max_len) {
    // Biased towards the bytes the parsers care about.
    static const std::string kInteresting = "%+&=[]{}\"\\:,\r\n-; \t\x00\xFF\xC3\xA4\xED\xF0";
    std::string out(Below(max_len + 1), '\0');
    for (char& c : out) c = Below(3) == 0 ? kInteresting[Below(kInteresting.size())] : static_cast<char>(Below(256));
    return out;
  }

  std::string Mutate(std::string text) {
    const std::size_t edits = 1 + Below(4);
    for (std::size_t i = 0; i < edits && !text.empty(); ++i) {
      const std::size_t at = Below(text.size());
      switch (Below(4)) {
        case 0: text[at] = static_cast<char>(Below(256)); break;
        case 1: text.erase(at, 1 + Below(8)); break;
        case 2: text.insert(at, RandomBytes(6)); break;
        case 3: text.resize(at); break;  // truncation
      }
    }
    return text;
  }

 private:
  std::mt19937 rng_;
};

const std::vector<std::string> kContentTypes = {
    "", "application/x-www-form-urlencoded", "application/json", "multipart/form-data; boundary=B0undary",
    "multipart/form-data; boundary=\"B0undary\"", "text/plain", "multipart/form-data"};

TEST(DecodeFuzzTest, RandomBytesNeverCrash) {
  Fuzzer fuzz(20240607);
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    HttpRequest request;
    request.query = fuzz.RandomBytes(64);
    request.body = fuzz.RandomBytes(256);
    const std::string& type = kContentTypes[fuzz.Below(kContentTypes.size())];
    if (!type.empty()) request.headers.emplace("content-type", type);
    decoded += CheckOutcome(DecodeParams(request), "iteration " + std::to_string(i) + ": ");
    if (HasFailure()) return;
  }
  EXPECT_GT(decoded, 0);  // some random inputs are valid (e.g. a query without '%')
}

TEST(DecodeFuzzTest, MutatedValidBodiesNeverCrash) {
  const std::vector<std::pair<std::string, std::string>> seeds = {
      {"application/json", R"({"hash":"abc","payment":{"amount":12.5,"ok":true,"z":null,"s":"\u00e4\n"}})"},
      {"application/x-www-form-urlencoded", "hash=abc&payment%5Bamount%5D=12&payment[email]=a%40b.de&x=%C3%A4+1"},
      {"multipart/form-data; boundary=B0undary",
       "pre\r\n--B0undary\r\nContent-Disposition: form-data; name=\"hash\"\r\n\r\nabc\r\n"
       "--B0undary\r\nContent-Disposition: form-data; name=\"payment[message]\"\r\n"
       "Content-Type: text/plain; charset=utf-8\r\n\r\nline\r\nline\r\n"
       "--B0undary\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n\xFF\r\n"
       "--B0undary--\r\n"},
  };
  // The unmutated seeds decode, so mutations start from the interesting paths.
  for (const auto& [type, body] : seeds) {
    HttpRequest request;
    request.headers.emplace("content-type", type);
    request.body = body;
    auto result = DecodeParams(request);
    ASSERT_TRUE(result.ok()) << type << ": " << result.status().ToString();
  }
  Fuzzer fuzz(7);
  int decoded = 0;
  for (int i = 0; i < 30000; ++i) {
    const auto& [type, body] = seeds[fuzz.Below(seeds.size())];
    HttpRequest request;
    request.headers.emplace("content-type", type);
    request.body = fuzz.Mutate(body);
    decoded += CheckOutcome(DecodeParams(request), "iteration " + std::to_string(i) + ": ");
    if (HasFailure()) return;
  }
  // Both outcomes occur, so the mutations reach past the first syntax check.
  EXPECT_GT(decoded, 1000);
  EXPECT_LT(decoded, 29000);
}

}  // namespace
}  // namespace prefill
