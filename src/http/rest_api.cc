#include "http/rest_api.h"

#include "forms/redirect_target.h"
#include "validators/text.h"
#include "common/text_codec.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <optional>

#include "http/request_decoding.h"
#include "http/rest_wire.h"
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
constexpr size_t kMaxAllocations = 100;
constexpr size_t kMaxCampaigns = 100;
constexpr size_t kMaxUrlLength = 2048;
constexpr size_t kMaxReferenceLength = 255;

using JsonObject = rapidjson::Value;

std::string NumberText(const rapidjson::Value& v) {
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string Str(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

// The card-number guard (validators/card_guard.h) over every member name, string
// and number of a REST body outside `values`/`fixedValues` (those are form field
// values, checked field by field by the session core): metadata, userId, accountId,
// language, successUrl, ... A card number is never stored, so the whole request is
// refused. Iterative: nesting depth cannot exhaust the stack.
std::optional<HttpResponse> RefuseCardNumbers(const rapidjson::Document& doc) {
  std::vector<std::pair<const rapidjson::Value*, std::string>> pending;
  std::vector<std::string> reasons;
  auto check = [&](std::string_view text, const std::string& path) {
    if (validators::HoldsCardNumber(text, validators::TextKind::kData)) reasons.push_back(path + " holds a card number");
  };
  for (const auto& member : doc.GetObject()) {
    std::string name = Str(member.name);
    if (name == "values" || name == "fixedValues") continue;
    pending.push_back({&member.value, name});
  }
  while (!pending.empty() && reasons.size() < 10) {
    auto [value, path] = std::move(pending.back());
    pending.pop_back();
    if (value->IsString()) {
      check(std::string_view(value->GetString(), value->GetStringLength()), path);
    } else if (value->IsNumber()) {
      check(NumberText(*value), path);
    } else if (value->IsObject()) {
      for (const auto& member : value->GetObject()) {
        std::string name = Str(member.name);
        check(name, path + " (a key)");
        pending.push_back({&member.value, path + "." + name});
      }
    } else if (value->IsArray()) {
      size_t index = 0;
      for (const auto& item : value->GetArray()) pending.push_back({&item, path + "[" + std::to_string(index++) + "]"});
    }
  }
  if (reasons.empty()) return std::nullopt;
  return RestError(400, "card_number_refused",
                   "Card numbers are never accepted; send the payment provider's token instead.", reasons);
}

// Parses a JSON object body (an empty body is an empty object). On failure
// returns the 400 answer; a card number anywhere outside the field values is one.
std::optional<HttpResponse> ParseBody(const HttpRequest& request, rapidjson::Document* doc) {
  const std::string body = request.body.find_first_not_of(" \t\r\n") == std::string::npos ? "{}" : request.body;
  // Iterative parsing: deeply nested input cannot exhaust the stack.
  doc->Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(body.data(), body.size());
  if (doc->HasParseError()) {
    return RestError(400, "bad_request", "The body must be a JSON object.", {"the body is not valid JSON"});
  }
  if (!doc->IsObject()) return RestError(400, "bad_request", "The body must be a JSON object.");
  return RefuseCardNumbers(*doc);
}

// 400 naming every member of `object` not in `allowed`.
std::optional<HttpResponse> RefuseUnknownMembers(const JsonObject& object, std::initializer_list<const char*> allowed) {
  std::vector<std::string> reasons;
  for (const auto& member : object.GetObject()) {
    const std::string name = Str(member.name);
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; })) {
      reasons.push_back("unknown parameter: " + name);
    }
  }
  if (reasons.empty()) return std::nullopt;
  return RestError(400, "bad_request", "The request has unknown parameters.", reasons);
}

// values / fixedValues: an object of strings or numbers (null clears a field).
void ReadFieldInputs(const JsonObject& body, const char* name, bool fix, std::vector<FieldInput>* inputs,
                     std::vector<std::string>* reasons) {
  auto it = body.FindMember(name);
  if (it == body.MemberEnd() || it->value.IsNull()) return;
  if (!it->value.IsObject()) {
    reasons->push_back(std::string(name) + " must be an object of field names to values");
    return;
  }
  for (const auto& member : it->value.GetObject()) {
    FieldInput input{Str(member.name), "", fix};
    if (member.value.IsString()) {
      input.value = Str(member.value);
    } else if (member.value.IsNumber()) {
      input.value = NumberText(member.value);
    } else if (!member.value.IsNull()) {
      reasons->push_back(std::string(name) + "." + input.field + " must be a string or a number");
      continue;
    }
    inputs->push_back(std::move(input));
  }
}

// An optional string member of at most `max` bytes ("" when absent or null).
void ReadString(const JsonObject& body, const char* name, size_t max, std::string* out,
                std::vector<std::string>* reasons) {
  auto it = body.FindMember(name);
  if (it == body.MemberEnd() || it->value.IsNull()) return;
  if (!it->value.IsString()) {
    reasons->push_back(std::string(name) + " must be a string");
  } else if (it->value.GetStringLength() > max) {
    reasons->push_back(std::string(name) + " is longer than " + std::to_string(max) + " characters");
  } else {
    *out = Str(it->value);
  }
}

// An optional integer member in [min, max].
std::optional<int64_t> ReadInteger(const JsonObject& body, const char* name, int64_t min, int64_t max,
                                   std::vector<std::string>* reasons) {
  auto it = body.FindMember(name);
  if (it == body.MemberEnd() || it->value.IsNull()) return std::nullopt;
  if (!it->value.IsInt64() || it->value.GetInt64() < min || it->value.GetInt64() > max) {
    reasons->push_back(std::string(name) + " must be an integer from " + std::to_string(min) + " to " +
                       std::to_string(max) + " (minutes)");
    return std::nullopt;
  }
  return it->value.GetInt64();
}

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
  if (const std::string* p = params.Get("pageSize")) {
    const bool digits = !p->empty() && p->size() <= 4 && std::all_of(p->begin(), p->end(), ::isdigit);
    out.page_size = digits ? std::stoi(*p) : 0;
    if (out.page_size < 1 || out.page_size > kMaxPageSize) {
      reasons->push_back("pageSize must be an integer from 1 to " + std::to_string(kMaxPageSize));
    }
  }
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

// "unknown parameter: x" for every query parameter not in `allowed`.
void RefuseUnknownParams(const DecodedParams& params, std::initializer_list<const char*> allowed,
                         std::vector<std::string>* reasons) {
  for (const auto& [name, value] : params.entries()) {
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; })) {
      reasons->push_back("unknown parameter: " + name);
    }
  }
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
    rapidjson::Document body;
    if (auto error = ParseBody(request, &body)) return *error;
    if (auto error = RefuseUnknownMembers(body, {"formId", "values", "fixedValues", "metadata", "successUrl", "userId",
                                                 "accountId", "language", "currency", "expiresIn", "type",
                                                 "sandbox", "amount", "campaigns"})) {
      return *error;
    }
    std::vector<std::string> reasons;
    std::string form_id;
    ReadString(body, "formId", 64, &form_id, &reasons);
    SessionAttributes attributes;
    std::string type;
    ReadString(body, "type", 40, &type, &reasons);
    // donation_form (default) or a commerce type; anything else is refused by
    // the commerce rules (donation_session/invalid_type).
    const bool commerce = !type.empty() && type != kDefaultSessionType;
    if (SessionType parsed; commerce && !ParseSessionType(type, &parsed)) {
      CommerceCreateRequest unknown;  // refused by type before anything else is looked at
      unknown.type = type;
      return CommerceAnswered(201, c_.commerce->Create(std::move(unknown)));
    }
    std::string amount;
    std::vector<std::string> campaigns;
    if (commerce) {
      if (auto it = body.FindMember("amount"); it != body.MemberEnd() && !it->value.IsNull()) {
        if (!it->value.IsString() || it->value.GetStringLength() > 32) {
          reasons.push_back("amount must be a decimal string such as \"1.50\"");
        } else {
          amount = Str(it->value);
        }
      }
      if (auto it = body.FindMember("campaigns"); it != body.MemberEnd() && !it->value.IsNull()) {
        if (!it->value.IsArray() || it->value.Size() > kMaxCampaigns) {
          reasons.push_back("campaigns must be an array of at most " + std::to_string(kMaxCampaigns) + " form ids");
        } else {
          for (const auto& item : it->value.GetArray()) {
            if (!item.IsString() || item.GetStringLength() == 0 || item.GetStringLength() > 64) {
              reasons.push_back("campaigns must hold form ids (strings of 1-64 characters)");
              break;
            }
            campaigns.push_back(Str(item));
          }
        }
      }
      if (body.HasMember("values") || body.HasMember("fixedValues")) {
        reasons.push_back("a " + type + " session has no form values (values, fixedValues)");
      }
    } else {
      if (form_id.empty() && reasons.empty()) reasons.push_back("formId is required");
      if (body.HasMember("amount") || body.HasMember("campaigns")) {
        reasons.push_back("amount and campaigns belong to the commerce session types (type)");
      }
    }
    ReadString(body, "successUrl", kMaxUrlLength, &attributes.success_url, &reasons);
    if (!attributes.success_url.empty()) {
      // The form's allowed_redirect_origins when the session has a form (an
      // unknown formId is refused below as such); the URL's shape alone for a
      // commerce session without one.
      const Form* form = form_id.empty() || !c_.forms ? nullptr : c_.forms->FindById(form_id);
      const std::string problem = form ? RedirectTargetProblem(*form, attributes.success_url)
                                       : RedirectUrlProblem(attributes.success_url);
      if (!problem.empty()) reasons.push_back("successUrl " + problem);
    }
    ReadString(body, "userId", kMaxReferenceLength, &attributes.user_id, &reasons);
    ReadString(body, "accountId", kMaxReferenceLength, &attributes.account_id, &reasons);
    ReadString(body, "language", 35, &attributes.language, &reasons);
    if (!attributes.language.empty() && !validators::IsLanguageTag(attributes.language)) {
      reasons.push_back("language must be a language tag such as de or en-GB");
    }
    ReadString(body, "currency", 3, &attributes.currency, &reasons);
    std::optional<int64_t> expires_in =
        ReadInteger(body, "expiresIn", kMinSessionTtlMinutes, kMaxSessionTtlMinutes, &reasons);
    bool sandbox = false;
    if (auto it = body.FindMember("sandbox"); it != body.MemberEnd() && !it->value.IsNull()) {
      if (!it->value.IsBool()) {
        reasons.push_back("sandbox must be true or false");
      } else {
        sandbox = it->value.GetBool();
      }
    }
    std::vector<FieldInput> inputs;
    ReadFieldInputs(body, "values", false, &inputs, &reasons);
    ReadFieldInputs(body, "fixedValues", true, &inputs, &reasons);

    Metadata metadata;
    std::vector<std::string> metadata_reasons;
    if (auto it = body.FindMember("metadata"); it != body.MemberEnd() && !it->value.IsNull()) {
      if (!it->value.IsObject()) {
        metadata_reasons.push_back("metadata must be an object of strings");
      } else {
        for (const auto& member : it->value.GetObject()) {
          if (member.value.IsString()) {
            if (member.value.GetStringLength() > 0) metadata[Str(member.name)] = Str(member.value);
          } else if (!member.value.IsNull()) {
            metadata_reasons.push_back("metadata." + Str(member.name) + " must be a string");
          }
        }
        std::vector<std::string> limits = MetadataProblems(metadata);
        metadata_reasons.insert(metadata_reasons.end(), limits.begin(), limits.end());
      }
    }
    if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
    if (!metadata_reasons.empty()) {
      return RestError(400, "donation_session/invalid_metadata", "The metadata is invalid.", metadata_reasons);
    }

    if (commerce) {
      CommerceCreateRequest create;
      create.type = std::move(type);
      create.form_id = std::move(form_id);
      create.amount = std::move(amount);
      create.campaigns = std::move(campaigns);
      create.sandbox = sandbox;
      create.attributes = std::move(attributes);
      if (expires_in) create.ttl = std::chrono::minutes(*expires_in);
      create.metadata = std::move(metadata);
      return CommerceAnswered(201, c_.commerce->Create(std::move(create)));
    }
    RestCreateRequest create;
    create.form_id = std::move(form_id);
    create.sandbox = sandbox;
    create.attributes = std::move(attributes);
    create.inputs = std::move(inputs);
    if (expires_in) create.ttl = std::chrono::minutes(*expires_in);
    create.metadata = std::move(metadata);
    auto created = c_.sessions->Create(std::move(create));
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
    rapidjson::Document body;
    if (auto error = ParseBody(request, &body)) return *error;
    if (auto error = RefuseUnknownMembers(body, {"campaign"})) return *error;
    std::vector<std::string> reasons;
    std::string campaign;
    ReadString(body, "campaign", 64, &campaign, &reasons);
    if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
    if (campaign.empty()) {
      return RestError(400, "donation_session/campaign_required", "A campaign is required.",
                       {"send {\"campaign\": \"<form id>\"}"});
    }
    if (auto error = RefuseUnknownId(params)) return *error;
    return CommerceAnswered(200, c_.commerce->ChooseCampaign(params.at("id"), campaign), true, hide_metadata);
  }

  HttpResponse PutAllocations(const HttpRequest& request, const PathParams& params) {
    rapidjson::Document body;
    if (auto error = ParseBody(request, &body)) return *error;
    if (auto error = RefuseUnknownMembers(body, {"allocations"})) return *error;
    std::vector<AllocationInput> allocations;
    std::vector<std::string> problems;
    auto it = body.FindMember("allocations");
    if (it != body.MemberEnd() && !it->value.IsNull()) {
      if (!it->value.IsArray() || it->value.Size() > kMaxAllocations) {
        return RestError(400, "bad_request", "The request is invalid.",
                         {"allocations must be an array of at most " + std::to_string(kMaxAllocations) + " objects"});
      }
      size_t index = 0;
      for (const auto& item : it->value.GetArray()) {
        const std::string at = "allocations[" + std::to_string(index++) + "]";
        if (!item.IsObject()) {
          problems.push_back(at + " must be an object {\"campaign\", \"amount\"}");
          continue;
        }
        AllocationInput input;
        for (const auto& member : item.GetObject()) {
          const std::string name = Str(member.name);
          const bool text = member.value.IsString() && member.value.GetStringLength() <= 64;
          if (name == "campaign" && text) {
            input.campaign = Str(member.value);
          } else if (name == "amount" && text) {
            input.amount = Str(member.value);
          } else if (name == "currency" && text) {
            input.currency = Str(member.value);
          } else if (name == "campaign" || name == "amount" || name == "currency") {
            problems.push_back(at + "." + name + " must be a string" + (name == "amount" ? " such as \"1.50\"" : ""));
          } else {
            problems.push_back(at + ": unknown parameter " + name);
          }
        }
        allocations.push_back(std::move(input));
      }
    }
    if (!problems.empty()) {
      return RestError(400, "donation_session/invalid_allocations", "The allocations are invalid.", problems);
    }
    if (auto error = RefuseUnknownId(params)) return *error;
    return CommerceAnswered(200, c_.commerce->SetAllocations(params.at("id"), allocations), true);
  }

  HttpResponse Patch(const HttpRequest& request, const PathParams& params) {
    rapidjson::Document body;
    if (auto error = ParseBody(request, &body)) return *error;
    if (auto error = RefuseUnknownMembers(body, {"values", "fixedValues", "metadata"})) return *error;
    std::vector<std::string> reasons;
    std::vector<FieldInput> inputs;
    ReadFieldInputs(body, "values", false, &inputs, &reasons);
    ReadFieldInputs(body, "fixedValues", true, &inputs, &reasons);
    std::optional<MetadataPatch> patch;
    std::vector<std::string> metadata_reasons;
    if (auto it = body.FindMember("metadata"); it != body.MemberEnd()) {
      if (!it->value.IsObject()) {
        metadata_reasons.push_back("metadata must be an object of strings (null removes a key)");
      } else {
        patch.emplace();
        for (const auto& member : it->value.GetObject()) {
          if (member.value.IsString()) {
            (*patch)[Str(member.name)] = Str(member.value);
          } else if (member.value.IsNull()) {
            (*patch)[Str(member.name)] = std::nullopt;
          } else {
            metadata_reasons.push_back("metadata." + Str(member.name) + " must be a string or null");
          }
        }
      }
    }
    if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
    if (!metadata_reasons.empty()) {
      return RestError(400, "donation_session/invalid_metadata", "The metadata is invalid.", metadata_reasons);
    }
    if (auto error = RefuseUnknownId(params)) return *error;
    auto patched = c_.sessions->Patch(params.at("id"), inputs, patch, &metadata_reasons);
    if (!metadata_reasons.empty()) {
      return RestError(400, "donation_session/invalid_metadata", "The metadata is invalid.", metadata_reasons);
    }
    return Answered(200, std::move(patched));
  }

  HttpResponse Process(const HttpRequest& request, const PathParams& params) {
    rapidjson::Document body;
    if (auto error = ParseBody(request, &body)) return *error;
    if (auto error = RefuseUnknownMembers(body, {"expiresIn"})) return *error;
    std::vector<std::string> reasons;
    std::optional<int64_t> extend =
        ReadInteger(body, "expiresIn", SessionLifecycle::kMinProcessExtension.count(),
                    SessionLifecycle::kMaxProcessExtension.count(), &reasons);
    if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
    if (auto error = RefuseUnknownId(params)) return *error;
    std::optional<std::chrono::minutes> minutes;
    if (extend) minutes = std::chrono::minutes(*extend);
    return Answered(200, c_.sessions->Process(params.at("id"), minutes));
  }

  HttpResponse Confirm(const HttpRequest& request, const PathParams& params) {
    rapidjson::Document body;
    if (auto error = ParseBody(request, &body)) return *error;
    if (auto error = RefuseUnknownMembers(body, {})) return *error;
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
    rapidjson::Document body;
    if (auto error = ParseBody(request, &body)) return *error;
    if (auto error = RefuseUnknownMembers(body, {})) return *error;
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
