#include "http/health_api.h"

namespace prefill {

void RegisterHealthRoutes(Router& router, std::function<Status()> ready_check) {
  router.Add("GET", "/healthz", [](const HttpRequest&, const PathParams&) {
    return HttpResponse::Json(200, R"({"status":"ok"})");
  }, Execution::kInline);

  router.Add("GET", "/readyz", [ready_check](const HttpRequest&, const PathParams&) {
    Status status = ready_check();
    if (status.ok()) return HttpResponse::Json(200, R"({"status":"ok","database":"up"})");
    HttpResponse response = HttpResponse::Json(503, R"({"status":"error","database":"down"})");
    response.SetHeader("Retry-After", "1");
    return response;
  });
}

}  // namespace prefill
