#include "http/form_api_wire.h"
#include "common/time_format.h"

#include <ctime>

namespace prefill {
namespace {

struct NumberedErrorRow {
  int code;
  const char* text;
  int http_status;
};

constexpr NumberedErrorRow kNumberedErrors[] = {
    {101, "general error", 500},
    {102, "not owner", 403},
    {103, "inactive", 403},
    {104, "not api owner", 403},
    {105, "no hash", 400},
    {106, "no config", 404},
    {107, "request too large", 413},
    {108, "malformed request", 400},
    {109, "too many requests", 429},
    {110, "ip required", 400},
    {111, "redirect url not allowed", 400},
    {201, "session incomplete", 400},
    {202, "session processed", 409},
    {203, "session not found", 404},
    {204, "session exists already", 409},
    {205, "new session requires values", 400},
    {206, "session expired", 410},
    {207, "session locked", 409},
    {900, "general error", 503},
};

constexpr const char* kPaymentGroup = "payment";
constexpr std::string_view kFixSuffix = "_fix";

}  // namespace

NumberedErrorInfo NumberedErrorOf(int code) {
  const NumberedErrorRow* row = &kNumberedErrors[0];
  for (const auto& candidate : kNumberedErrors) {
    if (candidate.code == code) row = &candidate;
  }
  NumberedErrorInfo info;
  info.code = row->code;
  info.http_status = row->http_status;
  info.text = "error " + std::to_string(row->code) + ": " + row->text;
  info.retry_after = row->code == 109 || row->code == 900;
  return info;
}

HttpResponse NumberedError(int code) {
  const NumberedErrorInfo info = NumberedErrorOf(code);
  JsonWriter w;
  w.StartObject();
  w.Member("status", "error");
  w.Member("error", info.text);
  w.EndObject();
  HttpResponse response = HttpResponse::Json(info.http_status, w.Take());
  if (info.retry_after) response.SetHeader("Retry-After", "1");
  return response;
}

int NumberedErrorFor(const Status& status) {
  switch (status.code()) {
    case Status::Code::kNotFound: return 203;
    case Status::Code::kExpired: return 206;
    case Status::Code::kProcessed: return 202;
    case Status::Code::kLocked: return 207;
    case Status::Code::kUnavailable: return 900;
    case Status::Code::kTooLarge: return 107;
    case Status::Code::kInvalidArgument: return 108;
    case Status::Code::kAlreadyExists: return 204;
    case Status::Code::kIncomplete: return 201;
    default: return 101;
  }
}

std::variant<FormRequest, HttpResponse> ResolveFormRequest(const HttpRequest& request, const FormRegistry& forms,
                                                           bool require_api) {
  auto decoded = DecodeParams(request);
  if (!decoded.ok()) return NumberedError(NumberedErrorFor(decoded.status()));
  FormRequest resolved;
  resolved.params = std::move(decoded.value());
  const std::string* hash = resolved.params.Get("hash");
  if (!hash || hash->empty()) return NumberedError(105);
  FormLookup lookup = forms.FindByHash(*hash);
  if (!lookup.form) return NumberedError(106);
  if (!lookup.form->active) return NumberedError(103);
  if (require_api && !lookup.form->api_enabled) return NumberedError(104);
  resolved.form = lookup.form;
  resolved.sandbox = lookup.sandbox;
  return resolved;
}

std::vector<FieldInput> FieldInputsFromParams(const DecodedParams& params) {
  std::vector<FieldInput> inputs;
  for (auto& [key, value] : params.Group(kPaymentGroup)) {
    FieldInput input;
    input.value = value;
    if (key.size() > kFixSuffix.size() && key.compare(key.size() - kFixSuffix.size(), kFixSuffix.size(), kFixSuffix) == 0) {
      input.field = key.substr(0, key.size() - kFixSuffix.size());
      input.fix = true;
    } else {
      input.field = key;
    }
    inputs.push_back(std::move(input));
  }
  return inputs;
}

void WriteErrorsJson(JsonWriter& w, const SessionErrors& errors, const std::string& language) {
  RenderedSessionErrors rendered = RenderSessionErrors(errors, language);
  w.StartObject();
  w.Key("current_fields");
  w.StartObject();
  for (const auto& [field, message] : rendered.current_fields) w.Member(field, message);
  w.EndObject();
  w.Key("other_fields");
  w.StartObject();
  for (const auto& [field, message] : rendered.other_fields) w.Member(field, message);
  w.EndObject();
  w.Key("globals");
  w.StartArray();
  for (const auto& message : rendered.globals) w.String(message);
  w.EndArray();
  w.EndObject();
}

void WriteSessionJson(JsonWriter& w, const SessionView& view, const Form& form, const std::string& language) {
  const SessionRecord& record = view.record;
  w.StartObject();
  w.Member("hash", record.hash);
  w.Member("status", view.complete ? "complete" : "incomplete");
  w.Key("sandbox");
  w.Bool(record.sandbox);
  w.Member("expires_at", Iso8601(record.expires_at));
  w.Key("values");
  w.StartObject();
  for (const auto& [field, value] : record.values) w.Member(field, value);
  w.EndObject();
  w.Key("fixed_values");
  w.StartObject();
  for (const auto& field : record.fixed) w.Member(field, "fix");
  w.EndObject();
  w.Key("errors");
  WriteErrorsJson(w, view.errors, language.empty() ? form.language() : language);
  w.Key("meta_info");
  w.StartObject();
  for (const auto& [key, value] : record.metadata) w.Member(key, value);
  w.EndObject();
  w.EndObject();
}

HttpResponse SessionAnswer(const SessionView& view, const Form& form, const std::string& language) {
  JsonWriter w;
  w.StartObject();
  w.Member("status", "success");
  w.Key("session");
  WriteSessionJson(w, view, form, language);
  w.EndObject();
  return HttpResponse::Json(200, w.Take());
}

}  // namespace prefill
