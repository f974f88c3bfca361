#include "common/status.h"

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
  }
  return std::string(name) + ": " + message_;
}

}  // namespace prefill
