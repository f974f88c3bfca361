#include "http/rest_api.h"

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
#include "session/session_hash.h"
#include "validators/card_guard.h"

namespace prefill {
namespace {

constexpr const char* kCollection = "/v1/donation-sessions";
constexpr int kMinExpiresIn = 15;
constexpr int kMaxExpiresIn = 1440;
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

bool IsLanguageTag(const std::string& s) {
  if (s.size() < 2 || s.size() > 35) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

std::vector<std::string> ErrorReasons(const SessionErrors& errors, const std::string& language) {
  RenderedSessionErrors rendered = RenderSessionErrors(errors, language);
  std::vector<std::string> reasons;
  for (const auto& [field, message] : rendered.current_fields) reasons.push_back(field + ": " + message);
  for (const auto& [field, message] : rendered.other_fields) reasons.push_back(field + ": " + message);
  for (const auto& message : rendered.globals) reasons.push_back(message);
  return reasons;
}

std::string QueryEncode(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

class RestApi {
 public:
  explicit RestApi(const RestApiContext& c) : c_(c) {}

  // Authentication, scope and (for POST) idempotency around `handler`.
  HttpResponse Guarded(Scope scope, const HttpRequest& request, const PathParams& params,
                       const RestHandler& handler) {
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

  HttpResponse Create(const HttpRequest& request, const PathParams&) {
    rapidjson::Document body;
    if (auto error = ParseBody(request, &body)) return *error;
    if (auto error = RefuseUnknownMembers(body, {"formId", "values", "fixedValues", "metadata", "successUrl", "userId",
                                                 "accountId", "language", "currency", "expiresIn", "type",
                                                 "sandbox"})) {
      return *error;
    }
    std::vector<std::string> reasons;
    std::string form_id;
    ReadString(body, "formId", 64, &form_id, &reasons);
    if (form_id.empty() && reasons.empty()) reasons.push_back("formId is required");

    SessionAttributes attributes;
    std::string type;
    ReadString(body, "type", 40, &type, &reasons);
    if (!type.empty() && type != kDefaultSessionType) {
      return RestError(400, "donation_session/unsupported_type", "This session type is not supported.",
                       {"supported types: donation_form"});
    }
    ReadString(body, "successUrl", kMaxUrlLength, &attributes.success_url, &reasons);
    if (!attributes.success_url.empty() && attributes.success_url.rfind("https://", 0) != 0 &&
        attributes.success_url.rfind("http://", 0) != 0) {
      reasons.push_back("successUrl must be an http or https URL");
    }
    ReadString(body, "userId", kMaxReferenceLength, &attributes.user_id, &reasons);
    ReadString(body, "accountId", kMaxReferenceLength, &attributes.account_id, &reasons);
    ReadString(body, "language", 35, &attributes.language, &reasons);
    if (!attributes.language.empty() && !IsLanguageTag(attributes.language)) {
      reasons.push_back("language must be a language tag such as de or en-GB");
    }
    ReadString(body, "currency", 3, &attributes.currency, &reasons);
    std::optional<int64_t> expires_in = ReadInteger(body, "expiresIn", kMinExpiresIn, kMaxExpiresIn, &reasons);
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
    for (const auto& [name, value] : params->entries()) {
      if (name != "direction" && name != "cursor" && name != "pageSize" && name != "status" && name != "formId") {
        reasons.push_back("unknown parameter: " + name);
      }
    }
    std::optional<ListOrder> direction;
    if (const std::string* d = params->Get("direction")) {
      std::string upper = *d;
      std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char ch) { return std::toupper(ch); });
      if (upper == "ASC") {
        direction = ListOrder::kAscending;
      } else if (upper == "DESC") {
        direction = ListOrder::kDescending;
      } else {
        reasons.push_back("direction must be ASC or DESC");
      }
    }
    int page_size = kDefaultPageSize;
    if (const std::string* p = params->Get("pageSize")) {
      const bool digits = !p->empty() && p->size() <= 4 && std::all_of(p->begin(), p->end(), ::isdigit);
      page_size = digits ? std::stoi(*p) : 0;
      if (page_size < 1 || page_size > kMaxPageSize) {
        reasons.push_back("pageSize must be an integer from 1 to " + std::to_string(kMaxPageSize));
      }
    }
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
    std::optional<SessionCursor> cursor;
    if (const std::string* text = params->Get("cursor"); text && !text->empty()) {
      auto decoded = DecodeSessionCursor(*text);
      if (!decoded.ok()) {
        reasons.push_back("cursor is not a cursor of this API");
      } else {
        cursor = *decoded;
        if (!direction) direction = cursor->direction;
        if (*direction != cursor->direction) reasons.push_back("the cursor belongs to a listing in the other direction");
      }
    }
    if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
    const ListOrder order = direction.value_or(ListOrder::kDescending);

    const TimePoint now = c_.now();
    auto page = ListSessionPage(*c_.query, filter, order, cursor, page_size, now);
    if (!page.ok()) return RestErrorFor(page.status());

    const std::string base = c_.base_url();
    auto link = [&](const std::optional<SessionCursor>& at) {
      std::string href = base + kCollection + "?direction=" + (order == ListOrder::kAscending ? "ASC" : "DESC") +
                         "&pageSize=" + std::to_string(page_size);
      if (filter.state) href += std::string("&status=") + SessionStateName(*filter.state);
      if (filter.form_id) href += "&formId=" + QueryEncode(*filter.form_id);
      if (at) href += "&cursor=" + EncodeSessionCursor(*at);
      return href;
    };
    JsonWriter w;
    w.StartObject();
    w.Member("object", "list");
    w.Key("data");
    w.StartArray();
    for (ListedSession& listed : page->sessions) {
      const Form* form = c_.forms->FindById(listed.record.form_id);
      SessionView view;
      if (form) {
        view = ViewOf(*form, std::move(listed.record), now);
      } else {  // its form file is gone: shown as stored, never complete
        view.record = std::move(listed.record);
        view.record.state = EffectiveState(view.record, now);
      }
      RestSession session{&view, form, &listed.attributes, form ? HostedSessionUrl(base, *form, view.record) : ""};
      WriteRestSession(w, session);
    }
    w.EndArray();
    w.Key("totalResults");
    w.Int(page->total_results);
    w.Key("pageSize");
    w.Int(page_size);
    w.Key("_links");
    w.StartObject();
    w.Key("current");
    w.StartObject();
    w.Member("href", link(cursor));
    w.EndObject();
    for (const auto& [name, at] : {std::pair{"next", page->next}, std::pair{"prev", page->prev}}) {
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
    w.EndObject();
    return HttpResponse::Json(200, w.Take());
  }

  HttpResponse Retrieve(const HttpRequest&, const PathParams& params) {
    if (auto error = RefuseUnknownId(params)) return *error;
    return Answered(200, c_.sessions->Retrieve(params.at("id")));
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
        ReadInteger(body, "expiresIn", 1, SessionLifecycle::kMaxProcessExtension.count(), &reasons);
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
    auto confirmed = c_.sessions->Confirm(params.at("id"), &incomplete);
    if (confirmed.status().Is(Status::Code::kIncomplete)) {
      return RestError(422, "donation_session/incomplete", "The donation session is not complete.",
                       ErrorReasons(incomplete.errors, incomplete.form ? incomplete.form->language() : "en"));
    }
    return Answered(200, std::move(confirmed));
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

  HttpResponse Answer(int status, const RestSessionResult& answer) {
    const std::string url = answer.form ? HostedSessionUrl(c_.base_url(), *answer.form, answer.view.record) : "";
    RestSession session{&answer.view, answer.form, &answer.attributes, url};
    return RestSessionAnswer(status, session);
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
  add("GET", collection + "/:id", Scope::kSessionsRead, &RestApi::Retrieve);
  add("PATCH", collection + "/:id", Scope::kSessionsWrite, &RestApi::Patch);
  add("POST", collection + "/:id/process", Scope::kSessionsWrite, &RestApi::Process);
  add("POST", collection + "/:id/confirm", Scope::kSessionsWrite, &RestApi::Confirm);
  add("POST", collection + "/:id/expire", Scope::kSessionsWrite, &RestApi::Expire);
}

}  // namespace prefill
