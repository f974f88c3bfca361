#include "http/form_api.h"

#include "forms/form_config.h"
#include "http/form_api_wire.h"

namespace prefill {
namespace {

HttpResponse CreateSession(const HttpRequest& request, const FormRegistry& forms, SessionService& sessions) {
  auto resolved = ResolveFormRequest(request, forms, /*require_api=*/true);
  if (auto* error = std::get_if<HttpResponse>(&resolved)) return *error;
  FormRequest& req = std::get<FormRequest>(resolved);

  // A client that names a session it already has must update it, not make another.
  if (const std::string* existing = req.params.Get("fbSessionHash"); existing && !existing->empty()) {
    auto found = sessions.Inspect(FormLookup{req.form, req.sandbox}, *existing);
    if (found.ok()) return NumberedError(204);
    if (!found.status().Is(Status::Code::kNotFound)) return NumberedError(NumberedErrorFor(found.status()));
  }
  std::vector<FieldInput> inputs = FieldInputsFromParams(req.params);
  if (inputs.empty()) return NumberedError(205);
  auto created = sessions.Create(*req.form, req.sandbox, inputs, Authority::kForm);
  if (!created.ok()) return NumberedError(NumberedErrorFor(created.status()));
  return SessionAnswer(created.value(), *req.form);
}

HttpResponse UpdateSession(const HttpRequest& request, const FormRegistry& forms, SessionService& sessions) {
  auto resolved = ResolveFormRequest(request, forms, /*require_api=*/true);
  if (auto* error = std::get_if<HttpResponse>(&resolved)) return *error;
  FormRequest& req = std::get<FormRequest>(resolved);
  const std::string* hash = req.params.Get("fbSessionHash");
  if (!hash || hash->empty()) return NumberedError(203);
  std::vector<FieldInput> inputs = FieldInputsFromParams(req.params);
  const FormLookup through{req.form, req.sandbox};
  auto result = inputs.empty() ? sessions.Read(through, *hash)
                               : sessions.Update(through, *hash, inputs, Authority::kForm);
  if (!result.ok()) return NumberedError(NumberedErrorFor(result.status()));
  return SessionAnswer(result.value(), *req.form);
}

HttpResponse FormsConfig(const HttpRequest& request, const FormRegistry& forms) {
  auto resolved = ResolveFormRequest(request, forms, /*require_api=*/true);
  if (auto* error = std::get_if<HttpResponse>(&resolved)) return *error;
  const Form& form = *std::get<FormRequest>(resolved).form;
  JsonWriter w;
  w.StartObject();
  w.Member("status", "success");
  w.Key("config");
  w.RawJson(FormConfigJson(form));
  w.EndObject();
  return HttpResponse::Json(200, w.Take());
}

}  // namespace

void RegisterFormApiRoutes(Router& router, const FormRegistry& forms, SessionService& sessions) {
  for (const char* method : {"GET", "POST"}) {
    router.Add(method, "/app/createSession", [&forms, &sessions](const HttpRequest& r, const PathParams&) {
      return CreateSession(r, forms, sessions);
    });
    router.Add(method, "/app/updateSession", [&forms, &sessions](const HttpRequest& r, const PathParams&) {
      return UpdateSession(r, forms, sessions);
    });
  }
  router.Add("GET", "/forms/config", [&forms](const HttpRequest& r, const PathParams&) {
    return FormsConfig(r, forms);
  }, Execution::kInline);
}

}  // namespace prefill
