#include "http/webhook_api.h"

#include <algorithm>
#include <map>
#include <memory>

#include "common/time_format.h"
#include "http/json_writer.h"
#include "http/request_decoding.h"
#include "http/rest_wire.h"

namespace prefill {
namespace {

using webhooks::Attempt;
using webhooks::Endpoint;
using webhooks::EndpointProblem;

void WriteEndpoint(JsonWriter& w, const Endpoint& e, const std::string* secret) {
  w.StartObject();
  w.Member("id", e.id);
  w.Member("url", e.url);
  w.Key("events");
  w.StartArray();
  if (e.events.all) {
    w.String("*");
  } else {
    for (const std::string& type : e.events.types) w.String(type);
  }
  w.EndArray();
  w.MemberOrNull("formId", e.form_id);
  w.Member("status", e.enabled ? "enabled" : "disabled");
  w.MemberOrNull("disabledReason", e.disabled_reason);
  w.Member("createdAt", Iso8601(e.created_at));
  if (secret) w.Member("secret", *secret);
  w.EndObject();
}

void WriteAttempt(JsonWriter& w, const Attempt& a) {
  w.StartObject();
  w.Member("eventId", a.event_id);
  w.Member("type", a.event_type);
  w.Key("attempt");
  w.Int(a.attempt);
  w.Member("attemptedAt", Iso8601(a.attempted_at));
  w.Key("httpStatus");
  if (a.http_status) {
    w.Int(*a.http_status);
  } else {
    w.Null();
  }
  w.MemberOrNull("error", a.error);
  w.Key("nextAttemptAt");
  if (a.next_attempt_at) {
    w.String(Iso8601(*a.next_attempt_at));
  } else {
    w.Null();
  }
  w.Key("durationMs");
  w.Int(a.duration_ms);
  w.EndObject();
}

const char* RefusalCode(EndpointProblem problem) {
  switch (problem) {
    case EndpointProblem::kInvalidUrl: return "webhook_endpoint/invalid_url";
    case EndpointProblem::kInsecureUrl: return "webhook_endpoint/insecure_url";
    case EndpointProblem::kCredentialsInUrl: return "webhook_endpoint/credentials_in_url";
    case EndpointProblem::kPrivateAddress: return "webhook_endpoint/private_address";
    case EndpointProblem::kInvalidEvents: return "webhook_endpoint/invalid_events";
    case EndpointProblem::kFormNotFound: return "webhook_endpoint/form_not_found";
  }
  return "bad_request";
}

const char* RefusalMessage(EndpointProblem problem) {
  switch (problem) {
    case EndpointProblem::kInvalidUrl: return "The url is not an absolute https URL.";
    case EndpointProblem::kInsecureUrl: return "The url must be https://.";
    case EndpointProblem::kCredentialsInUrl: return "The url must not carry a user name or password.";
    case EndpointProblem::kPrivateAddress: return "The url points at a loopback, private or otherwise non-public address.";
    case EndpointProblem::kInvalidEvents: return "The events are not a list of known event types or [\"*\"].";
    case EndpointProblem::kFormNotFound: return "No form has this formId.";
  }
  return "The request is invalid.";
}

class WebhookApi {
 public:
  explicit WebhookApi(webhooks::WebhookEndpoints* endpoints) : endpoints_(endpoints) {}

  HttpResponse Create(const HttpRequest& request, const PathParams&) {
    auto body = DecodeWebhookEndpoint(request.body);
    if (!body.ok()) return RestBodyError(body.refusal());
    webhooks::EndpointRequest req{std::move(body.value().url), std::move(body.value().events),
                                  std::move(body.value().form_id)};
    webhooks::CreateOutcome outcome = endpoints_->Create(req);
    if (auto* refusal = std::get_if<webhooks::EndpointRefusal>(&outcome)) {
      return RestError(400, RefusalCode(refusal->problem), RefusalMessage(refusal->problem), {refusal->reason});
    }
    if (auto* failed = std::get_if<Status>(&outcome)) return RestErrorFor(*failed);
    const auto& created = std::get<webhooks::CreatedEndpoint>(outcome);
    return Envelope(201, "webhook_endpoint", [&](JsonWriter& w) { WriteEndpoint(w, created.endpoint, &created.secret); });
  }

  HttpResponse List(const HttpRequest& request, const PathParams&) {
    DecodedParams q;
    if (auto bad = ReadRestQuery(request, {}, &q)) return *bad;
    auto endpoints = endpoints_->List();
    if (!endpoints.ok()) return RestErrorFor(endpoints.status());
    return Envelope(200, "list", [&](JsonWriter& w) {
      w.StartArray();
      for (const Endpoint& e : *endpoints) WriteEndpoint(w, e, nullptr);
      w.EndArray();
    });
  }

  HttpResponse Delete(const HttpRequest&, const PathParams& params) {
    Status s = endpoints_->Delete(params.at("id"));
    if (s.Is(Status::Code::kNotFound)) return RestError(404, "not_found", "No such webhook endpoint.");
    if (!s.ok()) return RestErrorFor(s);
    return Envelope(200, "webhook_endpoint", [&](JsonWriter& w) {
      w.StartObject();
      w.Member("id", params.at("id"));
      w.Key("deleted");
      w.Bool(true);
      w.EndObject();
    });
  }

  HttpResponse Deliveries(const HttpRequest& request, const PathParams& params) {
    DecodedParams q;
    if (auto bad = ReadRestQuery(request, {"pageSize"}, &q)) return *bad;
    std::vector<std::string> reasons;
    const int page_size = ReadPageSize(q, &reasons);
    if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
    auto attempts = endpoints_->Deliveries(params.at("id"), page_size);
    if (attempts.status().Is(Status::Code::kNotFound)) return RestError(404, "not_found", "No such webhook endpoint.");
    if (!attempts.ok()) return RestErrorFor(attempts.status());
    return Envelope(200, "list", [&](JsonWriter& w) {
      w.StartArray();
      for (const Attempt& a : *attempts) WriteAttempt(w, a);
      w.EndArray();
    });
  }

 private:
  webhooks::WebhookEndpoints* endpoints_;
};

}  // namespace

void RegisterWebhookApiRoutes(Router& router, const RestApiContext& rest, webhooks::WebhookEndpoints* endpoints) {
  auto api = std::make_shared<WebhookApi>(endpoints);
  auto add = [&](const char* method, const char* pattern,
                 HttpResponse (WebhookApi::*handler)(const HttpRequest&, const PathParams&)) {
    AddGuardedRestRoute(router, rest, method, pattern, Scope::kWebhooksWrite,
                        [api, handler](const HttpRequest& r, const PathParams& p) { return (api.get()->*handler)(r, p); });
  };
  add("POST", "/v1/webhook-endpoints", &WebhookApi::Create);
  add("GET", "/v1/webhook-endpoints", &WebhookApi::List);
  add("DELETE", "/v1/webhook-endpoints/:id", &WebhookApi::Delete);
  add("GET", "/v1/webhook-endpoints/:id/deliveries", &WebhookApi::Deliveries);
}

}  // namespace prefill
