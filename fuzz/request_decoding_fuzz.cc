// Request decoding (query string, urlencoded, multipart, JSON): the first byte picks
// where the rest goes; decoding never crashes, and what it returns keeps its promises
// (valid UTF-8 names and values, no NUL in a name) or is InvalidArgument / TooLarge.
// A NUL inside a value is kept: the validators refuse it as a field error on that
// field (SPEC §2), so the rest of the request can still be stored.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/request_decoding.h"
#include "validators/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  prefill::HttpRequest request;
  request.method = "POST";
  request.path = "/app/createSession";
  std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: request.query = rest; break;
    case 1: request.headers.emplace("content-type", "application/x-www-form-urlencoded"); request.body = rest; break;
    case 2: request.headers.emplace("content-type", "multipart/form-data; boundary=XyZ"); request.body = rest; break;
    case 3: request.headers.emplace("content-type", "application/json"); request.body = rest; break;
    default: {
      size_t cut = rest.find('\n');  // a content type of its own, then the body
      request.headers.emplace("content-type", rest.substr(0, cut));
      request.body = cut == std::string::npos ? "" : rest.substr(cut + 1);
    }
  }
  auto result = prefill::DecodeParams(request);
  if (!result.ok()) {
    if (!result.status().Is(prefill::Status::Code::kInvalidArgument) && !result.status().Is(prefill::Status::Code::kTooLarge)) std::abort();
    return 0;
  }
  for (const auto& [name, value] : result->entries()) {
    if (name.empty() || !prefill::validators::IsValidUtf8(name) || !prefill::validators::IsValidUtf8(value)) std::abort();
    if (name.find('\0') != std::string::npos) std::abort();
  }
  return 0;
}
