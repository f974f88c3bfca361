#include "rest/rest_bodies.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <initializer_list>
#include <map>

#include "forms/form.h"
#include "forms/redirect_target.h"
#include "rest/commerce.h"
#include "rest/session_attributes.h"
#include "session/session_lifecycle.h"
#include "validators/card_guard.h"
#include "validators/text.h"

namespace prefill {
namespace {

constexpr size_t kMaxAllocations = 100;
constexpr size_t kMaxCampaigns = 100;
constexpr size_t kMaxUrlLength = kMaxRedirectUrlLength;
constexpr size_t kMaxReferenceLength = 255;
constexpr size_t kMaxFormIdLength = 64;

using Json = rapidjson::Value;

BodyRefusal Invalid(std::vector<std::string> reasons) {
  return {"bad_request", "The request is invalid.", std::move(reasons)};
}

std::string Str(const Json& v) { return std::string(v.GetString(), v.GetStringLength()); }

// A JSON number as its JSON text (12.5 -> "12.5"): field values keep what was sent.
std::string NumberText(const Json& v) {
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// The paths of the values a walk over a body visits, made into text only when a
// reason names one: each node keeps its parent and its own segment. Building a
// path string per node made a walk over deep nesting quadratic (200,000 nested
// arrays took minutes under the sanitizers).
class JsonPaths {
 public:
  // The body itself ("the body", its members named without a leading dot).
  size_t Body() { return Add(kNone, kBody, true); }
  // A top-level member.
  size_t Root(std::string name) { return Add(kNone, std::move(name), false); }
  size_t Member(size_t parent, std::string_view name) {
    return Add(parent, nodes_[parent].body ? std::string(name) : "." + std::string(name), false);
  }
  size_t Item(size_t parent, size_t index) { return Add(parent, "[" + std::to_string(index) + "]", false); }
  std::string Path(size_t node) const {
    std::vector<const Node*> chain;
    for (size_t at = node; at != kNone; at = nodes_[at].parent) chain.push_back(&nodes_[at]);
    if (chain.size() > 1 && chain.back()->body) chain.pop_back();  // "the body" only alone
    std::string path;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) path += (*it)->segment;
    return path;
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);
  static constexpr const char* kBody = "the body";
  struct Node {
    size_t parent;
    std::string segment;
    bool body;
  };
  size_t Add(size_t parent, std::string segment, bool body) {
    nodes_.push_back({parent, std::move(segment), body});
    return nodes_.size() - 1;
  }
  std::vector<Node> nodes_;
};

// The card-number guard over every member name, string and number of `doc`
// except the values of `values`/`fixedValues` (see the header). A reason names
// where, never the number itself: a member whose name holds one is not looked
// into (its path would repeat the name). Iterative: nesting depth cannot
// exhaust the stack. At most ten reasons; the search stops there.
std::optional<BodyRefusal> RefuseCardNumbers(const rapidjson::Document& doc) {
  JsonPaths paths;
  std::vector<std::pair<const Json*, size_t>> pending;
  std::vector<std::string> reasons;
  auto holds = [](std::string_view text) { return validators::HoldsCardNumber(text, validators::TextKind::kData); };
  // Clean names can still join to one ("a.4111.1111.1111.1111"): such a path is
  // not repeated.
  auto refuse = [&](const std::string& path) {
    if (reasons.size() < 10) reasons.push_back((holds(path) ? std::string("a member") : path) + " holds a card number");
  };
  // The names of `object`'s members (at node `at`); with `values_too`, the
  // members whose names are clean are searched next.
  auto members = [&](const Json& object, size_t at, bool values_too) {
    for (const auto& member : object.GetObject()) {
      const std::string_view name(member.name.GetString(), member.name.GetStringLength());
      if (holds(name)) {
        refuse(paths.Path(at) + " (a key)");
      } else if (values_too) {
        pending.push_back({&member.value, paths.Member(at, name)});
      }
    }
  };
  for (const auto& member : doc.GetObject()) {
    const std::string name = Str(member.name);
    if (holds(name)) {
      refuse("a member name");
    } else if (name == "values" || name == "fixedValues") {
      if (member.value.IsObject()) members(member.value, paths.Root(name), false);  // field names only
    } else {
      pending.push_back({&member.value, paths.Root(name)});
    }
  }
  while (!pending.empty() && reasons.size() < 10) {
    auto [value, at] = pending.back();
    pending.pop_back();
    if (value->IsString()) {
      const std::string_view text(value->GetString(), value->GetStringLength());
      if (holds(text)) refuse(paths.Path(at));
    } else if (value->IsNumber()) {
      if (holds(NumberText(*value))) refuse(paths.Path(at));
    } else if (value->IsObject()) {
      members(*value, at, true);
    } else if (value->IsArray()) {
      size_t index = 0;
      for (const auto& item : value->GetArray()) pending.push_back({&item, paths.Item(at, index++)});
    }
  }
  if (reasons.empty()) return std::nullopt;
  return BodyRefusal{"card_number_refused",
                     "Card numbers are never accepted; send the payment provider's token instead.", reasons};
}

// Every string and member name of `doc`, field values included, decoded to
// valid UTF-8 without NUL: RapidJSON validates the input bytes, but an escape
// can still write "\u0000" or a lone low surrogate "\udc00" (CESU bytes).
// A reason names the member by its path, unless that path holds a card number.
// Iterative.
std::optional<BodyRefusal> RefuseBadText(const rapidjson::Document& doc) {
  auto bad = [](const Json& v) {
    const std::string_view text(v.GetString(), v.GetStringLength());
    return text.find('\0') != std::string_view::npos || !validators::IsValidUtf8(text);
  };
  JsonPaths paths;
  std::vector<std::pair<const Json*, size_t>> pending{{&doc, paths.Body()}};
  std::vector<std::string> reasons;
  auto where = [&](size_t at) {
    const std::string path = paths.Path(at);
    return validators::HoldsCardNumber(path, validators::TextKind::kData) ? std::string("a member") : path;
  };
  while (!pending.empty() && reasons.size() < 10) {
    auto [value, at] = pending.back();
    pending.pop_back();
    if (value->IsString() && bad(*value)) {
      reasons.push_back(where(at) + " holds a NUL character or a lone surrogate");
    } else if (value->IsObject()) {
      for (const auto& member : value->GetObject()) {
        if (bad(member.name)) {
          reasons.push_back("a member name in " + where(at) + " holds a NUL character or a lone surrogate");
        } else {
          pending.push_back({&member.value, paths.Member(at, {member.name.GetString(), member.name.GetStringLength()})});
        }
      }
    } else if (value->IsArray()) {
      size_t index = 0;
      for (const auto& item : value->GetArray()) pending.push_back({&item, paths.Item(at, index++)});
    }
  }
  if (reasons.empty()) return std::nullopt;
  return Invalid(std::move(reasons));
}

// The rule every body goes through first (see the header): *doc is an object
// when it answers nullopt.
std::optional<BodyRefusal> ParseObject(std::string_view body, rapidjson::Document* doc) {
  const bool blank = body.find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (blank) body = "{}";
  doc->Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(body.data(), body.size());
  if (doc->HasParseError()) {
    return BodyRefusal{"bad_request", "The body must be a JSON object.", {"the body is not valid JSON"}};
  }
  if (!doc->IsObject()) {
    return BodyRefusal{"bad_request", "The body must be a JSON object.", {"the body is JSON, but not an object"}};
  }
  if (auto refused = RefuseBadText(*doc)) return refused;
  return RefuseCardNumbers(*doc);
}

// The whole name: a cut one could end in a card number the whole name does not
// hold (the guard judged the whole; a run of more than 19 digits is none).
std::string UnknownParameter(const std::string& name) { return "unknown parameter: " + name; }

bool Allowed(const std::string& name, std::initializer_list<const char*> allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; });
}

// bad_request naming every member of `object` not in `allowed`.
std::optional<BodyRefusal> RefuseUnknownMembers(const Json& object, std::initializer_list<const char*> allowed) {
  std::vector<std::string> reasons;
  for (const auto& member : object.GetObject()) {
    const std::string name = Str(member.name);
    if (!Allowed(name, allowed)) reasons.push_back(UnknownParameter(name));
  }
  if (reasons.empty()) return std::nullopt;
  return BodyRefusal{"bad_request", "The request has unknown parameters.", reasons};
}

// values / fixedValues: an object of strings or numbers (null clears a field).
void ReadFieldInputs(const Json& body, const char* name, bool fix, std::vector<FieldInput>* inputs,
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
void ReadString(const Json& body, const char* name, size_t max, std::string* out, std::vector<std::string>* reasons) {
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

// An optional integer member of minutes in [min, max].
std::optional<std::chrono::minutes> ReadMinutes(const Json& body, const char* name, int64_t min, int64_t max,
                                                std::vector<std::string>* reasons) {
  auto it = body.FindMember(name);
  if (it == body.MemberEnd() || it->value.IsNull()) return std::nullopt;
  if (!it->value.IsInt64() || it->value.GetInt64() < min || it->value.GetInt64() > max) {
    reasons->push_back(std::string(name) + " must be an integer from " + std::to_string(min) + " to " +
                       std::to_string(max) + " (minutes)");
    return std::nullopt;
  }
  return std::chrono::minutes(it->value.GetInt64());
}

// Create's `metadata`: an object of strings; "" and null are no key.
void ReadMetadata(const Json& body, Metadata* metadata, std::vector<std::string>* reasons) {
  auto it = body.FindMember("metadata");
  if (it == body.MemberEnd() || it->value.IsNull()) return;
  if (!it->value.IsObject()) {
    reasons->push_back("metadata must be an object of strings");
    return;
  }
  for (const auto& member : it->value.GetObject()) {
    if (member.value.IsString()) {
      if (member.value.GetStringLength() > 0) (*metadata)[Str(member.name)] = Str(member.value);
    } else if (!member.value.IsNull()) {
      reasons->push_back("metadata." + Str(member.name) + " must be a string");
    }
  }
  std::vector<std::string> limits = MetadataProblems(*metadata);
  reasons->insert(reasons->end(), limits.begin(), limits.end());
}

BodyRefusal InvalidMetadata(std::vector<std::string> reasons) {
  return {"donation_session/invalid_metadata", "The metadata is invalid.", std::move(reasons)};
}

// A commerce session's `amount` and `campaigns`.
void ReadCommerceTerms(const Json& body, CommerceCreateRequest* create, std::vector<std::string>* reasons) {
  if (auto it = body.FindMember("amount"); it != body.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsString() || it->value.GetStringLength() > 32) {
      reasons->push_back("amount must be a decimal string such as \"1.50\"");
    } else {
      create->amount = Str(it->value);
    }
  }
  if (auto it = body.FindMember("campaigns"); it != body.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsArray() || it->value.Size() > kMaxCampaigns) {
      reasons->push_back("campaigns must be an array of at most " + std::to_string(kMaxCampaigns) + " form ids");
    } else {
      for (const auto& item : it->value.GetArray()) {
        if (!item.IsString() || item.GetStringLength() == 0 || item.GetStringLength() > kMaxFormIdLength) {
          reasons->push_back("campaigns must hold form ids (strings of 1-64 characters)");
          break;
        }
        create->campaigns.push_back(Str(item));
      }
    }
  }
}

// The SEPA bodies: only `allowed` members, each a string or null (absent).
std::optional<BodyRefusal> StringMembers(std::string_view body, std::initializer_list<const char*> allowed,
                                         std::map<std::string, std::string>* out) {
  rapidjson::Document doc;
  if (auto refused = ParseObject(body, &doc)) return refused;
  std::vector<std::string> reasons;
  for (const auto& member : doc.GetObject()) {
    const std::string name = Str(member.name);
    if (!Allowed(name, allowed)) {
      reasons.push_back(UnknownParameter(name));
    } else if (member.value.IsNull()) {
      continue;
    } else if (!member.value.IsString()) {
      reasons.push_back(name + " must be a string");
    } else {
      (*out)[name] = Str(member.value);
    }
  }
  if (!reasons.empty()) return Invalid(std::move(reasons));
  return std::nullopt;
}

std::string Get(const std::map<std::string, std::string>& m, const char* key) {
  auto it = m.find(key);
  return it == m.end() ? std::string() : it->second;
}

}  // namespace

Decoded<CreateSessionBody> DecodeCreateSession(std::string_view text, const FormRegistry* forms) {
  rapidjson::Document body;
  if (auto refused = ParseObject(text, &body)) return *refused;
  if (auto refused = RefuseUnknownMembers(body, {"formId", "values", "fixedValues", "metadata", "successUrl", "userId",
                                                 "accountId", "language", "currency", "expiresIn", "type",
                                                 "sandbox", "amount", "campaigns"})) {
    return *refused;
  }
  std::vector<std::string> reasons;
  std::string form_id;
  ReadString(body, "formId", kMaxFormIdLength, &form_id, &reasons);
  std::string type;
  ReadString(body, "type", 40, &type, &reasons);
  // donation_form (the default) or a commerce type; anything else goes to the
  // commerce rules alone, which refuse it by type before anything else.
  const bool commerce = !type.empty() && type != kDefaultSessionType;
  if (SessionType parsed; commerce && !ParseSessionType(type, &parsed)) {
    CommerceCreateRequest unknown;
    unknown.type = std::move(type);
    return CreateSessionBody(std::move(unknown));
  }
  CommerceCreateRequest terms;
  if (commerce) {
    ReadCommerceTerms(body, &terms, &reasons);
    if (body.HasMember("values") || body.HasMember("fixedValues")) {
      reasons.push_back("a " + type + " session has no form values (values, fixedValues)");
    }
  } else {
    if (form_id.empty() && reasons.empty()) reasons.push_back("formId is required");
    if (body.HasMember("amount") || body.HasMember("campaigns")) {
      reasons.push_back("amount and campaigns belong to the commerce session types (type)");
    }
  }
  SessionAttributes attributes;
  ReadString(body, "successUrl", kMaxUrlLength, &attributes.success_url, &reasons);
  if (!attributes.success_url.empty()) {
    // The form's allowed_redirect_origins when the session has a form (an
    // unknown formId is refused as such by the service); the URL's shape alone
    // for a commerce session without one.
    const Form* form = form_id.empty() || !forms ? nullptr : forms->FindById(form_id);
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
  std::optional<std::chrono::minutes> ttl =
      ReadMinutes(body, "expiresIn", kMinSessionTtlMinutes, kMaxSessionTtlMinutes, &reasons);
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
  ReadMetadata(body, &metadata, &metadata_reasons);
  if (!reasons.empty()) return Invalid(std::move(reasons));
  if (!metadata_reasons.empty()) return InvalidMetadata(std::move(metadata_reasons));

  if (commerce) {
    terms.type = std::move(type);
    terms.form_id = std::move(form_id);
    terms.sandbox = sandbox;
    terms.attributes = std::move(attributes);
    terms.ttl = ttl;
    terms.metadata = std::move(metadata);
    return CreateSessionBody(std::move(terms));
  }
  RestCreateRequest create;
  create.form_id = std::move(form_id);
  create.sandbox = sandbox;
  create.attributes = std::move(attributes);
  create.inputs = std::move(inputs);
  create.ttl = ttl;
  create.metadata = std::move(metadata);
  return CreateSessionBody(std::move(create));
}

Decoded<PatchSessionBody> DecodePatchSession(std::string_view text) {
  rapidjson::Document body;
  if (auto refused = ParseObject(text, &body)) return *refused;
  if (auto refused = RefuseUnknownMembers(body, {"values", "fixedValues", "metadata"})) return *refused;
  std::vector<std::string> reasons;
  PatchSessionBody patch;
  ReadFieldInputs(body, "values", false, &patch.inputs, &reasons);
  ReadFieldInputs(body, "fixedValues", true, &patch.inputs, &reasons);
  std::vector<std::string> metadata_reasons;
  if (auto it = body.FindMember("metadata"); it != body.MemberEnd()) {
    if (!it->value.IsObject()) {
      metadata_reasons.push_back("metadata must be an object of strings (null removes a key)");
    } else {
      patch.metadata.emplace();
      for (const auto& member : it->value.GetObject()) {
        if (member.value.IsString()) {
          (*patch.metadata)[Str(member.name)] = Str(member.value);
        } else if (member.value.IsNull()) {
          (*patch.metadata)[Str(member.name)] = std::nullopt;
        } else {
          metadata_reasons.push_back("metadata." + Str(member.name) + " must be a string or null");
        }
      }
    }
  }
  if (!reasons.empty()) return Invalid(std::move(reasons));
  if (!metadata_reasons.empty()) return InvalidMetadata(std::move(metadata_reasons));
  return patch;
}

Decoded<ProcessSessionBody> DecodeProcessSession(std::string_view text) {
  rapidjson::Document body;
  if (auto refused = ParseObject(text, &body)) return *refused;
  if (auto refused = RefuseUnknownMembers(body, {"expiresIn"})) return *refused;
  std::vector<std::string> reasons;
  ProcessSessionBody process;
  process.extend = ReadMinutes(body, "expiresIn", SessionLifecycle::kMinProcessExtension.count(),
                               SessionLifecycle::kMaxProcessExtension.count(), &reasons);
  if (!reasons.empty()) return Invalid(std::move(reasons));
  return process;
}

Decoded<NoMembers> DecodeNoMembers(std::string_view text) {
  rapidjson::Document body;
  if (auto refused = ParseObject(text, &body)) return *refused;
  if (auto refused = RefuseUnknownMembers(body, {})) return *refused;
  return NoMembers{};
}

Decoded<ChooseCampaignBody> DecodeChooseCampaign(std::string_view text) {
  rapidjson::Document body;
  if (auto refused = ParseObject(text, &body)) return *refused;
  if (auto refused = RefuseUnknownMembers(body, {"campaign"})) return *refused;
  std::vector<std::string> reasons;
  ChooseCampaignBody choice;
  ReadString(body, "campaign", kMaxFormIdLength, &choice.campaign, &reasons);
  if (!reasons.empty()) return Invalid(std::move(reasons));
  if (choice.campaign.empty()) {
    return BodyRefusal{"donation_session/campaign_required", "A campaign is required.",
                       {"send {\"campaign\": \"<form id>\"}"}};
  }
  return choice;
}

Decoded<AllocationsBody> DecodeAllocations(std::string_view text) {
  rapidjson::Document body;
  if (auto refused = ParseObject(text, &body)) return *refused;
  if (auto refused = RefuseUnknownMembers(body, {"allocations"})) return *refused;
  AllocationsBody out;
  std::vector<std::string> problems;
  auto it = body.FindMember("allocations");
  if (it != body.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsArray() || it->value.Size() > kMaxAllocations) {
      return Invalid({"allocations must be an array of at most " + std::to_string(kMaxAllocations) + " objects"});
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
        const bool text_ok = member.value.IsString() && member.value.GetStringLength() <= 64;
        if (name == "campaign" && text_ok) {
          input.campaign = Str(member.value);
        } else if (name == "amount" && text_ok) {
          input.amount = Str(member.value);
        } else if (name == "currency" && text_ok) {
          input.currency = Str(member.value);
        } else if (name == "campaign" || name == "amount" || name == "currency") {
          problems.push_back(at + "." + name + " must be a string" + (name == "amount" ? " such as \"1.50\"" : ""));
        } else {
          problems.push_back(at + ": unknown parameter " + name);
        }
      }
      out.allocations.push_back(std::move(input));
    }
  }
  if (!problems.empty()) {
    return BodyRefusal{"donation_session/invalid_allocations", "The allocations are invalid.", std::move(problems)};
  }
  return out;
}

Decoded<WebhookEndpointBody> DecodeWebhookEndpoint(std::string_view text) {
  rapidjson::Document doc;
  if (auto refused = ParseObject(text, &doc)) return *refused;
  WebhookEndpointBody out;
  std::vector<std::string> reasons;
  bool has_url = false, has_events = false;
  for (const auto& member : doc.GetObject()) {
    const std::string name = Str(member.name);
    const auto& v = member.value;
    if (name == "url") {
      if (!v.IsString()) {
        reasons.push_back("url must be a string");
      } else {
        out.url = Str(v);
        has_url = true;
      }
    } else if (name == "events") {
      if (!v.IsArray()) {
        reasons.push_back("events must be an array of event types, or [\"*\"]");
        continue;
      }
      has_events = true;
      for (const auto& item : v.GetArray()) {
        if (!item.IsString()) {
          reasons.push_back("events must hold strings");
          break;
        }
        out.events.push_back(Str(item));
      }
    } else if (name == "formId") {
      if (v.IsNull()) continue;
      if (!v.IsString()) {
        reasons.push_back("formId must be a string");
      } else {
        out.form_id = Str(v);
      }
    } else {
      reasons.push_back(UnknownParameter(name));
    }
  }
  if (!has_url) reasons.push_back("url is required");
  if (!has_events) reasons.push_back("events is required");
  if (!reasons.empty()) return Invalid(std::move(reasons));
  return out;
}

Decoded<SepaExportBody> DecodeSepaExport(std::string_view text) {
  std::map<std::string, std::string> body;
  if (auto refused = StringMembers(text, {"creditorId", "until", "format"}, &body)) return *refused;
  std::vector<std::string> reasons;
  SepaExportBody out;
  out.creditor_id = Get(body, "creditorId");
  if (out.creditor_id.empty()) reasons.push_back("creditorId is required");
  if (body.count("until")) {
    out.until = sepa::ParseIsoDate(body["until"]);
    if (!out.until) reasons.push_back("until must be a date YYYY-MM-DD");
  }
  if (body.count("format") && !sepa::ParsePain008Format(body["format"], &out.format)) {
    reasons.push_back("format must be pain.008.001.08 or pain.008.001.02");
  }
  if (!reasons.empty()) return Invalid(std::move(reasons));
  return out;
}

Decoded<MandateCancelBody> DecodeMandateCancel(std::string_view text) {
  std::map<std::string, std::string> body;
  if (auto refused = StringMembers(text, {"creditorId"}, &body)) return *refused;
  return MandateCancelBody{Get(body, "creditorId")};
}

Decoded<CollectionReturnBody> DecodeCollectionReturn(std::string_view text) {
  std::map<std::string, std::string> body;
  if (auto refused = StringMembers(text, {"reasonCode"}, &body)) return *refused;
  CollectionReturnBody out{Get(body, "reasonCode")};
  if (out.reason_code.empty()) return Invalid({"reasonCode is required, e.g. AC04 or MD06"});
  return out;
}

Decoded<NoMembers> DecodeTransferReceived(std::string_view text) {
  std::map<std::string, std::string> body;
  if (auto refused = StringMembers(text, {}, &body)) return *refused;
  return NoMembers{};
}

}  // namespace prefill
