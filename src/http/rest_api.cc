#include "http/rest_api.h"

#include "common/text_codec.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <optional>
#include <variant>

#include "http/request_decoding.h"
#include "http/rest_wire.h"
#include "rest/rest_bodies.h"
#include "rest/session_cursor.h"
#include "rest/session_metadata.h"
#include "rest/session_pager.h"
#include "rest/session_secret.h"
#include "session/session_hash.h"
#include "validators/card_guard.h"

namespace prefill {
namespace {

constexpr const char* kCollection = "/v1/donation-sessions";
constexpr const char* kDonations = "/v1/donations";

std::vector<std::string> ErrorReasons(const SessionErrors& errors, const std::string& language) {
  RenderedSessionErrors rendered = RenderSessionErrors(errors, language);
  std::vector<std::string> reasons;
  for (const auto& [field, message] : rendered.current_fields) reasons.push_back(field + ": " + message);
  for (const auto& [field, message] : rendered.other_fields) reasons.push_back(field + ": " + message);
  for (const auto& message : rendered.globals) reasons.push_back(message);
  return reasons;
}

// The paging parameters every list shares (direction, pageSize, cursor); any
// problem is appended to *reasons.
struct ListParams {
  ListOrder order = ListOrder::kDescending;
  int page_size = kDefaultPageSize;
  std::optional<SessionCursor> cursor;
};

ListParams ReadListParams(const DecodedParams& params, std::vector<std::string>* reasons) {
  ListParams out;
  std::optional<ListOrder> direction;
  if (const std::string* d = params.Get("direction")) {
    std::string upper = *d;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char ch) { return std::toupper(ch); });
    if (upper == "ASC") {
      direction = ListOrder::kAscending;
    } else if (upper == "DESC") {
      direction = ListOrder::kDescending;
    } else {
      reasons->push_back("direction must be ASC or DESC");
    }
  }
  out.page_size = ReadPageSize(params, reasons);
  if (const std::string* text = params.Get("cursor"); text && !text->empty()) {
    auto decoded = DecodeSessionCursor(*text);
    if (!decoded.ok()) {
      reasons->push_back("cursor is not a cursor of this API");
    } else {
      out.cursor = *decoded;
      if (!direction) direction = out.cursor->direction;
      if (*direction != out.cursor->direction) {
        reasons->push_back("the cursor belongs to a listing in the other direction");
      }
    }
  }
  out.order = direction.value_or(ListOrder::kDescending);
  return out;
}

// An absolute link of a list: `path` with the paging parameters, `filters`
// (name, value) and, when given, the cursor.
std::string ListLink(const std::string& base, const char* path, const ListParams& list,
                     const std::vector<std::pair<std::string, std::string>>& filters,
                     const std::optional<SessionCursor>& at) {
  std::string href = base + path + "?direction=" + (list.order == ListOrder::kAscending ? "ASC" : "DESC") +
                     "&pageSize=" + std::to_string(list.page_size);
  for (const auto& [name, value] : filters) href += "&" + name + "=" + PercentEncode(value);
  if (at) href += "&cursor=" + EncodeSessionCursor(*at);
  return href;
}

// The `total`, `pageSize` and `_links` members of a list answer.
void WriteListTail(JsonWriter& w, int64_t total, const ListParams& list, const std::function<std::string(
                   const std::optional<SessionCursor>&)>& link, const std::optional<SessionCursor>& next,
                   const std::optional<SessionCursor>& prev) {
  w.Key("totalResults");
  w.Int(total);
  w.Key("pageSize");
  w.Int(list.page_size);
  w.Key("_links");
  w.StartObject();
  w.Key("current");
  w.StartObject();
  w.Member("href", link(list.cursor));
  w.EndObject();
  for (const auto& [name, at] : {std::pair{"next", next}, std::pair{"prev", prev}}) {
    w.Key(name);
    if (at) {
      w.StartObject();
      w.Member("href", link(at));
      w.EndObject();
    } else {
      w.Null();
    }
  }
  w.EndObject();
}

HttpResponse SecretForbidden() {
  return RestError(403, "forbidden", "A session secret may not do this.",
                   {"a session secret may only read its own session and choose its campaign"});
}

class RestApi {
 public:
  explicit RestApi(const RestApiContext& c) : c_(c) {}

  // Authentication, scope and (for POST) idempotency around `handler`.
  HttpResponse Guarded(Scope scope, const HttpRequest& request, const PathParams& params,
                       const RestHandler& handler) {
    // A session secret is never looked up as a key: it is good for its own
    // session's read and choice only (SecretOrKey), forbidden everywhere else.
    if (IsSessionSecretCredential(BearerToken(request.header("authorization")))) return SecretForbidden();
    Result<ApiKey> key = AuthenticateBearer(*c_.keys, request.header("authorization"));
    if (!key.ok()) {
      if (key.status().Is(Status::Code::kNotFound)) {
        return RestError(401, "unauthorized", "A valid API key is required.",
                         {"send the secret key as: Authorization: Bearer <key>"});
      }
      return RestErrorFor(key.status());
    }
    if (!key->has(scope)) {
      return RestError(403, "forbidden", "This API key may not do this.",
                       {std::string("the key lacks the scope ") + ScopeName(scope)});
    }
    if (request.method != "POST" || !request.has_header("idempotency-key")) return handler(request, params);

    const std::string idempotency_key = request.header("idempotency-key");
    if (!IsValidIdempotencyKey(idempotency_key) ||
        validators::HoldsCardNumber(idempotency_key, validators::TextKind::kData)) {
      return RestError(400, "idempotency/invalid_key", "The Idempotency-Key header is invalid.",
                       {"an idempotency key is 1-255 printable ASCII characters"});
    }
    auto begun = c_.idempotency->Begin(key->id, idempotency_key,
                                       RequestFingerprint(request.method, request.path, request.body));
    if (!begun.ok()) return RestErrorFor(begun.status());
    switch (begun->decision) {
      case Idempotency::Decision::kReplay: {
        HttpResponse replay = HttpResponse::Json(begun->answer.status, begun->answer.body);
        replay.SetHeader("Idempotent-Replayed", "true");
        return replay;
      }
      case Idempotency::Decision::kKeyReused:
        return RestError(422, "idempotency/key_reused",
                         "This Idempotency-Key was already used with another request.",
                         {"send a new key for a new request"});
      case Idempotency::Decision::kInProgress: {
        HttpResponse busy = RestError(409, "idempotency/in_progress",
                                      "A request with this Idempotency-Key is still being processed.",
                                      {"retry later with the same key"});
        busy.SetHeader("Retry-After", "1");
        return busy;
      }
      case Idempotency::Decision::kRun:
        break;
    }
    HttpResponse response = handler(request, params);
    Status finished = c_.idempotency->Finish(key->id, idempotency_key, *begun, {response.status, response.body});
    if (!finished.ok()) spdlog::warn("idempotency key not stored: {}", finished.ToString());
    return response;
  }

  // A route open to an API key with `scope` and to the session secret of the
  // session :id (rest/commerce_sessions.h AuthorizeSecret): `by_secret` runs
  // for the latter. No Idempotency-Key for a secret (the keys are scoped to
  // API keys, and what a secret may do is idempotent anyway).
  HttpResponse SecretOrKey(Scope scope, const HttpRequest& request, const PathParams& params,
                           const RestHandler& by_key, const RestHandler& by_secret) {
    const std::string token = BearerToken(request.header("authorization"));
    if (!IsSessionSecretCredential(token)) return Guarded(scope, request, params, by_key);
    if (!LooksLikeSessionHash(params.at("id"))) return SecretForbidden();
    Status allowed = c_.commerce->AuthorizeSecret(params.at("id"), token);
    if (allowed.Is(Status::Code::kForbidden)) return SecretForbidden();
    if (!allowed.ok()) return RestErrorFor(allowed);
    return by_secret(request, params);
  }

  HttpResponse Create(const HttpRequest& request, const PathParams&) {
    auto body = DecodeCreateSession(request.body, c_.forms);
    if (!body.ok()) return RestBodyError(body.refusal());
    if (auto* commerce = std::get_if<CommerceCreateRequest>(&body.value())) {
      return CommerceAnswered(201, c_.commerce->Create(std::move(*commerce)));
    }
    auto created = c_.sessions->Create(std::move(std::get<RestCreateRequest>(body.value())));
    if (!created.ok()) return RestErrorFor(created.status());
    if (created->refused) return CreateRefused(*created->refused);
    return Answer(201, created->created);
  }

  HttpResponse List(const HttpRequest& request, const PathParams&) {
    auto params = DecodeParams(request);
    if (!params.ok()) return RestErrorFor(params.status());
    std::vector<std::string> reasons;
    RefuseUnknownParams(*params, {"direction", "cursor", "pageSize", "status", "formId"}, &reasons);
    const ListParams list = ReadListParams(*params, &reasons);
    SessionFilter filter;
    if (const std::string* s = params->Get("status")) {
      SessionState state;
      if (ParseSessionState(*s, &state)) {
        filter.state = state;
      } else {
        reasons.push_back("status must be open, processing, completed or expired");
      }
    }
    if (const std::string* f = params->Get("formId")) filter.form_id = *f;
    if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);

    const TimePoint now = c_.now();
    auto page = ListSessionPage(*c_.query, filter, list.order, list.cursor, list.page_size, now);
    if (!page.ok()) return RestErrorFor(page.status());

    const std::string base = c_.base_url();
    std::vector<std::pair<std::string, std::string>> filters;
    if (filter.state) filters.emplace_back("status", SessionStateName(*filter.state));
    if (filter.form_id) filters.emplace_back("formId", *filter.form_id);
    auto link = [&](const std::optional<SessionCursor>& at) { return ListLink(base, kCollection, list, filters, at); };
    JsonWriter w;
    w.StartObject();
    w.Member("object", "list");
    w.Key("data");
    w.StartArray();
    for (ListedSession& listed : page->sessions) {
      const Form* form = c_.forms->FindById(listed.record.form_id);
      RestSessionResult shown;
      if (form) {
        shown.view = ViewOf(*form, std::move(listed.record), now);
      } else {  // its form file is gone: shown as stored, never complete
        shown.view.record = std::move(listed.record);
        shown.view.record.state = EffectiveState(shown.view.record, now);
      }
      shown.form = form;
      shown.attributes = std::move(listed.attributes);
      auto commerce = c_.sessions->CommerceOf(shown.view.record.hash, shown.attributes);
      if (!commerce.ok()) return RestErrorFor(commerce.status());
      if (*commerce) ShowCommerce(&shown, std::move(**commerce));
      WriteRestSession(w, Shown(shown));
    }
    w.EndArray();
    WriteListTail(w, page->total_results, list, link, page->next, page->prev);
    w.EndObject();
    return HttpResponse::Json(200, w.Take());
  }

  // GET /v1/donations: donation intents of confirmed commerce sessions.
  HttpResponse ListDonations(const HttpRequest& request, const PathParams&) {
    auto params = DecodeParams(request);
    if (!params.ok()) return RestErrorFor(params.status());
    std::vector<std::string> reasons;
    RefuseUnknownParams(*params, {"direction", "cursor", "pageSize", "status", "campaign"}, &reasons);
    const ListParams list = ReadListParams(*params, &reasons);
    DonationFilter filter;
    if (const std::string* s = params->Get("status")) {
      if (*s == kDonationPending) {
        filter.status = *s;
      } else {
        reasons.push_back("status must be pending");
      }
    }
    if (const std::string* f = params->Get("campaign")) filter.campaign = *f;
    if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
    auto page = c_.commerce->ListDonations(filter, list.order, list.cursor, list.page_size);
    if (!page.ok()) return RestErrorFor(page.status());

    const std::string base = c_.base_url();
    std::vector<std::pair<std::string, std::string>> filters;
    if (filter.campaign) filters.emplace_back("campaign", *filter.campaign);
    if (filter.status) filters.emplace_back("status", *filter.status);
    auto link = [&](const std::optional<SessionCursor>& at) { return ListLink(base, kDonations, list, filters, at); };
    JsonWriter w;
    w.StartObject();
    w.Member("object", "list");
    w.Key("data");
    w.StartArray();
    for (const DonationIntent& d : page->rows) WriteDonation(w, d);
    w.EndArray();
    WriteListTail(w, page->total_results, list, link, page->next, page->prev);
    w.EndObject();
    return HttpResponse::Json(200, w.Take());
  }

  HttpResponse Retrieve(const HttpRequest&, const PathParams& params) {
    if (auto error = RefuseUnknownId(params)) return *error;
    return Answered(200, c_.sessions->Retrieve(params.at("id")));
  }

  // With the session secret: the same, without metadata (the shop's own notes).
  HttpResponse RetrieveBySecret(const HttpRequest&, const PathParams& params) {
    auto found = c_.sessions->Retrieve(params.at("id"));
    if (!found.ok()) return RestErrorFor(found.status());
    RestSession session = Shown(*found);
    session.hide_metadata = true;
    return RestSessionAnswer(200, session);
  }

  HttpResponse ChooseCampaign(const HttpRequest& request, const PathParams& params) {
    return Choose(request, params, false);
  }

  // With the session secret: the answer shows no metadata either.
  HttpResponse ChooseCampaignBySecret(const HttpRequest& request, const PathParams& params) {
    return Choose(request, params, true);
  }

  HttpResponse Choose(const HttpRequest& request, const PathParams& params, bool hide_metadata) {
    auto body = DecodeChooseCampaign(request.body);
    if (!body.ok()) return RestBodyError(body.refusal());
    if (auto error = RefuseUnknownId(params)) return *error;
    return CommerceAnswered(200, c_.commerce->ChooseCampaign(params.at("id"), body.value().campaign), true,
                            hide_metadata);
  }

  HttpResponse PutAllocations(const HttpRequest& request, const PathParams& params) {
    auto body = DecodeAllocations(request.body);
    if (!body.ok()) return RestBodyError(body.refusal());
    if (auto error = RefuseUnknownId(params)) return *error;
    return CommerceAnswered(200, c_.commerce->SetAllocations(params.at("id"), body.value().allocations), true);
  }

  HttpResponse Patch(const HttpRequest& request, const PathParams& params) {
    auto body = DecodePatchSession(request.body);
    if (!body.ok()) return RestBodyError(body.refusal());
    if (auto error = RefuseUnknownId(params)) return *error;
    // The metadata limits apply to the patched result: the service judges them.
    std::vector<std::string> metadata_reasons;
    auto patched = c_.sessions->Patch(params.at("id"), body.value().inputs, body.value().metadata, &metadata_reasons);
    if (!metadata_reasons.empty()) {
      return RestError(400, "donation_session/invalid_metadata", "The metadata is invalid.", metadata_reasons);
    }
    return Answered(200, std::move(patched));
  }

  HttpResponse Process(const HttpRequest& request, const PathParams& params) {
    auto body = DecodeProcessSession(request.body);
    if (!body.ok()) return RestBodyError(body.refusal());
    if (auto error = RefuseUnknownId(params)) return *error;
    return Answered(200, c_.sessions->Process(params.at("id"), body.value().extend));
  }

  HttpResponse Confirm(const HttpRequest& request, const PathParams& params) {
    auto body = DecodeNoMembers(request.body);
    if (!body.ok()) return RestBodyError(body.refusal());
    if (auto error = RefuseUnknownId(params)) return *error;
    IncompleteSession incomplete;
    auto confirmed = c_.commerce->Confirm(params.at("id"), &incomplete);
    if (confirmed.status().Is(Status::Code::kIncomplete)) {
      return RestError(422, "donation_session/incomplete", "The donation session is not complete.",
                       ErrorReasons(incomplete.errors, incomplete.form ? incomplete.form->language() : "en"));
    }
    return CommerceAnswered(200, std::move(confirmed));
  }

  HttpResponse Expire(const HttpRequest& request, const PathParams& params) {
    auto body = DecodeNoMembers(request.body);
    if (!body.ok()) return RestBodyError(body.refusal());
    if (auto error = RefuseUnknownId(params)) return *error;
    return Answered(200, c_.sessions->Expire(params.at("id")));
  }

 private:
  // Ids that cannot be a session's are NotFound without touching storage.
  static std::optional<HttpResponse> RefuseUnknownId(const PathParams& params) {
    if (!LooksLikeSessionHash(params.at("id"))) return RestErrorFor(Status::NotFound("no such session"));
    return std::nullopt;
  }

  // How `shown` is rendered. A commerce session has no hosted page (url null:
  // the shop's checkout takes the money, docs/rest-api.md).
  RestSession Shown(const RestSessionResult& shown) const {
    const bool hosted = shown.form && !shown.commerce;
    RestSession session{&shown.view, shown.form, &shown.attributes,
                        hosted ? HostedSessionUrl(c_.base_url(), *shown.form, shown.view.record) : ""};
    if (shown.commerce) session.commerce = &*shown.commerce;
    return session;
  }

  HttpResponse Answer(int status, const RestSessionResult& answer) { return RestSessionAnswer(status, Shown(answer)); }

  // A commerce call's answer. `edit`: choose-campaign / allocations, where a
  // processing session is 409 donation_session/locked (SPEC 7.1).
  HttpResponse CommerceAnswered(int status, const Result<CommerceAnswer>& answer, bool edit = false,
                                bool hide_metadata = false) {
    if (!answer.ok()) {
      if (edit && answer.status().Is(Status::Code::kLocked)) {
        return RestError(409, "donation_session/locked", "The donation session is locked for processing.",
                         {"the campaign and the allocations can no longer change"});
      }
      return RestErrorFor(answer.status());
    }
    if (answer->refused) return CommerceRefused(*answer->refused);
    RestSession session = Shown(answer->session);
    session.hide_metadata = hide_metadata;
    if (!answer->secret.empty()) {
      session.session_secret = &answer->secret;
      session.available_campaigns = &answer->available;
    }
    return RestSessionAnswer(status, session);
  }

  static HttpResponse CommerceRefused(const CommerceRefusal& refusal) {
    using Reason = CommerceRefusal::Reason;
    const std::vector<std::string>& r = refusal.reasons;
    switch (refusal.reason) {
      case Reason::kBadRequest:
        return RestError(400, "bad_request", "The request is invalid.", r);
      case Reason::kInvalidType:
        return RestError(400, "donation_session/invalid_type", "This session type does not exist.", r);
      case Reason::kCampaignsRequired:
        return RestError(400, "donation_session/campaigns_required", "At least one campaign is required.", r);
      case Reason::kCampaignNotAvailable:
        return RestError(400, "donation_session/campaign_not_available", "A campaign is not available.", r);
      case Reason::kCampaignRequired:
        return RestError(400, "donation_session/campaign_required", "No campaign has been chosen.", r);
      case Reason::kAllocationsRequired:
        return RestError(400, "donation_session/allocations_required", "Allocations are required.", r);
      case Reason::kInvalidAllocations:
        return RestError(400, "donation_session/invalid_allocations", "The allocations are invalid.", r);
      case Reason::kWrongType:
        return RestError(400, "donation_session/wrong_type", "This session type does not take this call.", r);
      case Reason::kFormNotFound:
        return RestError(404, "donation_session/form_not_found", "No form has this formId.", r);
      case Reason::kFormInactive:
        return RestError(409, "donation_session/form_inactive", "The form is not active.", r);
      case Reason::kCurrencyMismatch:
      case Reason::kNoSandbox:
        return RestError(400, "bad_request", "The request is invalid.", r);
    }
    return RestError(500, "internal_error", "An internal error occurred.");
  }

  HttpResponse Answered(int status, const Result<RestSessionResult>& answer) {
    if (!answer.ok()) return RestErrorFor(answer.status());
    return Answer(status, *answer);
  }

  static HttpResponse CreateRefused(const CreateRefusal& refusal) {
    switch (refusal.reason) {
      case CreateRefusal::Reason::kFormNotFound:
        return RestError(404, "donation_session/form_not_found", "No form has this formId.",
                         {"formId: " + refusal.detail});
      case CreateRefusal::Reason::kFormInactive:
        return RestError(409, "donation_session/form_inactive", "The form is not active.");
      case CreateRefusal::Reason::kCurrencyMismatch:
        return RestError(400, "bad_request", "The request is invalid.",
                         {"currency must be the form's currency " + refusal.detail});
      case CreateRefusal::Reason::kNoSandbox:
        return RestError(400, "bad_request", "The request is invalid.", {"the form has no sandbox"});
      case CreateRefusal::Reason::kNoValues:
        return RestError(400, "donation_session/values_required", "A new session needs at least one value.",
                         {"send values or fixedValues"});
    }
    return RestError(500, "internal_error", "An internal error occurred.");
  }

  const RestApiContext c_;
};

}  // namespace

void AddGuardedRestRoute(Router& router, const RestApiContext& context, const char* method, const std::string& pattern,
                         Scope scope, RestHandler handler) {
  auto api = std::make_shared<RestApi>(context);
  router.Add(method, pattern, [api, scope, handler = std::move(handler)](const HttpRequest& r, const PathParams& p) {
    return api->Guarded(scope, r, p, handler);
  });
}

void RegisterRestApiRoutes(Router& router, const RestApiContext& context) {
  auto api = std::make_shared<RestApi>(context);
  auto add = [&](const char* method, const std::string& pattern, Scope scope,
                 HttpResponse (RestApi::*handler)(const HttpRequest&, const PathParams&)) {
    RestHandler bound = [api = api.get(), handler](const HttpRequest& r, const PathParams& p) {
      return (api->*handler)(r, p);
    };
    router.Add(method, pattern, [api, scope, bound](const HttpRequest& r, const PathParams& p) {
      return api->Guarded(scope, r, p, bound);
    });
  };
  const std::string collection = kCollection;
  add("POST", collection, Scope::kSessionsWrite, &RestApi::Create);
  add("GET", collection, Scope::kSessionsRead, &RestApi::List);
  // Open to the session's own secret as well (interactive commerce sessions).
  auto add_secret = [&](const char* method, const std::string& pattern, Scope scope,
                        HttpResponse (RestApi::*by_key)(const HttpRequest&, const PathParams&),
                        HttpResponse (RestApi::*by_secret)(const HttpRequest&, const PathParams&)) {
    RestHandler key_handler = [api = api.get(), by_key](const HttpRequest& r, const PathParams& p) {
      return (api->*by_key)(r, p);
    };
    RestHandler secret_handler = [api = api.get(), by_secret](const HttpRequest& r, const PathParams& p) {
      return (api->*by_secret)(r, p);
    };
    router.Add(method, pattern, [api, scope, key_handler, secret_handler](const HttpRequest& r, const PathParams& p) {
      return api->SecretOrKey(scope, r, p, key_handler, secret_handler);
    });
  };
  add_secret("GET", collection + "/:id", Scope::kSessionsRead, &RestApi::Retrieve, &RestApi::RetrieveBySecret);
  add_secret("POST", collection + "/:id/choose-campaign", Scope::kSessionsWrite, &RestApi::ChooseCampaign,
             &RestApi::ChooseCampaignBySecret);
  add("PATCH", collection + "/:id", Scope::kSessionsWrite, &RestApi::Patch);
  add("POST", collection + "/:id/process", Scope::kSessionsWrite, &RestApi::Process);
  add("POST", collection + "/:id/confirm", Scope::kSessionsWrite, &RestApi::Confirm);
  add("POST", collection + "/:id/expire", Scope::kSessionsWrite, &RestApi::Expire);
  add("PUT", collection + "/:id/allocations", Scope::kSessionsWrite, &RestApi::PutAllocations);
  add("GET", kDonations, Scope::kSessionsRead, &RestApi::ListDonations);
}

}  // namespace prefill
