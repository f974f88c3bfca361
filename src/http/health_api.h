// Health endpoints: GET /healthz (the process answers; never touches the
// database) and GET /readyz (the database answers a round trip: 200, else 503).
#pragma once

#include <functional>

#include "common/status.h"
#include "http/router.h"

namespace prefill {

void RegisterHealthRoutes(Router& router, std::function<Status()> ready_check);

}  // namespace prefill
