// The wire format of the form API (SPEC section 3), shared by every /app and
// /forms endpoint (session, payment) so each speaks it the same way:
// numbered errors, form resolution from `hash`, `payment[...]` parameters,
// and the Session / Errors JSON.
#pragma once


#include <string>
#include <variant>
#include <vector>

#include "common/status.h"
#include "forms/form.h"
#include "forms/form_registry.h"
#include "http/http_message.h"
#include "http/json_writer.h"
#include "http/request_decoding.h"
#include "session/session_merge.h"
#include "session/session_service.h"

namespace prefill {

// One numbered error of SPEC's table, as values (unknown codes are 101).
struct NumberedErrorInfo {
  int code = 101;
  int http_status = 500;
  std::string text;          // "error NNN: text"
  bool retry_after = false;  // 109 and 900 carry Retry-After: 1
};
NumberedErrorInfo NumberedErrorOf(int code);

// {"status":"error","error":"error NNN: text"} with the HTTP status of SPEC's
// table (109 and 900 also carry Retry-After). Unknown codes answer as 101.
HttpResponse NumberedError(int code);

// The numbered error for a failed core call: NotFound 203, Expired 206,
// Processed 202, Locked 207, Unavailable 900, TooLarge 107, InvalidArgument 108,
// Incomplete 201, AlreadyExists 204, anything else 101.
int NumberedErrorFor(const Status& status);

// A request's parameters and the form its `hash` names.
struct FormRequest {
  DecodedParams params;
  const Form* form = nullptr;
  bool sandbox = false;  // `hash` was the form's sandbox hash
};

// Decodes the request and resolves `hash`: 107/108 for undecodable requests,
// 105 without a hash, 106 for an unknown hash, 103 for an inactive form, and,
// when `require_api` (every /app endpoint), 104 for a form with api_enabled false.
std::variant<FormRequest, HttpResponse> ResolveFormRequest(const HttpRequest& request, const FormRegistry& forms,
                                                           bool require_api);

// `payment[x]=v` -> {x, v, false}; `payment[x_fix]=v` -> {x, v, true}, in request order.
std::vector<FieldInput> FieldInputsFromParams(const DecodedParams& params);

// The Errors JSON object, rendered in `language`.
void WriteErrorsJson(JsonWriter& w, const SessionErrors& errors, const std::string& language);

// The Session JSON object (hash, status, sandbox, expires_at, values,
// fixed_values, errors, meta_info); errors in `language` (empty: the form's;
// the hosted page passes the language it is shown in).
void WriteSessionJson(JsonWriter& w, const SessionView& view, const Form& form, const std::string& language = "");

// {"status":"success","session":{Session}} with 200.
HttpResponse SessionAnswer(const SessionView& view, const Form& form, const std::string& language = "");

}  // namespace prefill
