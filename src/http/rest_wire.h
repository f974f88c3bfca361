// The wire format of the REST API (SPEC section 7), shared by its endpoints:
//   success: {"data": <resource>, "object": "donation_session"}
//            {"object": "list", "data": [...], "totalResults", "pageSize", "_links"}
//   error:   {"error": {"code", "title", "message", "reasons": [...]}}
// and the DonationSession resource. docs/rest-api.md lists every error code.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "forms/form.h"
#include "http/http_message.h"
#include "http/json_writer.h"
#include "http/request_decoding.h"
#include "rest/commerce.h"
#include "rest/rest_bodies.h"
#include "rest/session_attributes.h"
#include "session/session_service.h"

namespace prefill {

// An error answer. `title` is the reason phrase of `status`. 401 also carries
// WWW-Authenticate: Bearer, 503 Retry-After.
HttpResponse RestError(int status, const std::string& code, const std::string& message,
                       const std::vector<std::string>& reasons = {});

// The error answer for a failed core call: NotFound 404 not_found, Expired 410
// donation_session/expired, Processed 409 donation_session/completed, Locked 409
// donation_session/processing, InvalidArgument 400 bad_request, Incomplete 422
// donation_session/incomplete (without reasons), TooLarge 413
// request_too_large, Unavailable 503 service_unavailable, others 500 internal_error.
HttpResponse RestErrorFor(const Status& status);

// The 400 answer of a refused body (rest/rest_bodies.h).
HttpResponse RestBodyError(const BodyRefusal& refusal);

// Query parameters of every /v1 list and lookup, read by one rule:
// RefuseUnknownParams appends "unknown parameter: <name>" for each name not in
// `allowed` (a name that holds a card number is not repeated: "unknown
// parameter: a name holding a card number"); ReadPageSize reads `pageSize`
// (absent: kDefaultPageSize) as an integer from 1 to kMaxPageSize
// (rest/session_pager.h), else appends a reason and returns 0.
void RefuseUnknownParams(const DecodedParams& params, std::initializer_list<const char*> allowed,
                         std::vector<std::string>* reasons);
int ReadPageSize(const DecodedParams& params, std::vector<std::string>* reasons);

// Decodes the query of `request` into *out when every parameter is in
// `allowed`; otherwise returns the answer to send instead: the decoder's
// refusal, or 400 bad_request with a reason per unknown parameter.
std::optional<HttpResponse> ReadRestQuery(const HttpRequest& request, std::initializer_list<const char*> allowed,
                                          DecodedParams* out);

// {"data": <what write(w) writes>, "object": `object`} with `status`: the
// envelope of every REST resource that is not a session.
template <typename Write>
HttpResponse Envelope(int status, const char* object, Write write) {
  JsonWriter w;
  w.StartObject();
  w.Key("data");
  write(w);
  w.Member("object", object);
  w.EndObject();
  return HttpResponse::Json(status, w.Take());
}

// Everything needed to render one session.
struct RestSession {
  const SessionView* view = nullptr;
  const Form* form = nullptr;  // null if the session's form is no longer loaded
  const SessionAttributes* attributes = nullptr;
  std::string url;  // hosted page with fbSessionHash
  const CommerceView* commerce = nullptr;  // a commerce session's terms and donations (SPEC 7.1)
  bool hide_metadata = false;              // read with a session secret: no `metadata` member
  // The create answer of an interactive session only: its secret and campaigns.
  const std::string* session_secret = nullptr;
  const std::vector<const Form*>* available_campaigns = nullptr;
};

// A donation intent: {"id","object":"donation","session","campaign","amount",
// "currency","status","sandbox","createdAt"}.
void WriteDonation(JsonWriter& w, const DonationIntent& donation);

// The DonationSession object (see docs/rest-api.md).
void WriteRestSession(JsonWriter& w, const RestSession& session);

// {"data": <session>, "object": "donation_session"} with `status`.
HttpResponse RestSessionAnswer(int status, const RestSession& session);

// <base>/form/<form hash or sandbox hash>?fbSessionHash=<hash>
std::string HostedSessionUrl(const std::string& base_url, const Form& form, const SessionRecord& record);

}  // namespace prefill
