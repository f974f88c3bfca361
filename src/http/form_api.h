// The session endpoints of the form API (FundraisingBox-compatible, SPEC section 3):
//   GET|POST /app/createSession, GET|POST /app/updateSession, GET /forms/config.
// Authenticated by the public form hash only. Translates requests into
// SessionService calls and results into the wire format of form_api_wire.h.
#pragma once

#include "forms/form_registry.h"
#include "http/router.h"
#include "session/session_service.h"

namespace prefill {

void RegisterFormApiRoutes(Router& router, const FormRegistry& forms, SessionService& sessions);

}  // namespace prefill
