#include "common/fault_point.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace prefill {

void FaultPoint(const char* name) {
  const char* armed = std::getenv("PREFILL_FAULT_POINT");
  if (armed != nullptr && std::strcmp(armed, name) == 0) _exit(kFaultPointExitCode);
}

}  // namespace prefill
