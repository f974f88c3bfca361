#include "common/status.h"

#include <cstdio>
#include <cstdlib>

namespace prefill {

std::string Status::ToString() const {
  const char* name = "OK";
  switch (code_) {
    case Code::kOk: return "OK";
    case Code::kNotFound: name = "NotFound"; break;
    case Code::kInvalidArgument: name = "InvalidArgument"; break;
    case Code::kAlreadyExists: name = "AlreadyExists"; break;
    case Code::kConflict: name = "Conflict"; break;
    case Code::kExpired: name = "Expired"; break;
    case Code::kLocked: name = "Locked"; break;
    case Code::kProcessed: name = "Processed"; break;
    case Code::kUnavailable: name = "Unavailable"; break;
    case Code::kForbidden: name = "Forbidden"; break;
    case Code::kInternal: name = "Internal"; break;
    case Code::kTooLarge: name = "TooLarge"; break;
    case Code::kIncomplete: name = "Incomplete"; break;
  }
  return std::string(name) + ": " + message_;
}

void DieOnValueOfFailedResult(const Status& status) {
  if (status.ok()) {
    std::fprintf(stderr, "prefill: a Result was made from an OK Status without a value\n");
  } else {
    std::fprintf(stderr, "prefill: value() of a failed Result: %s\n", status.ToString().c_str());
  }
  std::fflush(stderr);
  std::abort();
}

}  // namespace prefill
