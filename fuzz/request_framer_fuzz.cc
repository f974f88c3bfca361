// The request framer: any bytes, whole or split at any point, give the same
// outcome, never a crash; a framed request's consumed bytes are within the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/request_framer.h"

using prefill::RequestFramer;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  size_t split = data[0] % (size);  // where a second read ends the first
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  prefill::FramingLimits limits{512, 1024};

  RequestFramer whole(limits);
  RequestFramer::Step a = whole.Next(input);
  RequestFramer parts(limits);
  RequestFramer::Step b = parts.Next(input.substr(0, split < input.size() ? split : input.size()));
  if (b == RequestFramer::Step::kNeedMore) b = parts.Next(input);
  // A prefix may already be an error or a request only if the whole is too.
  if (a != b) std::abort();
  if (a == RequestFramer::Step::kRequest) {
    if (whole.consumed() > input.size() || whole.consumed() != parts.consumed()) std::abort();
    if (whole.request().body != parts.request().body || whole.request().path != parts.request().path) std::abort();
    if (whole.request().body.size() > limits.max_body_bytes) std::abort();
  }
  if (a == RequestFramer::Step::kError && whole.error_status() < 400) std::abort();
  return 0;
}
