#include "http/rest_wire.h"

#include <algorithm>
#include <cctype>

#include "common/time_format.h"
#include "forms/decimal_amount.h"
#include "http/form_api_wire.h"
#include "rest/session_pager.h"
#include "validators/card_guard.h"

namespace prefill {
namespace {

const char* Title(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}

void WriteStringMap(JsonWriter& w, const std::map<std::string, std::string>& map) {
  w.StartObject();
  for (const auto& [key, value] : map) w.Member(key, value);
  w.EndObject();
}

// The members only commerce sessions have (SPEC 7.1, docs/rest-api.md).
void WriteCommerce(JsonWriter& w, const CommerceView& commerce, const RestSession& session) {
  const CommerceTerms& t = commerce.terms;
  w.Member("amount", FormatCents(t.amount));
  w.Key("campaigns");
  w.StartArray();
  for (const auto& c : t.campaigns) w.String(c);
  w.EndArray();
  if (IsInteractive(t.type)) {
    w.Key("campaign");
    if (t.chosen) {
      w.String(*t.chosen);
    } else {
      w.Null();
    }
  } else {
    w.Key("allocations");
    w.StartArray();
    for (const auto& a : t.allocations) {
      w.StartObject();
      w.Member("campaign", a.campaign);
      w.Member("amount", FormatCents(a.amount));
      w.EndObject();
    }
    w.EndArray();
  }
  w.Key("donations");
  w.StartArray();
  for (const auto& d : commerce.donations) WriteDonation(w, d);
  w.EndArray();
  if (session.session_secret) w.Member("sessionSecret", *session.session_secret);
  if (session.available_campaigns) {
    w.Key("availableCampaigns");
    w.StartArray();
    for (const Form* f : *session.available_campaigns) {
      w.StartObject();
      w.Member("id", f->id);
      w.Member("name", f->name);
      w.EndObject();
    }
    w.EndArray();
  }
}

}  // namespace

HttpResponse RestError(int status, const std::string& code, const std::string& message,
                       const std::vector<std::string>& reasons) {
  JsonWriter w;
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Member("code", code);
  w.Member("title", Title(status));
  w.Member("message", message);
  w.Key("reasons");
  w.StartArray();
  for (const auto& reason : reasons) w.String(reason);
  w.EndArray();
  w.EndObject();
  w.EndObject();
  HttpResponse response = HttpResponse::Json(status, w.Take());
  if (status == 401) response.SetHeader("WWW-Authenticate", "Bearer realm=\"prefill\"");
  if (status == 503) response.SetHeader("Retry-After", "1");
  return response;
}

HttpResponse RestBodyError(const BodyRefusal& refusal) {
  return RestError(400, refusal.code, refusal.message, refusal.reasons);
}

void RefuseUnknownParams(const DecodedParams& params, std::initializer_list<const char*> allowed,
                         std::vector<std::string>* reasons) {
  for (const auto& [name, value] : params.entries()) {
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; })) {
      const bool card = validators::HoldsCardNumber(name, validators::TextKind::kData);
      reasons->push_back("unknown parameter: " + (card ? std::string("a name holding a card number") : name.substr(0, 64)));
    }
  }
}

int ReadPageSize(const DecodedParams& params, std::vector<std::string>* reasons) {
  const std::string* p = params.Get("pageSize");
  if (!p) return kDefaultPageSize;
  const bool digits = !p->empty() && p->size() <= 4 && std::all_of(p->begin(), p->end(), ::isdigit);
  const int n = digits ? std::stoi(*p) : 0;
  if (n >= 1 && n <= kMaxPageSize) return n;
  reasons->push_back("pageSize must be an integer from 1 to " + std::to_string(kMaxPageSize));
  return 0;
}

std::optional<HttpResponse> ReadRestQuery(const HttpRequest& request, std::initializer_list<const char*> allowed,
                                          DecodedParams* out) {
  auto params = DecodeParams(request);
  if (!params.ok()) return RestErrorFor(params.status());
  std::vector<std::string> reasons;
  RefuseUnknownParams(*params, allowed, &reasons);
  if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
  *out = std::move(params.value());
  return std::nullopt;
}

HttpResponse RestErrorFor(const Status& status) {
  switch (status.code()) {
    case Status::Code::kNotFound:
      return RestError(404, "not_found", "No such donation session.");
    case Status::Code::kExpired:
      return RestError(410, "donation_session/expired", "The donation session has expired.");
    case Status::Code::kProcessed:
      return RestError(409, "donation_session/completed", "The donation session is already completed.");
    case Status::Code::kLocked:
      return RestError(409, "donation_session/processing", "The donation session is being processed.");
    case Status::Code::kInvalidArgument:
      return RestError(400, "bad_request", "The request is invalid.", {status.message()});
    case Status::Code::kIncomplete:
      return RestError(422, "donation_session/incomplete", "The donation session is not complete.");
    case Status::Code::kTooLarge:
      return RestError(413, "request_too_large", "The request is too large.", {status.message()});
    case Status::Code::kUnavailable:
      return RestError(503, "service_unavailable", "The service is temporarily unavailable, try again.");
    default:
      return RestError(500, "internal_error", "An internal error occurred.");
  }
}

std::string HostedSessionUrl(const std::string& base_url, const Form& form, const SessionRecord& record) {
  const std::string& form_hash = record.sandbox && !form.sandbox_hash.empty() ? form.sandbox_hash : form.hash;
  // Form hashes and session hashes are URL-safe by construction.
  return base_url + "/form/" + form_hash + "?fbSessionHash=" + record.hash;
}

void WriteRestSession(JsonWriter& w, const RestSession& session) {
  const SessionRecord& record = session.view->record;
  const SessionAttributes& attributes = *session.attributes;
  const std::string language =
      !attributes.language.empty() ? attributes.language : (session.form ? session.form->language() : "en");
  const std::string currency =
      !attributes.currency.empty() ? attributes.currency : (session.form ? session.form->currency() : "");

  w.StartObject();
  w.Member("id", record.hash);
  w.Member("object", "donation_session");
  w.Member("fbSessionHash", record.hash);
  w.Member("formId", record.form_id);
  w.Member("type", attributes.type);
  w.Member("status", SessionStateName(record.state));
  w.Key("complete");
  w.Bool(session.view->complete);
  w.Key("sandbox");
  w.Bool(record.sandbox);
  w.Key("values");
  WriteStringMap(w, record.values);
  w.Key("fixedValues");
  w.StartObject();
  // A commerce session's only lock is its empty amount (rest/commerce_sessions.cc),
  // which keeps the form API from completing it; not a value the shop set.
  if (!session.commerce) {
    for (const std::string& field : record.fixed) {
      auto value = record.values.find(field);
      w.Member(field, value == record.values.end() ? "" : value->second);
    }
  }
  w.EndObject();

  RenderedSessionErrors errors = RenderSessionErrors(session.view->errors, language);
  w.Key("errors");
  w.StartObject();
  w.Key("currentFields");
  WriteStringMap(w, errors.current_fields);
  w.Key("otherFields");
  WriteStringMap(w, errors.other_fields);
  w.Key("globals");
  w.StartArray();
  for (const auto& message : errors.globals) w.String(message);
  w.EndArray();
  w.EndObject();

  if (!session.hide_metadata) {
    w.Key("metadata");
    WriteStringMap(w, record.metadata);
  }
  w.MemberOrNull("url", session.url);
  w.MemberOrNull("successUrl", attributes.success_url);
  w.MemberOrNull("userId", attributes.user_id);
  w.MemberOrNull("accountId", attributes.account_id);
  w.Member("language", language);
  w.MemberOrNull("currency", currency);
  w.Member("createdAt", Iso8601(record.created_at));
  w.Member("updatedAt", Iso8601(record.updated_at));
  w.Member("expiresAt", Iso8601(record.expires_at));
  if (session.commerce) WriteCommerce(w, *session.commerce, session);
  w.EndObject();
}

void WriteDonation(JsonWriter& w, const DonationIntent& d) {
  w.StartObject();
  w.Member("id", d.id);
  w.Member("object", "donation");
  w.Member("session", d.session_hash);
  w.Member("campaign", d.campaign);
  w.Member("amount", FormatCents(d.amount));
  w.Member("currency", d.currency);
  w.Member("status", d.status);
  w.Key("sandbox");
  w.Bool(d.sandbox);
  w.Member("createdAt", Iso8601(d.created_at));
  w.EndObject();
}

HttpResponse RestSessionAnswer(int status, const RestSession& session) {
  JsonWriter w;
  w.StartObject();
  w.Key("data");
  WriteRestSession(w, session);
  w.Member("object", "donation_session");
  w.EndObject();
  return HttpResponse::Json(status, w.Take());
}

}  // namespace prefill
